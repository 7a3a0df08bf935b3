"""Routers kept in memory for as long as what they route with is unchanged.

A router holds a store's grids, assignments and catalogue; building it costs a second or
so for the demo (the fast locator two more, on first use), so the map tool, the dock and
the algorithms share one per store and per version of that data (the store's
`routing_version()`: moving an incident does not change it, editing a grid or an
assignment does). Incidents of the past are routed with the grids in force when they
happened (`route_when_reported`): one router per tiling the store has had, each built
once, when first needed, sharing today's people and catalogue; every point is located
once among today's grids, and again among an earlier tiling's only where that tiling
differs, so ten years of incidents cost one locator, not one per tiling.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from datetime import date, datetime, timedelta

import numpy as np
import shapely

from ..progress import SILENT, Progress
from ..timestamps import CHINA_TZ
from .router import DEFAULT_TOLERANCE_M, Route, Router

_KEPT = 4  # routing data of this many stores (or versions of one) stay in memory


class Tilings:
    """The routers of one store's data: today's tiling and each earlier one, built on
    first use from an open store."""

    def __init__(self, changes: tuple[date, ...], tolerance_m: float, language: str):
        self.changes = changes
        self.tolerance_m, self.language = tolerance_m, language
        self._routers: dict[date | None, Router] = {}
        self._unchanged: dict[date, tuple[np.ndarray, shapely.STRtree | None]] = {}
        self._lock = threading.Lock()  # the locator runs in QGIS's worker threads too

    def router(self, store, on: date | None = None) -> Router:
        """The router of the tiling in force on the day `on` (None: today's)."""
        with self._lock:
            router = self._routers.get(on)
            if router is None:
                current = self._routers.get(None)
                if on is None or current is None:
                    router = Router.from_store(
                        store, on=on, tolerance_m=self.tolerance_m, language=self.language
                    )
                else:  # the same people, catalogue and names; other grids
                    router = Router(
                        store.grids_in_force(on),
                        current.community_names,
                        current.town_names,
                        current.roster,
                        current.catalog,
                        district_code=current.district_code,
                        tolerance_m=self.tolerance_m,
                        language=self.language,
                    )
                self._routers[on] = router
            return router

    def route_when_reported(
        self, store, x, y, catalog_codes=None, times=None, progress: Progress = SILENT
    ) -> list[Route]:
        """Router.route, each point with the grids in force on its day (China time; no
        time means now): a store whose grids never changed routes them all with today's.

        Every point is located once, among today's grids; an earlier tiling differs from
        today's in a few grids, so only its points that today's answer cannot settle
        (see `_settled`) are located again among its own grids. `progress` reports and
        may cancel (CanceledError)."""
        current = self.router(store)
        if not self.changes or times is None:
            return current.route(x, y, catalog_codes, times, progress)
        x = np.atleast_1d(np.asarray(x, dtype=float))
        y = np.atleast_1d(np.asarray(y, dtype=float))
        now = datetime.now(CHINA_TZ)
        # Tiling k was in force from the (k-1)th change day to the day before the kth.
        tilings = np.array(
            [bisect_right(self.changes, (t or now).astimezone(CHINA_TZ).date()) for t in times],
            dtype=np.int64,
        )
        today = current.locate(x, y)
        routes: list[Route | None] = [None] * len(tilings)
        done, n = 0, len(tilings)
        for tiling in np.unique(tilings).tolist():
            progress.check()
            picked = np.flatnonzero(tilings == tiling)
            codes = None if catalog_codes is None else [catalog_codes[i] for i in picked]
            moments = [times[i] for i in picked]
            if tiling == len(self.changes):
                router = current
                located = tuple(part[picked] for part in today)
            else:
                day = self.changes[tiling] - timedelta(days=1)
                router = self.router(store, day)
                located = self._relocated(current, router, day, x[picked], y[picked], today, picked)
            found = router.route_located(
                located, codes, moments, progress.part(done / n, (done + len(picked)) / n)
            )
            done += len(picked)
            for i, route in zip(picked.tolist(), found):
                routes[i] = route
        return routes

    def _relocated(self, current: Router, earlier: Router, day: date, x, y, today, picked):
        """`locate` among an earlier tiling's grids for points located among today's:
        a point inside a grid that has not changed since, and on none of the earlier
        tiling's other grids, is inside the same grid then; the others are located
        again."""
        same, others = self._settled(current, earlier, day)
        grid, rule, distance, sharing = (part[picked].copy() for part in today)
        kept = (rule == 0) & (grid >= 0)
        kept[kept] = same[grid[kept]] >= 0
        if others is not None and kept.any():
            hit, _ = others.query(shapely.points(x[kept], y[kept]), predicate="intersects")
            kept[np.flatnonzero(kept)[hit]] = False
        grid[kept] = same[grid[kept]]
        again = np.flatnonzero(~kept)
        if len(again):
            for part, found in zip(
                (grid, rule, distance, sharing), earlier.locate(x[again], y[again])
            ):
                part[again] = found
        return grid, rule, distance, sharing

    def _settled(self, current: Router, earlier: Router, day: date):
        """For each of today's grids, the index of the same grid (code and boundary) in
        the earlier tiling, or -1; and a tree of the earlier tiling's grids that are not
        today's (None when there are none)."""
        with self._lock:
            found = self._unchanged.get(day)
            if found is None:
                index = {code: i for i, code in enumerate(earlier.codes.tolist())}
                same = np.full(len(current.codes), -1, dtype=np.int64)
                for i, code in enumerate(current.codes.tolist()):
                    j = index.get(code, -1)
                    if j >= 0 and shapely.equals_exact(
                        current.polygons[i], earlier.polygons[j], tolerance=0.0
                    ):
                        same[i] = j
                changed = np.setdiff1d(np.arange(len(earlier.codes)), same[same >= 0])
                tree = shapely.STRtree(earlier.polygons[changed]) if len(changed) else None
                found = self._unchanged[day] = (same, tree)
            return found


_cache: OrderedDict[tuple, Tilings] = OrderedDict()
_cache_lock = threading.Lock()


def tilings(store, tolerance_m: float = DEFAULT_TOLERANCE_M, language: str = "en") -> Tilings:
    """The routers of an open store, shared while its routing data is unchanged."""
    key = (*store.location.cache_key(store.routing_version()), float(tolerance_m), language)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    made = Tilings(tuple(store.grid_change_days()), float(tolerance_m), language)
    with _cache_lock:
        found = _cache.setdefault(key, made)
        _cache.move_to_end(key)
        while len(_cache) > _KEPT:
            _cache.popitem(last=False)
    return found


def cached_router(store, tolerance_m: float = DEFAULT_TOLERANCE_M, language: str = "en") -> Router:
    """Today's router of an open store (ValueError when it has no grids in force)."""
    return tilings(store, tolerance_m, language).router(store)


def route_when_reported(
    store,
    x,
    y,
    catalog_codes=None,
    times=None,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
    language: str = "en",
    progress: Progress = SILENT,
) -> list[Route]:
    """Route points with the grids in force on each one's day (see Tilings)."""
    return tilings(store, tolerance_m, language).route_when_reported(
        store, x, y, catalog_codes, times, progress
    )
