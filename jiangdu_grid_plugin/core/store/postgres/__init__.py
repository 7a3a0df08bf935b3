"""The grid store in a schema of a PostgreSQL/PostGIS database, for many editors at once:
copies both ways with a GeoPackage, the database roles, the grids' guard in PL/pgSQL."""

from .access import ROLE_KINDS, grant_access, role_name
from .copy import copy_from_postgis, copy_to_postgis
from .store import PostGISStore

__all__ = [
    "ROLE_KINDS",
    "PostGISStore",
    "copy_from_postgis",
    "copy_to_postgis",
    "grant_access",
    "role_name",
]
