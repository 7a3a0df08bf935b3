"""Which grid store the plugin's tools work on: the one the user chose last, or the one
the current project's layers come from."""

from __future__ import annotations

import os

from qgis.core import QgsProject, QgsSettings

SETTING = "jiangdu_grid/store_path"


def is_store(path: str) -> bool:
    """Whether `path` names a grid store: a GeoPackage file, or a PostGIS store as
    postgres:<QGIS connection>/<schema> (toolbelt/postgres.py)."""
    from ..core.store import StoreError
    from .postgres import POSTGRES_PREFIX, PostgresStores

    if not path or not (path.startswith(POSTGRES_PREFIX) or os.path.isfile(path)):
        return False
    try:
        PostgresStores().open(path, migrate=False).close()
    except StoreError:
        return False
    return True


def project_store(project: QgsProject | None = None) -> str | None:
    """The grid store one of the project's layers is read from, if any: a GeoPackage,
    or a PostGIS store through a QGIS connection to its database."""
    from .postgres import PostgresStores

    project = project or QgsProject.instance()
    seen = set()
    for layer in project.mapLayers().values():
        if layer.providerType() == "ogr":
            path = layer.source().split("|")[0]
            if not path.lower().endswith(".gpkg"):
                continue
        else:
            path = PostgresStores().name_of(layer)
        if not path or path in seen:
            continue
        seen.add(path)
        if is_store(path):
            return path
    return None


def remembered_store() -> str | None:
    path = QgsSettings().value(SETTING, "", type=str)
    return path if is_store(path) else None


def remember_store(path: str) -> None:
    QgsSettings().setValue(SETTING, path)


def current_store(project: QgsProject | None = None) -> str | None:
    return remembered_store() or project_store(project)
