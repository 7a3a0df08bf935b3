"""The grid store in a GeoPackage file (SQLite): one office's store, and the file every
store is built as and copied back to."""

from .store import GeoPackageStore

__all__ = ["GeoPackageStore"]
