"""The grid store: the district's grid data behind one interface.

`StoreLocation` names a store once; `open_store()` (or `StoreLocation.open()`) chooses
the backend: a GeoPackage file (`sqlite.GeoPackageStore`), or a schema of a PostGIS
database (`postgres.PostGISStore`, for many simultaneous sessions).
Both are made from schema.py, migrated by its MIGRATIONS, and answer the reads and
writes of `queries.StoreQueries` with the same SQL. Callers use the store's methods,
never SQL.
"""

from __future__ import annotations

import os

from .errors import StaleRowError, StoreError
from .location import StoreLocation
from .protocol import GeoPackageFile, GridStore
from .schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "GeoPackageFile",
    "GeoPackageStore",
    "GridStore",
    "StaleRowError",
    "StoreError",
    "StoreLocation",
    "build_store",
    "open_store",
]


def open_store(
    location: StoreLocation | str | os.PathLike, *, migrate: bool = True, schema: str | None = None
):
    """Open the store at `location`: a StoreLocation, a .gpkg path, or a PostgreSQL
    connection string ("postgresql://..." or "host=... dbname=...") with the store's
    `schema` (default jiangdu)."""
    return StoreLocation.parse(location, schema).open(migrate=migrate)


def build_store(location: str | os.PathLike, *, overwrite: bool = False):
    """A context manager that creates a new store at `location` and yields it for writing;
    the store appears at `location` only when the block completes."""
    from .sqlite import GeoPackageStore

    return GeoPackageStore.build(location, overwrite=overwrite)


def __getattr__(name: str):
    # The backends need shapely and numpy: imported when first used, so that naming a
    # store (StoreLocation, StoreError) works where they are missing (the plugin says so).
    if name == "GeoPackageStore":
        from .sqlite import GeoPackageStore

        return GeoPackageStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
