"""The supervisor's project: the store's layers, grouped and named in Chinese, with
their default styles, saved inside the GeoPackage so that opening the file in QGIS (or
`make run`) shows the district ready to use."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProject,
    QgsReferencedRectangle,
    QgsVectorLayer,
)

from ..core.store.schema import TABLES_BY_NAME

PROJECT_NAME = "jiangdu"
PROJECT_TITLE = "江都区网格化社会治理"
# Groups from top to bottom, each with its layers from top to bottom.
GROUPS = (
    ("事件与执法", ("incidents", "enforcement_cases")),
    ("城市部件", ("facilities",)),
    ("基础区划", ("towns", "communities", "grids")),
)


def layer_uri(gpkg: Path, table: str) -> str:
    return f"{gpkg}|layername={table}"


def store_layer(gpkg: Path, table: str) -> QgsVectorLayer:
    """A layer of the store, named with its Chinese title, in its default style."""
    layer = QgsVectorLayer(layer_uri(gpkg, table), TABLES_BY_NAME[table].title, "ogr")
    if not layer.isValid():
        raise ValueError(f"{gpkg}: cannot open layer {table}")
    return layer


def build_project(gpkg: str | Path, project: QgsProject) -> None:
    gpkg = Path(gpkg).resolve()
    project.clear()
    project.setTitle(PROJECT_TITLE)
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
    project.writeEntryBool("Paths", "/Absolute", False)
    root = project.layerTreeRoot()
    extent = None
    for group_name, tables in GROUPS:
        group = root.addGroup(group_name)
        for table in tables:
            layer = store_layer(gpkg, table)
            project.addMapLayer(layer, False)
            group.addLayer(layer)
            if table == "towns":
                extent = layer.extent()
    if extent is not None:
        buffered = extent.buffered(extent.width() * 0.03)
        project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(buffered, project.crs()))


def project_uri(gpkg: str | Path, name: str = PROJECT_NAME) -> str:
    return f"geopackage:{Path(gpkg).resolve()}?projectName={name}"


def save_project_in_store(gpkg: str | Path, name: str = PROJECT_NAME) -> str:
    project = QgsProject()
    build_project(gpkg, project)
    uri = project_uri(gpkg, name)
    if not project.write(uri):
        raise OSError(f"cannot save the project into {gpkg}: {project.error()}")
    return uri
