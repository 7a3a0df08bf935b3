"""Routers kept in memory for as long as their store file is unchanged.

A router holds a store's grids, assignments and catalogue; building it costs a second or
so for the demo (the fast locator two more, on first use), so the map tool and the
algorithms share one per file.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..store import StoreError, open_store
from .router import DEFAULT_TOLERANCE_M, Router


def cached_router(
    path: str | os.PathLike, tolerance_m: float = DEFAULT_TOLERANCE_M, language: str = "en"
) -> Router:
    """The router for the store at `path`. StoreError when the file cannot be opened;
    ValueError when it has no grids to route to."""
    try:
        status = os.stat(path)
    except OSError as error:
        raise StoreError(f"{path}: {error.strerror}") from error
    return _build(
        os.path.abspath(path), status.st_mtime_ns, status.st_size, float(tolerance_m), language
    )


@lru_cache(maxsize=4)
def _build(path, _mtime, _size, tolerance_m, language) -> Router:
    with open_store(path) as store:
        return Router.from_store(store, tolerance_m=tolerance_m, language=language)
