"""The grid store: the district's grid data behind one interface.

`open_store()` chooses the backend: a GeoPackage file (`gpkg.GeoPackageStore`), or a
schema of a PostGIS database (`postgis.PostGISStore`, for many simultaneous sessions).
Both are made from schema.py, migrated by its MIGRATIONS, and answer the reads and
writes of `queries.StoreQueries` with the same SQL. Callers use the store's methods,
never SQL.
"""

from __future__ import annotations

import os
import re

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


def is_postgres_location(location: str | os.PathLike) -> bool:
    """Whether `location` is a PostgreSQL connection string rather than a file."""
    text = str(location).strip()
    return text.startswith(("postgresql://", "postgres://")) or bool(
        re.search(r"(^|\s)(dbname|service|host)=", text)
    )


def open_store(location: str | os.PathLike, *, migrate: bool = True, schema: str | None = None):
    """Open the store at `location`: a .gpkg path, or a PostgreSQL connection string
    ("postgresql://..." or "host=... dbname=...") with the store's `schema` (default
    jiangdu), which opens a PostGISStore."""
    if is_postgres_location(location):
        from .postgis import DEFAULT_SCHEMA, PostGISStore

        return PostGISStore.open(str(location), schema or DEFAULT_SCHEMA, migrate=migrate)
    return GeoPackageStore.open(location, migrate=migrate)


def build_store(location: str | os.PathLike, *, overwrite: bool = False):
    """A context manager that creates a new store at `location` and yields it for writing;
    the store appears at `location` only when the block completes."""
    return GeoPackageStore.build(location, overwrite=overwrite)
