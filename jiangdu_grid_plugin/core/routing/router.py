"""Routing: every incident to exactly one grid, and from there to the people and the unit
who answer for it (事件定位与派遣).

The rules, in the order they are tried:

- ``inside``: the point is in the interior of one grid.
- ``on_boundary``: the point lies on a grid boundary. On a boundary shared by several
  grids (an edge between two, or a vertex where several meet) it goes to the grid with
  the lowest code; this tie-break is deterministic and the same on both sides of every
  kind of boundary. On the district's outer edge it goes to the only grid there.
- ``nearest``: the point is in no grid but within the tolerance (200 m by default) of
  one, as GPS fixes just outside the district are: it goes to the nearest grid (the
  lowest code among equally near ones), and the distance is given.
- ``unroutable``: farther than the tolerance from every grid: it goes to the district
  command centre's queue (区指挥中心), with the distance to the nearest grid.
- ``invalid``: the input has no usable point (decided by the caller; see
  `invalid_result`).

From the grid: its grid officers on duty that day (an assignment is valid from its
`valid_from` day up to, not including, its `valid_to` day); when none is on duty the
incident falls to the community's grid leader (属地兜底) and the result says so. The leader
chain (grid, community, town, district), the grid's instructor, and from the catalogue
item the responsible unit and the deadline complete the answer.

Until grids have versions, routing uses the grids in force now, whatever the time.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np
import shapely

from ..progress import SILENT, Progress
from ..text import LANGUAGES, Text
from ..timestamps import CHINA_TZ
from . import DEFAULT_TOLERANCE_M
from .locator import IN_GRID, ON_BOUNDARY, ExactLocator, GridLocator

if TYPE_CHECKING:
    from ..store.protocol import GridStore

RULES = ("inside", "on_boundary", "nearest", "unroutable", "invalid")
# Below this many points, building the fast locator costs more than it saves.
FAST_LOCATOR_FROM = 20_000
# Points routed between two reports of progress (and chances to cancel).
ROUTE_CHUNK = 100_000

# Why a point went where it went, filled in with the grid, distance and day.
_REASONS = {
    "inside": Text("Inside grid {grid} ({name}).", "位于网格{grid}（{name}）内。"),
    "on_shared": Text(
        "On the boundary shared by {sharing} grids; goes to the lowest code, {grid} ({name}).",
        "位于{sharing}个网格的共同边界上，按编码最小原则归入网格{grid}（{name}）。",
    ),
    "on_edge": Text(
        "On the district's outer boundary, in grid {grid} ({name}).",
        "位于区界上，归入网格{grid}（{name}）。",
    ),
    "nearest": Text(
        "Outside every grid, {distance:.1f} m from grid {grid} ({name}), within the "
        "{tolerance:g} m tolerance: goes to the nearest grid.",
        "不在任何网格内，距网格{grid}（{name}）{distance:.1f}米，"
        "在{tolerance:g}米容差内，归入最近网格。",
    ),
    "unroutable": Text(
        "Outside every grid, {distance:.1f} m from the nearest one ({grid}), beyond the "
        "{tolerance:g} m tolerance: goes to the district command centre's queue.",
        "不在任何网格内，距最近网格（{grid}）{distance:.1f}米，"
        "超出{tolerance:g}米容差，转区指挥中心待办。",
    ),
    "fallback": Text(
        " No grid officer on duty on {day}: falls to the community's grid leader (属地兜底).",
        "{day}网格员空缺，由村（社区）网格长兜底（属地兜底）。",
    ),
    "invalid": Text("no finite coordinates", "坐标不是有限数值"),
}


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    phone: str | None


@dataclass(frozen=True)
class Route:
    """The routing of one point."""

    rule: str
    reason: str
    distance_m: float | None = None
    grid_code: str | None = None
    grid_name: str | None = None
    community_code: str | None = None
    community_name: str | None = None
    town_code: str | None = None
    town_name: str | None = None
    officers: tuple[Person, ...] = ()
    fallback: bool = False  # no officer on duty: the community's grid leader answers
    leaders: dict[str, tuple[Person, ...]] = field(default_factory=dict)  # by level
    instructors: tuple[Person, ...] = ()
    unit_code: str | None = None
    unit_name: str | None = None
    deadline_hours: int | None = None
    deadline_at: datetime | None = None

    @property
    def responders(self) -> tuple[Person, ...]:
        """Who handles it: the grid officers, or the community's grid leader."""
        return self.leaders.get("community", ()) if self.fallback else self.officers


def invalid_result(reason: str) -> Route:
    return Route(rule="invalid", reason=reason)


