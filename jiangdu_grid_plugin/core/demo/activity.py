"""The demo's activity: the coded facilities of the census, each year's incidents with
their six-step histories (escalations included), and enforcement cases.

Places come from the population surface of `geography`: facilities crowd the central
urban area (仙女镇 and the built-up part of 大桥镇), incidents follow people, enforcement
concentrates in the development zone (大桥镇) and town centres. Every point lies in the
grid its row names.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import numpy as np
import shapely

from ..codes import DISTRICT_CODE
from ..reference_data import FACILITY_CLASSES, MAJOR_CLASSES
from ..timestamps import CHINA_TZ, to_datetime_text
from .geography import CELL, TOWNS
from .history import grids_in_force
from .loop import KEEP, history
from .names import person_names, phone_numbers

FACILITIES = 220_000
XIANNU, DAQIAO = 0, 10  # positions in TOWNS
CENSUS_DAYS = 214  # the facility census ran from a month into the trial run for 7 months

_ROADS = (
    "龙川路",
    "仙城路",
    "文昌路",
    "长江路",
    "江都北路",
    "江都南路",
    "大桥路",
    "引江路",
    "舜天路",
    "工农路",
    "三星路",
    "滨江路",
    "沿河路",
    "建设路",
    "人民路",
    "振兴路",
    "利民路",
    "新都路",
    "商城路",
    "锦江路",
)


class Locator:
    """The grid containing each point (the demo's points never lie on a boundary)."""

    def __init__(self, grids):
        self.tree = shapely.STRtree(grids)

    def grids_of(self, xy: np.ndarray) -> np.ndarray:
        points = shapely.points(xy)
        point_index, grid_index = self.tree.query(points, predicate="within")
        result = np.full(len(xy), -1)
        result[point_index] = grid_index
        return result


def _sample_points(rng, geography, locator, count, weight):
    """`count` points drawn from the population cells by `weight`, placed uniformly in
    their cell, each inside a grid; returns xy and grid indices."""
    xy = np.empty((0, 2))
    grid = np.empty(0, dtype=int)
    probability = weight / weight.sum()
    while len(xy) < count:
        need = int((count - len(xy)) * 1.05) + 10
        cells = rng.choice(len(probability), size=need, p=probability)
        candidate = geography.cell_xy[cells] + rng.uniform(-CELL / 2, CELL / 2, size=(need, 2))
        found = locator.grids_of(candidate)
        keep = found >= 0
        xy = np.concatenate([xy, candidate[keep]])
        grid = np.concatenate([grid, found[keep]])
    return xy[:count], grid[:count]


def _town_weight(geography, cell_town, town_share, sigma=None):
    """Cell weights: people, scaled per town to `town_share`, optionally concentrated
    within `sigma` metres of the town seat."""
    weight = np.zeros(len(geography.cell_xy))
    for t, share in enumerate(town_share):
        mine = cell_town == t
        if not mine.any() or share == 0:
            continue
        w = geography.cell_people[mine].copy()
        if sigma is not None:
            d2 = ((geography.cell_xy[mine] - geography.seats[t]) ** 2).sum(axis=1)
            w *= np.exp(-d2 / (2 * sigma[t] ** 2))
        weight[mine] = share * w / w.sum()
    return weight


def facilities(
    rng, geography, locator, cell_town, grid_codes, census_start: date, now: datetime, count
) -> tuple:
    """`count` coded facilities surveyed from `census_start`; in a store of several years
    their later changes (damage, loss, retirement) spread over the years to `now`."""
    share = np.full(len(TOWNS), 0.10 / (len(TOWNS) - 2))
    share[XIANNU], share[DAQIAO] = 0.72, 0.18
    sigma = np.full(len(TOWNS), 1200.0)
    sigma[XIANNU], sigma[DAQIAO] = 4000.0, 2500.0
    weight = _town_weight(geography, cell_town, share, sigma)
    xy, grid = _sample_points(rng, geography, locator, count, weight)

    class_weights = np.array(
        [
            _CLASS_WEIGHT.get(c.code[:2], 1.0) * (3.0 if c.code in _COMMON else 1)
            for c in FACILITY_CLASSES
        ]
    )
    classes = rng.choice(len(FACILITY_CLASSES), size=count, p=class_weights / class_weights.sum())
    # Serials run per class in survey order: grid by grid, west to east.
    order = np.lexsort((xy[:, 0], grid, classes))
    serial = np.empty(count, dtype=int)
    counters = {}
    for i in order:
        counters[classes[i]] = counters.get(classes[i], 0) + 1
        serial[i] = counters[classes[i]]
    states = rng.choice(
        ["intact", "damaged", "lost", "occupied"], size=count, p=[0.93, 0.04, 0.01, 0.02]
    )
    retired = rng.random(count) < 0.006
    sources = rng.choice(
        ["rtk_survey", "gnss_handheld", "digitised"], size=count, p=[0.7, 0.25, 0.05]
    )
    surveyed = [census_start + timedelta(days=int(d)) for d in rng.integers(0, CENSUS_DAYS, count)]
    today = now.date()
    # Within a year of the census its changes come weeks after it; over longer histories
    # they come any time until today.
    spread = (today - census_start).days > 400
    rows = []
    for i in range(count):
        spec = FACILITY_CLASSES[classes[i]]
        town = grid_codes[grid[i]][6:9]
        competent = spec.competent_unit_code
        changed = None
        if states[i] != "intact" or retired[i]:
            latest = (today - surveyed[i]).days if spread else 60
            changed = surveyed[i] + timedelta(days=int(rng.integers(5, max(6, latest))))
        rows.append(
            dict(
                code=f"{DISTRICT_CODE}{spec.code}{serial[i]:06d}",
                class_code=spec.code,
                name=spec.name,
                competent_unit_code=competent,
                owner_unit_code=competent if competent != "002" else _TOWN_UNIT[town],
                maintenance_unit_code=competent,
                state=states[i],
                in_use=0 if retired[i] else 1,
                grid_code=grid_codes[grid[i]],
                coord_source=str(sources[i]),
                surveyed_on=surveyed[i].isoformat(),
                changed_on=None if changed is None else min(changed, today).isoformat(),
                retired_on=None if not retired[i] else min(changed, today).isoformat(),
                remark=None,
            )
        )
    return rows, xy


_CLASS_WEIGHT = {"01": 6.0, "02": 2.5, "03": 2.0, "04": 3.0, "05": 0.3, "06": 0.4, "07": 0.5}
_COMMON = {"0101", "0102", "0103", "0104", "0105", "0107", "0113", "0302", "0402"}
_TOWN_UNIT = {f"{100 + t:03d}": f"{50 + t:03d}" for t in range(len(TOWNS))}
assert set(MAJOR_CLASSES) == {c.code[:2] for c in FACILITY_CLASSES}


class Staffing:
    """Who answers for a grid on a given day: its officers and its community's leader."""

    def __init__(self, people, grid_codes):
        self.officers = {code: [] for code in grid_codes}
        self.community_leader = {}
        self.district_leaders = []
        self.names = {o["fid"]: (o["name"], o["phone"]) for o in people.officers}
        for a in people.assignments:
            start = date.fromisoformat(a["valid_from"])
            end = date.fromisoformat(a["valid_to"]) if a["valid_to"] else date.max
            if a["role"] == "grid_officer":
                self.officers[a["scope_code"]].append((start, end, a["officer_id"]))
            elif a["role"] == "grid_leader" and a["scope_level"] == "community":
                self.community_leader[a["scope_code"]] = a["officer_id"]
            elif a["role"] == "grid_leader" and a["scope_level"] == "district":
                self.district_leaders.append(a["officer_id"])

    def responder(self, grid_code: str, day: date) -> tuple[int, str]:
        """The grid officer on duty, or the community's leader (属地兜底) if none is."""
        for start, end, officer in self.officers[grid_code]:
            if start <= day < end:
                return officer, "grid_officer"
        return self.community_leader[grid_code[:12]], "grid_leader"


# Reports by month (January first): fewer around the Spring Festival, more in the wet,
# hot months when drains, roadside stalls and construction sites keep officers busy.
SEASON = (0.85, 0.8, 0.95, 1.0, 1.05, 1.1, 1.15, 1.15, 1.05, 1.0, 0.95, 0.9)
WEEKEND = 0.8  # fewer patrols and calls on Saturdays and Sundays
ROLLOUT = (0.5, 0.7, 0.85)  # the trial run's first three months, of the settled volume


def _volume_times(rng, count, plan):
    """`count` report times in the plan's year: by season, weekday and the year's growth
    (the trial run also by its rollout), by day mostly (08:00-20:00 China time)."""
    year = plan.year
    days = year.days
    weight = np.array([SEASON[d.month - 1] * (WEEKEND if d.weekday() >= 5 else 1.0) for d in days])
    weight *= plan.growth ** (np.arange(len(days)) / len(days))
    if year.is_trial:
        month = np.arange(len(days)) // 30
        weight *= np.array([ROLLOUT[m] if m < len(ROLLOUT) else 1.0 for m in month])
    midnight = datetime.combine(days[0], time(), CHINA_TZ)
    times = []
    while len(times) < count:
        need = count - len(times)
        day = rng.choice(len(days), size=need, p=weight / weight.sum())
        hour = np.where(rng.random(need) < 0.85, rng.uniform(8, 20, need), rng.uniform(0, 24, need))
        for d, h in zip(day.tolist(), hour.tolist()):
            moment = midnight + timedelta(days=d, hours=h)
            if year.start <= moment < year.end:  # the year's first and last days are partial
                times.append(moment)
    return times


_OPEN_STEPS = ("reported", "registered", "dispatched", "handled")
_OPEN_STEP_SHARE = (0.08, 0.10, 0.62, 0.20)
_OPEN_STEPS_ALL = (*_OPEN_STEPS, "extension_requested", "suspended")
_CATEGORY_SHARE = {"01": 0.42, "02": 0.20, "03": 0.14, "04": 0.12, "05": 0.12}


def incidents(
    rng,
    geography,
    locator,
    grid_codes,
    community_names,
    town_names,
    staffing,
    catalog,
    units,
    plan,
    now,
    changes=(),
    first_fid=1,
    per_day=None,
):
    """The plan's incidents: rows, points and step rows; `units` maps a unit code to its
    (short name, kind); `changes` are the grid changes (history.GridChange) whose earlier
    boundaries the incidents before them name; fids start at `first_fid`, and `per_day`
    counts the tickets of each day across calls."""
    per_day = {} if per_day is None else per_day
    total = plan.incidents
    xy, grid = _sample_points(rng, geography, locator, total, geography.cell_people**1.15)
    times = _volume_times(rng, total, plan)
    share = np.array([_CATEGORY_SHARE[item.category_code] for item in catalog])
    items = rng.choice(len(catalog), size=total, p=share / share.sum())
    target = np.full(total, "closed", dtype=object)
    if plan.in_progress:
        # The most recent reports are the ones still in progress; most of them are within
        # their deadline, a few have been stuck for weeks.
        age_days = np.array([(now - t).total_seconds() / 86400 for t in times])
        open_weight = np.exp(-age_days / 6.0) + 0.002
        is_open = rng.choice(
            total, size=plan.in_progress, replace=False, p=open_weight / open_weight.sum()
        )
        target[is_open] = rng.choice(_OPEN_STEPS, size=plan.in_progress, p=_OPEN_STEP_SHARE)
        for i in is_open[rng.random(plan.in_progress) < 0.85]:
            hours = catalog[items[i]].deadline_hours * rng.uniform(0.05, 0.9)
            times[i] = now - timedelta(hours=float(hours))
    age_days = np.array([(now - t).total_seconds() / 86400 for t in times])
    settled = np.flatnonzero((target == "closed") & (age_days > 0.3))
    target[rng.choice(settled, size=plan.rejected, replace=False)] = "rejected"
    hotline = plan.hotline_share
    sources = rng.choice(
        ["patrol", "hotline_12345", "police_sentiment", "duty_linkage"],
        size=total,
        p=[0.85 - hotline, hotline, 0.05, 0.10],
    ).astype(object)
    old_closed = np.flatnonzero((target == "closed") & (age_days > 20))
    sources[rng.choice(old_closed, size=plan.superior, replace=False)] = "superior"
    late = rng.random(total) < plan.late_share
    callers = person_names(rng, total)
    caller_phones = phone_numbers(rng, total)
    desks = person_names(rng, 5 + 3 * len(TOWNS))  # district and town command centres
    roads = rng.integers(len(_ROADS), size=total)
    numbers = rng.integers(1, 300, size=total)
    grids_in_force(changes, grid, xy, [t.date() for t in times])
    # The moves beside the six steps draw from a stream of their own (core/demo/loop.py).
    practice = np.random.default_rng([first_fid, total, 311])

    rows, steps = [], []
    # Incidents are numbered in the order they were reported.
    order = sorted(range(total), key=times.__getitem__)
    for fid, i in enumerate(order, start=first_fid):
        reported, code, item, source = times[i], grid_codes[grid[i]], catalog[items[i]], sources[i]
        day = reported.date()
        per_day[day] = per_day.get(day, 0) + 1
        responder, responder_role = staffing.responder(code, day)
        responder_name, responder_phone = staffing.names[responder]
        reporter_name = reporter_phone = None
        if source == "patrol":
            reporter_name, reporter_phone = responder_name, responder_phone
            reporter = (responder_role, responder_name, responder)
        elif source == "hotline_12345":
            reporter_name, reporter_phone = callers[i], caller_phones[i]
            reporter = ("citizen", reporter_name, None)
        elif source == "superior":
            leader = staffing.district_leaders[i % len(staffing.district_leaders)]
            reporter = ("superior", staffing.names[leader][0], leader)
        elif source == "police_sentiment":
            reporter = ("system", "公安网络舆情平台", None)
        else:
            reporter = ("system", "三级联动值班平台", None)
        unit_name, unit_kind = units[item.unit_code]
        by_unit = item.category_code in ("01", "03", "04") and unit_kind != "town"
        by_officer = (responder_role, responder_name, responder)
        handler, other = ("unit", unit_name, None), by_officer
        if not by_unit:
            handler, other = other, handler
        town = int(code[6:9]) - 100
        desk = desks[5 + 3 * town + i % 3] if i % 4 else desks[i % 5]
        on_time = source == "superior" or not late[i]
        moves = history(
            rng,
            practice,
            target[i],
            reported,
            reporter,
            desk,
            handler,
            other,
            item,
            on_time,
            now,
            source == "hotline_12345",
        )
        step = next(m["to_step"] for m in reversed(moves) if m["level"] is None)
        closes = [m["moment"] for m in moves if m["move"] == "close"]
        closed_at = closes[-1] if step in ("closed", "evaluated") else None
        deadlines = [m["deadline"] for m in moves if m["deadline"] is not KEEP]
        level = None  # the escalation it is under now: a new deadline or closing ends it
        for move in moves:
            if move["level"] is not None:
                level = move["level"]
            elif move["deadline"] is not KEEP or move["to_step"] not in _OPEN_STEPS_ALL:
                level = None
        community = community_names[code[:12]]
        road = _ROADS[roads[i]]
        rows.append(
            dict(
                fid=fid,
                ticket=f"JD{day:%Y%m%d}{per_day[day]:04d}",
                source=source,
                catalog_code=item.code,
                grid_code=code,
                town_code=code[:9],
                step=step,
                reported_at=to_datetime_text(reported),
                deadline_at=to_datetime_text(deadlines[-1])
                if deadlines and deadlines[-1] is not None
                else None,
                closed_at=None if closed_at is None else to_datetime_text(closed_at),
                updated_at=to_datetime_text(moves[-1]["moment"]),
                description=f"{community}{road}附近{item.name}",
                address=f"江都区{town_names[code[:9]]}{community}{road}{numbers[i]}号",
                reporter_name=reporter_name,
                reporter_phone=reporter_phone,
                route_rule="inside",
                located_by="coordinates",
                row_version=len(moves),
                escalation=level,
            )
        )
        for move in moves:
            role, name, officer_id = move["actor"]
            steps.append(
                dict(
                    incident_id=fid,
                    from_step=move["from_step"],
                    to_step=move["to_step"],
                    actor_role=role,
                    actor_name=name,
                    officer_id=officer_id,
                    at=to_datetime_text(move["moment"]),
                    note=move["note"],
                    escalated_to=move["level"],
                    move=move["move"],
                    deadline_at=None
                    if move["deadline_row"] is None
                    else to_datetime_text(move["deadline_row"]),
                    unit_code=move["unit_code"],
                    assignee_id=move["assignee_id"],
                    satisfaction=move["satisfaction"],
                )
            )
    return rows, xy[order], steps


def enforcement_cases(
    rng, geography, locator, cell_town, grid_codes, powers, plan, changes=(), numbers=None
):
    """The plan's enforcement cases, decided on the days of its year (the anniversary day
    belongs to the year it begins); `numbers` counts case numbers by office and calendar
    year across calls."""
    numbers = {} if numbers is None else numbers
    share = np.array([t.population for t in TOWNS], float)
    share = 0.45 * share / share.sum()
    share[DAQIAO] += 0.55
    sigma = np.full(len(TOWNS), 900.0)
    sigma[DAQIAO] = 2600.0
    weight = _town_weight(geography, cell_town, share, sigma)
    count = plan.enforcement_cases
    xy, grid = _sample_points(rng, geography, locator, count, weight)
    penalties = [p for p in powers if p.kind == "penalty"]
    coercive = [p for p in powers if p.kind == "coercive"]
    first = plan.year.start.date()
    days = (plan.year.end.date() - first).days
    decided = sorted(first + timedelta(days=int(d)) for d in rng.integers(0, days, count))
    grids_in_force(changes, grid, xy, decided)
    rows = []
    for i in range(count):
        code = grid_codes[grid[i]]
        zone = code[:9] == f"{DISTRICT_CODE}{100 + DAQIAO}"
        if rng.random() < 0.08:
            power, outcome, fine = (
                coercive[int(rng.integers(len(coercive)))],
                "sealed_or_seized",
                None,
            )
        else:
            power = penalties[int(rng.integers(len(penalties)))]
            outcome = str(
                rng.choice(
                    ["fined", "warning", "rectification_ordered", "confiscated", "no_violation"],
                    p=[0.58, 0.2, 0.14, 0.05, 0.03],
                )
            )
            fine = (
                float(round(np.exp(rng.uniform(np.log(200), np.log(50_000))), -1))
                if outcome == "fined"
                else None
            )
        prefix = "江开综执" if zone else "江城管执"
        key = (prefix, decided[i].year)
        numbers[key] = numbers.get(key, 0) + 1
        rows.append(
            dict(
                case_no=f"{prefix}〔{decided[i].year}〕{numbers[key]}号",
                power_code=power.code,
                grid_code=code,
                town_code=code[:9],
                decided_on=decided[i].isoformat(),
                outcome=outcome,
                fine_yuan=fine,
            )
        )
    return rows, xy


def town_of_cells(geography):
    """Index of the town of each population cell (they were drawn per town)."""
    town = np.full(len(geography.cell_xy), -1)
    for t, polygon in enumerate(geography.towns):
        inside = shapely.contains_xy(polygon, geography.cell_xy[:, 0], geography.cell_xy[:, 1])
        town[inside & (town < 0)] = t
    return town
