"""Routers kept in memory for as long as what they route with is unchanged.

A router holds a store's grids, assignments and catalogue; building it costs a second or
so for the demo (the fast locator two more, on first use), so the map tool, the dock and
the algorithms share one per store and per version of that data (the store's
`routing_version()`: moving an incident does not change it, editing a grid or an
assignment does). Incidents of the past are routed with the grids in force when they
happened (`route_when_reported`): one router per tiling the store has had, each built
once, when first needed.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from datetime import date, datetime, timedelta

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
        self._lock = threading.Lock()  # the locator runs in QGIS's worker threads too

    def router(self, store, on: date | None = None) -> Router:
        """The router of the tiling in force on the day `on` (None: today's)."""
        with self._lock:
            router = self._routers.get(on)
            if router is None:
                router = Router.from_store(
                    store, on=on, tolerance_m=self.tolerance_m, language=self.language
                )
                self._routers[on] = router
            return router

    def route_when_reported(
        self, store, x, y, catalog_codes=None, times=None, progress: Progress = SILENT
    ) -> list[Route]:
        """Router.route, each point with the grids in force on its day (China time; no
        time means now): a store whose grids never changed routes them all with today's.
        `progress` reports and may cancel (CanceledError)."""
        current = self.router(store)
        if not self.changes or times is None:
            return current.route(x, y, catalog_codes, times, progress)
        now = datetime.now(CHINA_TZ)
        # Tiling k was in force from the (k-1)th change day to the day before the kth.
        tilings = [
            bisect_right(self.changes, (t or now).astimezone(CHINA_TZ).date()) for t in times
        ]
        routes: list[Route | None] = [None] * len(tilings)
        done = 0
        for tiling in sorted(set(tilings)):
            router = (
                current
                if tiling == len(self.changes)
                else self.router(store, self.changes[tiling] - timedelta(days=1))
            )
            picked = [i for i, k in enumerate(tilings) if k == tiling]
            found = router.route(
                [x[i] for i in picked],
                [y[i] for i in picked],
                None if catalog_codes is None else [catalog_codes[i] for i in picked],
                [times[i] for i in picked],
                progress.part(done / len(tilings), (done + len(picked)) / len(tilings)),
            )
            done += len(picked)
            for i, route in zip(picked, found):
                routes[i] = route
        return routes


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
