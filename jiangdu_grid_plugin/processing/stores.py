"""Routers for algorithms, with the core's errors turned into Processing's."""

from __future__ import annotations

from qgis.core import QgsProcessingException


def router_or_fail(path: str, tolerance: float, language: str):
    from ..core.routing.cache import cached_router
    from ..core.store import StoreError

    try:
        return cached_router(path, tolerance, language)
    except (StoreError, ValueError) as error:
        raise QgsProcessingException(
            f"{path}: {error}" if isinstance(error, ValueError) else str(error)
        ) from error
