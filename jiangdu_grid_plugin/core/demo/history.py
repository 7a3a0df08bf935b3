"""The demo's years: how much happened in each, and how the grids changed.

The last year holds the report's figures exactly (23,923 closed, 698 in progress, 1,187
rejected, 17 dispatched by district leaders, 3,846 enforcement cases). Going back, each
year had a few percent fewer incidents than the next, fewer of them came through the
12345 hotline, more were rejected at verification and more were handled late; none is
still open. The first year is the platform's 297-day trial run, starting at half volume.

A few grids changed in the earlier years, the way the grid editor changes them: a grid
was split in two (the new one taking its community's next free code), or a boundary
between two neighbours moved. The earlier boundaries go to grid_versions with the dates
they were in force, and the incidents and cases of those days name the grid they lay in
then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import shapely

from .timeline import TRIAL_DAYS, Year

CLOSED = 23_923
IN_PROGRESS = 698
REJECTED = 1_187
SUPERIOR = 17  # problems district leaders dispatched through the three-level linkage
ENFORCEMENT_CASES = 3_846
HOTLINE_SHARE = 0.27  # of the last year's reports
LATE_SHARE = 0.07  # of the last year's cases, handled after their deadline
TRIAL_GROWTH = 1.15  # the volume at the end of the trial run over its settled start


@dataclass(frozen=True)
class YearPlan:
    """What a year holds: incidents by their state at the demo's clock, cases, and the
    shares that change over the years."""

    year: Year
    closed: int
    in_progress: int
    rejected: int
    superior: int
    enforcement_cases: int
    hotline_share: float
    late_share: float
    growth: float  # the volume at the end of the year over its start

    @property
    def incidents(self) -> int:
        return self.closed + self.in_progress + self.rejected


def plans(rng, years: list[Year], scale: float = 1.0) -> list[YearPlan]:
    """A plan per year, earliest first; `scale` shrinks every count (small test stores)."""
    last = years[-1]
    total = last_total = (CLOSED + IN_PROGRESS + REJECTED) * scale
    cases = ENFORCEMENT_CASES * scale
    result = [
        YearPlan(
            last,
            round(CLOSED * scale),
            round(IN_PROGRESS * scale),
            round(REJECTED * scale),
            round(SUPERIOR * scale),
            round(cases),
            HOTLINE_SHARE,
            LATE_SHARE,
            TRIAL_GROWTH if last.is_trial else 1.0,
        )
    ]
    rejected_share = REJECTED / (CLOSED + IN_PROGRESS + REJECTED)
    for year in reversed(years[:-1]):
        growth = float(rng.uniform(1.02, 1.08))  # the next year over this one
        total /= growth
        cases /= growth
        back = last.number - year.number
        volume = total
        if year.is_trial:
            volume *= TRIAL_DAYS / 365 * 0.8  # shorter, and it started at half volume
        rejected = round(volume * rejected_share * (1 + 0.04 * back))
        count = round(volume)
        result[-1] = _with_growth(result[-1], growth)
        result.append(
            YearPlan(
                year,
                count - rejected,
                0,
                rejected,
                int(rng.poisson(SUPERIOR * scale * volume / last_total)),
                round(cases * (TRIAL_DAYS / 365 if year.is_trial else 1)),
                max(0.05, HOTLINE_SHARE - 0.025 * back),
                min(0.2, LATE_SHARE + 0.012 * back),
                TRIAL_GROWTH if year.is_trial else 1.0,
            )
        )
    return result[::-1]


def _with_growth(plan: YearPlan, growth: float) -> YearPlan:
    """A full year grows through the year at the pace it grew over the year before."""
    if plan.year.is_trial:
        return plan
    return YearPlan(**{**plan.__dict__, "growth": growth})


@dataclass(frozen=True)
class GridChange:
    """Grid `kept` and its neighbour `other` (same community) as they are since `day`;
    before it, `moved` (all of `other` for a split, a strip of it for a boundary move)
    belonged to `kept`."""

    kind: str  # "split" or "boundary"
    day: date
    kept: int  # indices into the grids
    other: int
    moved: shapely.Geometry
    kept_before: shapely.Geometry
    other_before: shapely.Geometry | None  # None for a split: `other` did not exist


def grid_changes(rng, grids, grid_codes, community_of_grid, years: list[Year]) -> list:
    """One or two changes in each year but the last, on grids no other change touches."""
    earlier = years[:-1]
    if not earlier:
        return []
    polygons = np.array(grids, dtype=object)
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="intersects")
    same = np.array([community_of_grid[a] == community_of_grid[b] for a, b in zip(left, right)])
    pairs = [(int(a), int(b)) for a, b in zip(left[same], right[same]) if a != b]
    last_in_community = {}
    for g, code in enumerate(grid_codes):
        c = code[:12]
        if c not in last_in_community or code > grid_codes[last_in_community[c]]:
            last_in_community[c] = g
    splits = [(a, b) for a, b in pairs if last_in_community[grid_codes[b][:12]] == b]
    used: set[int] = set()
    changes = []
    for year in earlier:
        for _ in range(int(rng.integers(1, 3))):
            kind = "split" if rng.random() < 0.5 else "boundary"
            candidates = splits if kind == "split" else pairs
            for attempt in rng.permutation(len(candidates))[:50]:
                a, b = candidates[attempt]
                if {a, b} & used:
                    continue
                change = _change(kind, a, b, polygons, year, rng)
                if change is not None:
                    used.update(tree.query(polygons[[a, b]], predicate="intersects")[1].tolist())
                    changes.append(change)
                    break
    return sorted(changes, key=lambda change: change.day)


def _change(kind, a, b, polygons, year: Year, rng) -> GridChange | None:
    kept, other = polygons[a], polygons[b]
    if shapely.intersection(kept.boundary, other.boundary).length < 50:
        return None  # neighbours at a corner, or barely
    if kind == "split":
        moved, other_before = other, None
    else:
        moved = shapely.intersection(other, shapely.buffer(kept, 0.25 * np.sqrt(other.area)))
        other_before = shapely.difference(other, moved)
        if (
            other_before.geom_type != "Polygon"
            or not other_before.is_valid
            or other_before.area < 0.5 * other.area
        ):
            return None
    kept_before = shapely.union(kept, moved)
    if kept_before.geom_type != "Polygon" or not kept_before.is_valid:
        return None
    first, last = year.start.date() + timedelta(days=30), year.end.date() - timedelta(days=30)
    day = first + timedelta(days=int(rng.integers(max(1, (last - first).days))))
    return GridChange(kind, day, a, b, moved, kept_before, other_before)


def grids_in_force(changes: list[GridChange], grid: np.ndarray, xy: np.ndarray, days) -> None:
    """Rename, in place, the grid (index) of each point to the one it lay in on its day
    (`days`: numpy datetime64[D] or dates)."""
    days = np.asarray(days, dtype="datetime64[D]")
    for change in changes:
        before = days < np.datetime64(change.day)
        candidates = np.flatnonzero(before & (grid == change.other))
        if not len(candidates):
            continue
        if change.kind == "boundary":
            inside = shapely.contains_xy(change.moved, xy[candidates, 0], xy[candidates, 1])
            candidates = candidates[inside]
        grid[candidates] = change.kept
