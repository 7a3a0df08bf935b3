"""The grid store: the district's grid data behind one interface.

`open_store()` and `build_store()` choose the backend; today that is the GeoPackage
(`gpkg.GeoPackageStore`). Callers use the store's methods, never SQL, so that a PostGIS
backend for many simultaneous editors can be added beside it.
"""

from __future__ import annotations

import os

from .errors import StaleRowError, StoreError
from .gpkg import GeoPackageStore
from .schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "GeoPackageStore",
    "StaleRowError",
    "StoreError",
    "build_store",
    "open_store",
]


def open_store(location: str | os.PathLike, *, migrate: bool = True) -> GeoPackageStore:
    """Open the store at `location` (a .gpkg path)."""
    return GeoPackageStore.open(location, migrate=migrate)


def build_store(location: str | os.PathLike, *, overwrite: bool = False):
    """A context manager that creates a new store at `location` and yields it for writing;
    the store appears at `location` only when the block completes."""
    return GeoPackageStore.build(location, overwrite=overwrite)
