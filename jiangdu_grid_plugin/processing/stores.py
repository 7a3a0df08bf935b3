"""Opening grid stores for algorithms, and keeping the routers built from them.

A router holds the store's grids, assignments and catalogue in memory; building it costs
a second or two for the demo, so it is kept for as long as the file is unchanged.
"""

from __future__ import annotations

import os
from functools import lru_cache

from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication


def open_store_or_fail(path: str):
    from ..core.store import StoreError, open_store

    try:
        return open_store(path)
    except StoreError as error:
        raise QgsProcessingException(str(error)) from error


def cached_router(path: str, tolerance: float, language: str):
    try:
        status = os.stat(path)
    except OSError as error:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "Stores", "Cannot open the grid store {path}: {error}"
            ).format(path=path, error=error.strerror)
        ) from error
    return _router(os.path.abspath(path), status.st_mtime_ns, status.st_size, tolerance, language)


@lru_cache(maxsize=4)
def _router(path, _mtime, _size, tolerance, language):
    from ..core.routing import Router

    with open_store_or_fail(path) as store:
        try:
            return Router.from_store(store, tolerance_m=tolerance, language=language)
        except ValueError as error:
            raise QgsProcessingException(
                QCoreApplication.translate("Stores", "{path}: {error}").format(
                    path=path, error=error
                )
            ) from error
