"""Connections to PostgreSQL: psycopg 3 (pure Python, on the system's libpq), imported
only when a PostGIS store is used. Connection details are a libpq connection string the
caller makes; nothing here stores them."""

from __future__ import annotations

import re

from ..errors import StoreError

CONNECT_TIMEOUT_S = 10  # an unreachable server is named after this, not waited on forever
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def check_schema_name(name: str) -> str:
    """`name` if it is a plain lower-case PostgreSQL identifier, else StoreError."""
    if not _SCHEMA_NAME.match(name or ""):
        raise StoreError(
            f"{name!r} is not a usable schema name: use lower-case letters, digits and _ "
            "(at most 63, not starting with a digit)"
        )
    return name


def postgis_parts(location) -> tuple[str, str]:
    """The connection string and the checked schema name of a PostGIS StoreLocation;
    StoreError for a GeoPackage's."""
    if location.is_file:
        raise StoreError(f"{location.label} is a GeoPackage, not a PostGIS store")
    return location.target, check_schema_name(location.schema)


def connect(conninfo: str):
    try:
        import psycopg
    except ImportError as error:  # an optional requirement: only PostGIS needs it
        raise StoreError(
            "PostGIS stores need the Python package psycopg: pip install psycopg"
        ) from error
    try:
        return psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as error:
        raise StoreError(f"cannot connect to PostgreSQL: {error}".strip()) from error


def schema_exists(cursor, schema: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
    return cursor.fetchone() is not None


def ensure_postgis(cursor) -> None:
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
    if cursor.fetchone() is None:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        if cursor.fetchone() is None:
            raise StoreError(
                "PostGIS is not installed on this PostgreSQL server (Debian: apt-get install "
                "postgresql-postgis)"
            )
        cursor.execute("CREATE EXTENSION postgis")