class Roster:
    """Who serves where, when: the store's assignments with their officers."""

    def __init__(self, assignments: list[dict]):
        serving: dict[tuple[str, str], list[tuple[date, date, Person]]] = defaultdict(list)
        for a in assignments:
            start = date.fromisoformat(a["valid_from"])
            end = date.fromisoformat(a["valid_to"]) if a["valid_to"] else date.max
            person = Person(a["officer_id"], a["name"], a["phone"])
            serving[a["scope_code"], a["role"]].append((start, end, person))
        # Routing asks five times a point: per scope and role, the days the people
        # serving change, and who serves from each (in the assignments' order).
        self._periods: dict[tuple[str, str], tuple[list[date], list[tuple[Person, ...]]]] = {}
        for key, spans in serving.items():
            days = sorted({day for start, end, _ in spans for day in (start, end)} - {date.max})
            people = [
                tuple(p for start, end, p in spans if start <= day < end)
                for day in [date.min, *days]
            ]
            self._periods[key] = (days, people)

    def on(self, scope_code: str, day: date, role: str) -> tuple[Person, ...]:
        found = self._periods.get((scope_code, role))
        if found is None:
            return ()
        days, people = found
        return people[bisect_right(days, day)]


class Router:
    """Routes points (EPSG:4549) with a catalogue item and a time to grids and people."""

    def __init__(
        self,
        grids: list[dict],
        community_names: dict[str, str],
        town_names: dict[str, str],
        roster: Roster,
        catalog: dict[str, dict],
        district_code: str = "321012",
        tolerance_m: float = DEFAULT_TOLERANCE_M,
        language: str = "en",
    ):
        if not grids:
            raise ValueError("the store has no grids in force: nothing to route to")
        if language not in LANGUAGES:
            raise ValueError(f"no reasons in language {language!r}")
        self.grids = grids
        self.codes = np.array([g["code"] for g in grids])
        if (self.codes[1:] <= self.codes[:-1]).any():
            raise ValueError("grids must be given sorted by code, without duplicates")
        self.polygons = np.array([g["geom"] for g in grids], dtype=object)
        self.community_names = community_names
        self.town_names = town_names
        self.roster = roster
        self.catalog = catalog
        self.district_code = district_code
        self.tolerance_m = float(tolerance_m)
        self.language = language
        self._exact = ExactLocator(self.polygons)
        self._fast: GridLocator | None = None
        self._reasons = {key: text(language) for key, text in _REASONS.items()}

    @classmethod
    def from_store(cls, store: GridStore, on: date | None = None, **options) -> Router:
        """The router of the grids in force now, or on the day `on`."""
        return cls(
            store.active_grids() if on is None else store.grids_in_force(on),
            store.names("communities"),
            store.names("towns"),
            Roster(store.assignments_with_officers()),
            store.catalog_items(),
            district_code=store.info().get("district_code", "321012"),
            **options,
        )

    # Where

    def fast_locator(self) -> GridLocator:
        """The table-based locator, built on first use (about two seconds for the demo)."""
        if self._fast is None:
            self._fast = GridLocator(self.polygons)
        return self._fast

    def locate(self, x, y):
        """Grid index (-1 for none), rule index into RULES, and distance per point."""
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        locator = self.fast_locator() if len(x) >= FAST_LOCATOR_FROM or self._fast else self._exact
        located = locator.locate(x, y)
        grid = located.grid.copy()
        rule = np.where(located.kind == IN_GRID, 0, 1).astype(np.int8)
        distance = np.where(grid >= 0, 0.0, np.nan)
        sharing = located.sharing.copy()
        outside = np.flatnonzero((grid < 0) & np.isfinite(x) & np.isfinite(y))
        if len(outside):
            nearest, gap = self._nearest(x[outside], y[outside])
            grid[outside] = nearest
            distance[outside] = gap
            rule[outside] = np.where(gap <= self.tolerance_m, 2, 3)
        invalid = ~(np.isfinite(x) & np.isfinite(y))
        rule[invalid] = 4
        sharing[located.kind != ON_BOUNDARY] = 0
        return grid, rule, distance, sharing

    def _nearest(self, x, y):
        """The nearest grid (lowest code among equally near ones) and its distance.

        Grids within the tolerance are found with the tree and measured exactly; only
        points with none are searched without a limit (their distance goes into the
        reason).
        """
        points = shapely.points(x, y)
        grid = np.full(len(points), -1, dtype=np.int32)
        gap = np.full(len(points), np.inf)
        point_index, grid_index = self._exact.tree.query(
            points, predicate="dwithin", distance=self.tolerance_m
        )
        distance = shapely.distance(points[point_index], self.polygons[grid_index])
        order = np.lexsort((grid_index, distance, point_index))
        point_index, grid_index, distance = point_index[order], grid_index[order], distance[order]
        found, first = np.unique(point_index, return_index=True)
        grid[found], gap[found] = grid_index[first], distance[first]
        far = np.flatnonzero(grid < 0)
        if len(far):
            (point_index, grid_index), distance = self._exact.tree.query_nearest(
                points[far], return_distance=True, all_matches=True
            )
            order = np.lexsort((grid_index, point_index))
            point_index, grid_index, distance = (
                point_index[order],
                grid_index[order],
                distance[order],
            )
            _, first = np.unique(point_index, return_index=True)
            grid[far[point_index[first]]] = grid_index[first]
            gap[far[point_index[first]]] = distance[first]
        return grid, gap

    # Who

    def route(
        self, x, y, catalog_codes=None, times=None, progress: Progress = SILENT
    ) -> list[Route]:
        """One Route per point. `catalog_codes` (item codes or None) and `times` (aware
        datetimes or None for now) are per point or None for all. `progress` reports
        and may cancel (CanceledError) between chunks of ROUTE_CHUNK points."""
        x = np.atleast_1d(np.asarray(x, dtype=float))
        y = np.atleast_1d(np.asarray(y, dtype=float))
        n = len(x)
        routes: list[Route] = []
        for start in range(0, n, ROUTE_CHUNK):
            progress.check()
            end = min(n, start + ROUTE_CHUNK)
            routes += self.route_located(
                self.locate(x[start:end], y[start:end]),
                None if catalog_codes is None else catalog_codes[start:end],
                None if times is None else times[start:end],
            )
            progress(end / n)
        return routes

    def route_located(
        self, located, catalog_codes=None, times=None, progress: Progress = SILENT
    ) -> list[Route]:
        """Route, for points already located in this router's grids (what `locate`
        returns: grid index, rule index, distance, sharing). `progress` reports and may
        cancel (CanceledError) every ROUTE_CHUNK points."""
        grid, rule, distance, sharing = located
        n = len(grid)
        now = datetime.now(CHINA_TZ)
        routes = []
        for i in range(n):
            if i % ROUTE_CHUNK == 0 and i:
                progress.check()
                progress(i / n)
            moment = (times[i] if times is not None else None) or now
            code = None if catalog_codes is None else catalog_codes[i]
            routes.append(
                self._route_one(
                    int(grid[i]), int(rule[i]), float(distance[i]), int(sharing[i]), code, moment
                )
            )
        return routes

    def _reason(self, key: str, context: dict | None = None) -> str:
        """The reason in the router's language (chosen first: only it is filled in)."""
        return self._reasons[key].format(**(context or {}))

    def _route_one(self, g, rule_index, distance, sharing, catalog_code, moment) -> Route:
        rule = RULES[rule_index]
        if rule == "invalid":
            return invalid_result(self._reason("invalid"))
        day = moment.astimezone(CHINA_TZ).date()
        item = self.catalog.get(catalog_code) if catalog_code else None
        unit = dict(
            unit_code=item["unit_code"] if item else None,
            unit_name=item["unit_name"] if item else None,
            deadline_hours=item["deadline_hours"] if item else None,
            deadline_at=moment + timedelta(hours=item["deadline_hours"]) if item else None,
        )
        grid = self.grids[g]
        context = dict(
            grid=grid["code"],
            name=grid["name"],
            distance=distance,
            tolerance=self.tolerance_m,
            sharing=sharing,
            day=day.isoformat(),
        )
        district = self.roster.on(self.district_code, day, "grid_leader")
        if rule == "unroutable":
            return Route(
                rule=rule,
                reason=self._reason("unroutable", context),
                distance_m=distance,
                leaders={"district": district},
                **unit,
            )
        if rule == "on_boundary":
            reason = self._reason("on_shared" if sharing > 1 else "on_edge", context)
        else:
            reason = self._reason(rule, context)
        officers = self.roster.on(grid["code"], day, "grid_officer")
        leaders = {
            "grid": self.roster.on(grid["code"], day, "grid_leader"),
            "community": self.roster.on(grid["community_code"], day, "grid_leader"),
            "town": self.roster.on(grid["town_code"], day, "grid_leader"),
            "district": district,
        }
        if not officers:
            reason += self._reason("fallback", context)
        return Route(
            rule=rule,
            reason=reason,
            distance_m=distance,
            grid_code=grid["code"],
            grid_name=grid["name"],
            community_code=grid["community_code"],
            community_name=self.community_names.get(grid["community_code"]),
            town_code=grid["town_code"],
            town_name=self.town_names.get(grid["town_code"]),
            officers=officers,
            fallback=not officers,
            leaders=leaders,
            instructors=self.roster.on(grid["code"], day, "instructor"),
            **unit,
        )
