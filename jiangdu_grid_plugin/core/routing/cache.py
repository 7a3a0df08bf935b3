"""Routers kept in memory for as long as their store file is unchanged.

A router holds a store's grids, assignments and catalogue; building it costs a second or
so for the demo (the fast locator two more, on first use), so the map tool and the
algorithms share one per file. Incidents of the past are routed with the grids in force
when they happened (`route_when_reported`): one router per tiling the store has had.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from datetime import datetime, timedelta
from functools import lru_cache

from ..store import StoreError, is_postgres_location, open_store
from ..timestamps import CHINA_TZ
from .router import DEFAULT_TOLERANCE_M, Route, Router


def cached_router(
    path: str | os.PathLike,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
    language: str = "en",
    schema: str | None = None,
) -> Router:
    """The router for the store at `path` (a file, cached while it is unchanged; or a
    PostgreSQL connection string with `schema`, read afresh: other sessions change it).
    StoreError when the store cannot be opened; ValueError when it has no grids."""
    return _routers(path, float(tolerance_m), language, schema)(None)


def _key(path) -> tuple:
    try:
        status = os.stat(path)
    except OSError as error:
        raise StoreError(f"{path}: {error.strerror}") from error
    return os.path.abspath(path), status.st_mtime_ns, status.st_size


@lru_cache(maxsize=8)
def _build(path, _mtime, _size, tolerance_m, language, on) -> Router:
    with open_store(path) as store:
        return Router.from_store(store, on=on, tolerance_m=tolerance_m, language=language)


@lru_cache(maxsize=4)
def _change_days(path, _mtime, _size) -> tuple:
    with open_store(path) as store:
        return tuple(store.grid_change_days())


def _routers(path, tolerance_m: float, language: str, schema: str | None):
    """A function giving the router of the tiling in force on a day (None: today's), with
    `.changes`, the days the tiling changed."""
    if is_postgres_location(path):
        with open_store(path, schema=schema) as store:
            changes = tuple(store.grid_change_days())
            built = {
                day: Router.from_store(store, on=day, tolerance_m=tolerance_m, language=language)
                for day in (None, *(change - timedelta(days=1) for change in changes))
            }

        def router(on):
            return built[on]
    else:
        key = _key(path)
        changes = _change_days(*key)

        def router(on):
            return _build(*key, tolerance_m, language, on)

    router.changes = changes
    return router


def route_when_reported(
    path: str | os.PathLike,
    x,
    y,
    catalog_codes=None,
    times=None,
    tolerance_m: float = DEFAULT_TOLERANCE_M,
    language: str = "en",
    schema: str | None = None,
) -> list[Route]:
    """Router.route, each point with the grids in force on its day (China time; no time
    means now): a store whose grids never changed routes them all with today's."""
    routers = _routers(path, float(tolerance_m), language, schema)
    changes = routers.changes
    current = routers(None)
    if not changes or times is None:
        return current.route(x, y, catalog_codes, times)
    now = datetime.now(CHINA_TZ)
    # Tiling k was in force from the (k-1)th change day to the day before the kth.
    tilings = [bisect_right(changes, (t or now).astimezone(CHINA_TZ).date()) for t in times]
    routes: list[Route | None] = [None] * len(tilings)
    for tiling in sorted(set(tilings)):
        router = current if tiling == len(changes) else routers(changes[tiling] - timedelta(days=1))
        picked = [i for i, k in enumerate(tilings) if k == tiling]
        found = router.route(
            [x[i] for i in picked],
            [y[i] for i in picked],
            None if catalog_codes is None else [catalog_codes[i] for i in picked],
            [times[i] for i in picked],
        )
        for i, route in zip(picked, found):
            routes[i] = route
    return routes
