"""Where a grid store is, named once: a GeoPackage file, or a schema of a PostGIS database.

A `StoreLocation` is made where the user names a store (a file chosen in a dialog, a
Processing parameter, `postgres:<QGIS connection>/<schema>` resolved by the plugin's
toolbelt) and passed down unchanged to everything that opens the store or keeps
something of it in memory (the routers, the facility index). Its `label` is what the
user wrote and what messages show; its `target` (a file path or a libpq connection
string) may hold a password and is never shown.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..text import Text
from .errors import StoreError

GEOPACKAGE, POSTGIS = "gpkg", "postgis"
DEFAULT_SCHEMA = "jiangdu"
_CONNINFO = re.compile(r"(^|\s)(dbname|service|host)=")


def is_connection_string(text: str) -> bool:
    """Whether `text` is a libpq connection string ("postgresql://..." or
    "host=... dbname=...") rather than a file's path."""
    text = text.strip()
    return text.startswith(("postgresql://", "postgres://")) or bool(_CONNINFO.search(text))


@dataclass(frozen=True)
class StoreLocation:
    kind: str  # GEOPACKAGE or POSTGIS
    target: str = field(repr=False)  # the file's absolute path, or a connection string
    schema: str | None = None  # the store's schema in PostGIS
    label: str = ""  # how the user named it; shown in messages

    @classmethod
    def file(cls, path: str | os.PathLike) -> StoreLocation:
        """A GeoPackage store (the file need not exist yet)."""
        absolute = os.path.abspath(os.fspath(path))
        return cls(GEOPACKAGE, absolute, None, os.fspath(path))

    @classmethod
    def postgis(
        cls, conninfo: str, schema: str | None = None, label: str | None = None
    ) -> StoreLocation:
        """A store in `schema` (default jiangdu) of the database `conninfo` names."""
        schema = schema or DEFAULT_SCHEMA
        return cls(POSTGIS, conninfo, schema, label or f"PostGIS schema {schema}")

    @classmethod
    def parse(
        cls, location: StoreLocation | str | os.PathLike, schema: str | None = None
    ) -> StoreLocation:
        """A location from a path or a libpq connection string (with `schema` for
        PostGIS); a StoreLocation is returned as it is."""
        if isinstance(location, StoreLocation):
            return location
        text = os.fspath(location)
        if not text.strip():
            raise StoreError(Text("no grid store was named", "未指定网格数据库"))
        if is_connection_string(text):
            return cls.postgis(text, schema)
        return cls.file(text)

    @property
    def is_file(self) -> bool:
        return self.kind == GEOPACKAGE

    @property
    def path(self) -> Path | None:
        """The GeoPackage's path (None for PostGIS)."""
        return Path(self.target) if self.is_file else None

    def open(self, *, migrate: bool = False):
        """The store, open. An older schema is migrated only with `migrate` (a write);
        otherwise StoreError says so."""
        if self.is_file:
            from .sqlite import GeoPackageStore

            return GeoPackageStore.open(self, migrate=migrate)
        from .postgres import PostGISStore

        return PostGISStore.open(self, migrate=migrate)

    def identity(self) -> tuple:
        """What tells two locations of the same store apart from others, without the
        connection string itself (it may hold a password) kept in memory longer."""
        if self.is_file:
            return (self.kind, os.path.realpath(self.target))
        digest = hashlib.sha256(self.target.encode()).hexdigest()
        return (self.kind, digest, self.schema)

    def cache_key(self, version: tuple = ()) -> tuple:
        """A key for what is kept in memory of this store: its identity and the version
        of the data kept (the store's `routing_version()` for routers; for a file, its
        size and time of change by default)."""
        if self.is_file and not version:
            try:
                status = os.stat(self.target)
            except OSError as error:
                raise StoreError(f"{self.label}: {error.strerror}") from error
            version = (status.st_mtime_ns, status.st_size)
        return (*self.identity(), *version)

    def __str__(self) -> str:
        return self.label
