"""The demo's people: 1,084 grid leaders at four levels, 1,643 grid officers and 612
instructors in post on the demo's last day, and their assignments over its years.

- District level: 3 leaders (总网格长 and two deputies); town level: 2 per town (the party
  secretary and the mayor); community level: one per village or community (its party
  secretary); grid level: the rest, some of them leading two neighbouring grids.
- Every grid has a grid officer; the most populous grids have a second one.
- Every instructor guides one or two grids of one community.
- A few officers are away for some weeks during the last year, leaving their grid without
  an officer: routing falls back to the community (属地兜底) then.
- Over a history of several years, grid officers come and go (`turnover`): each post's
  earlier holders are officers of their own, with assignments that end when the next one
  takes over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from .names import person_names, phone_numbers

DISTRICT_LEADERS = 3
TOWN_LEADERS_PER_TOWN = 2
ABSENCES = 36
TURNOVER = 0.08  # share of grid officer posts changing hands in a year


@dataclass
class People:
    start: date  # when the platform's assignments took effect
    officers: list[dict] = field(default_factory=list)  # rows for `officers`, fid = index + 1
    assignments: list[dict] = field(default_factory=list)

    def add(self, code, name, phone, role, level=None, post=None) -> int:
        self.officers.append(
            dict(
                fid=len(self.officers) + 1,
                code=code,
                name=name,
                phone=phone,
                role=role,
                level=level,
                post=post,
            )
        )
        return len(self.officers)

    def assign(self, officer_id, role, level, scope_code, valid_from=None, valid_to=None) -> None:
        self.assignments.append(
            dict(
                officer_id=officer_id,
                role=role,
                scope_level=level,
                scope_code=scope_code,
                valid_from=(valid_from or self.start).isoformat(),
                valid_to=None if valid_to is None else valid_to.isoformat(),
            )
        )


def build(
    rng,
    town_codes,
    community_codes,
    community_of_grid,
    grid_codes,
    grid_population,
    start: date,
    absences_from: date,
    leaders=1084,
    officers=1643,
    instructors=612,
) -> People:
    """Officers and assignments from `start`; `community_of_grid[g]` indexes
    `community_codes`. Absences fall in the 230 days from `absences_from`."""
    grids_by_community = [[] for _ in community_codes]
    for g, c in enumerate(community_of_grid):
        grids_by_community[c].append(g)
    grid_leaders = (
        leaders - DISTRICT_LEADERS - TOWN_LEADERS_PER_TOWN * len(town_codes) - len(community_codes)
    )
    shared = len(grid_codes) - grid_leaders  # leaders who lead two grids
    if not 0 <= shared <= len(grid_codes) // 2:
        raise ValueError(f"{grid_leaders} grid-level leaders cannot lead {len(grid_codes)} grids")
    extra_officers = officers - len(grid_codes)
    if not 0 <= extra_officers <= len(grid_codes):
        raise ValueError(f"{officers} officers cannot cover {len(grid_codes)} grids")
    two_grid_instructors = len(grid_codes) - instructors
    if not 0 <= two_grid_instructors <= len(grid_codes) // 2:
        raise ValueError(f"{instructors} instructors cannot guide {len(grid_codes)} grids")

    total = leaders + officers + instructors
    names = iter(person_names(rng, total))
    phones = iter(phone_numbers(rng, total))
    people = People(start)
    counters = {"L": 0, "G": 0, "I": 0}

    def person(prefix, role, level=None, post=None):
        counters[prefix] += 1
        return people.add(
            f"{prefix}{counters[prefix]:05d}", next(names), next(phones), role, level, post
        )

    district = town_codes[0][:6]
    for post in ("区级总网格长", "区级副总网格长", "区级副总网格长"):
        people.assign(
            person("L", "grid_leader", "district", post), "grid_leader", "district", district
        )
    for town in town_codes:
        for post in ("镇级网格长（党委书记）", "镇级副网格长（镇长）"):
            people.assign(person("L", "grid_leader", "town", post), "grid_leader", "town", town)
    for community in community_codes:
        leader = person("L", "grid_leader", "community", "村（社区）网格长")
        people.assign(leader, "grid_leader", "community", community)

    # Grid leaders: pairs of neighbouring grids (consecutive codes) share one in the
    # communities with the most grids, until the count fits.
    pairs = _pairs(grids_by_community, shared)
    for group in pairs:
        leader = person("L", "grid_leader", "grid", "网格长")
        for g in group:
            people.assign(leader, "grid_leader", "grid", grid_codes[g])

    # Grid officers: one per grid, a second in the most populous grids.
    officer_of = {}
    for g, code in enumerate(grid_codes):
        officer_of[g] = person("G", "grid_officer", post="专职网格员")
        people.assign(officer_of[g], "grid_officer", "grid", code)
    busiest = np.argsort(-np.asarray(grid_population), kind="stable")[:extra_officers]
    for g in sorted(busiest):
        people.assign(
            person("G", "grid_officer", post="专职网格员"), "grid_officer", "grid", grid_codes[g]
        )

    for group in _pairs(grids_by_community, two_grid_instructors):
        instructor = person("I", "instructor", post="网格指导员")
        for g in group:
            people.assign(instructor, "instructor", "grid", grid_codes[g])

    _absences(rng, people, grid_codes, officer_of, set(busiest.tolist()), absences_from)
    return people


def _pairs(grids_by_community, pair_count):
    """Groups covering every grid once: `pair_count` pairs of consecutive grids of one
    community (communities with the most grids first), the rest alone."""
    order = sorted(range(len(grids_by_community)), key=lambda c: -len(grids_by_community[c]))
    groups = []
    left = pair_count
    for c in order:
        grids = grids_by_community[c]
        i = 0
        while i < len(grids):
            if left and i + 1 < len(grids):
                groups.append((grids[i], grids[i + 1]))
                left -= 1
                i += 2
            else:
                groups.append((grids[i],))
                i += 1
    if left:
        raise ValueError(f"{left} pairs could not be formed")
    return sorted(groups)


def _absences(rng, people, grid_codes, officer_of, staffed_twice, first_day):
    """Some single-officer grids lose their officer for a while (leave, training): the
    assignment ends at `left` and a new one starts at `back`, so the history shows a gap."""
    single = [g for g in range(len(grid_codes)) if g not in staffed_twice]
    chosen = rng.choice(single, size=min(ABSENCES, len(single)), replace=False)
    by_officer_grid = {
        (a["officer_id"], a["scope_code"]): a
        for a in people.assignments
        if a["role"] == "grid_officer"
    }
    for g in sorted(chosen.tolist()):
        code = grid_codes[g]
        assignment = by_officer_grid[(officer_of[g], code)]
        left = first_day + timedelta(days=int(rng.integers(0, 200)))
        back = left + timedelta(days=int(rng.integers(7, 30)))
        assignment["valid_to"] = left.isoformat()
        people.assign(officer_of[g], "grid_officer", "grid", code, valid_from=back)


def start_on(people: People, scope_code: str, day: date) -> None:
    """The assignments to a grid made when it was created on `day` start then."""
    for a in people.assignments:
        if a["scope_code"] == scope_code and a["valid_from"] < day.isoformat():
            a["valid_from"] = day.isoformat()


def turnover(rng, people: People, years) -> int:
    """Grid officer posts change hands in `years` (timeline.Year, earliest first): each
    post's earlier holders become officers of their own whose assignments end the day
    the next holder's begin. Returns how many officers left."""
    first = {}
    for a in people.assignments:
        key = (a["officer_id"], a["scope_code"])
        if a["role"] == "grid_officer" and (
            key not in first or a["valid_from"] < first[key]["valid_from"]
        ):
            first[key] = a
    posts = list(first.values())  # an absence splits a post in two: the first counts
    handovers = []
    for post in posts:
        since = date.fromisoformat(post["valid_from"])
        days = []
        for year in years:
            if rng.random() < TURNOVER:
                earliest = max(year.start.date(), since + timedelta(days=30))
                last = year.end.date() - timedelta(days=1)
                if earliest < last:
                    offset = int(rng.integers((last - earliest).days))
                    days.append(earliest + timedelta(days=offset))
        handovers.append(sorted(set(days)))
    count = sum(len(days) for days in handovers)
    names = iter(person_names(rng, count))
    used = {o["phone"] for o in people.officers}
    phones = []
    while len(phones) < count:
        phones += [p for p in phone_numbers(rng, count) if p not in used][: count - len(phones)]
        used.update(phones)
    phones = iter(phones)
    serial = max(int(o["code"][1:]) for o in people.officers if o["code"].startswith("G"))
    for post, days in zip(posts, handovers):
        since = date.fromisoformat(post["valid_from"])
        for day in days:
            serial += 1
            former = people.add(
                f"G{serial:05d}", next(names), next(phones), "grid_officer", post="专职网格员"
            )
            people.assign(former, "grid_officer", "grid", post["scope_code"], since, day)
            since = day
        post["valid_from"] = since.isoformat()
    return count
