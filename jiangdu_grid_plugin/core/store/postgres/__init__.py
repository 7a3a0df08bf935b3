"""The grid store in a schema of a PostgreSQL/PostGIS database, for many editors at once:
copies both ways with a GeoPackage, the database roles, the grids' guard in PL/pgSQL."""

from .store import PostGISStore, copy_from_postgis, copy_to_postgis, grant_access

__all__ = ["PostGISStore", "copy_from_postgis", "copy_to_postgis", "grant_access"]
