"""Stores for algorithms (a GeoPackage file, or postgres:<QGIS connection>/<schema>) and
their routers, with the store's errors turned into Processing's."""

from __future__ import annotations

from qgis.core import QgsProcessingException

from ..core.store import StoreError
from ..toolbelt.postgres import PostgresStores


class ProcessingStores(PostgresStores):
    """PostgresStores whose refusals are Processing's exceptions."""

    def conninfo(self, connection_name: str) -> str:
        try:
            return super().conninfo(connection_name)
        except StoreError as error:
            raise QgsProcessingException(str(error)) from error

    def resolve(self, text: str) -> tuple[str, str | None]:
        try:
            return super().resolve(text)
        except StoreError as error:
            raise QgsProcessingException(str(error)) from error


def router_or_fail(path: str, tolerance: float, language: str):
    """The router of the store `path` names (a file or postgres:<connection>/<schema>)."""
    from ..core.routing.cache import cached_router
    from ..core.store import StoreError

    location, schema = ProcessingStores().resolve(path)
    try:
        return cached_router(location, tolerance, language, schema)
    except (StoreError, ValueError) as error:  # never the conninfo: it may hold a password
        raise QgsProcessingException(
            f"{path}: {error}" if isinstance(error, ValueError) else str(error)
        ) from error
