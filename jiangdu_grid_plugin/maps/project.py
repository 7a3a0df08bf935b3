"""The supervisor's project: the store's layers, grouped and named in Chinese, in the
styles stored with them, and the town atlas, saved inside the GeoPackage so that opening
the file in QGIS (or `make run`) shows the district ready to use."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProject,
    QgsReferencedRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtXml import QDomDocument

from ..core.store.schema import TABLES_BY_NAME, VIEWS_BY_NAME
from ..core.styles import shipped_qml, style_name

PROJECT_NAME = "jiangdu"
PROJECT_TITLE = "江都区网格化社会治理"


@dataclass(frozen=True)
class Entry:
    """A layer of the project: a store table or view in one of its styles (a variant of
    core.styles, the default if None), named `name` (the table's title if empty)."""

    table: str
    style: str | None = None
    name: str = ""
    visible: bool = True


# Groups from top to bottom, each with its layers from top to bottom.
GROUPS = (
    (
        "事件与执法",
        (
            Entry("incidents"),
            Entry("enforcement_cases", visible=False),
            Entry("incidents", "heatmap", "事件热力图"),
            Entry("enforcement_cases", "heatmap", "执法案件热力图", visible=False),
        ),
    ),
    (
        "统计",
        (
            Entry("town_activity", name="镇事件密度（件/平方公里）", visible=False),
            Entry("town_activity", "per_10k", "镇事件数（件/万人）", visible=False),
            Entry("grid_activity", name="网格事件密度（件/平方公里）", visible=False),
            Entry("grid_activity", "per_10k", "网格事件数（件/万人）", visible=False),
        ),
    ),
    ("城市部件", (Entry("facilities"),)),
    ("基础区划", (Entry("towns"), Entry("communities"), Entry("grids"))),
)


def layer_uri(gpkg: Path, table: str) -> str:
    return f"{gpkg}|layername={table}"


def store_layer(gpkg: Path, table: str, name: str = "") -> QgsVectorLayer:
    """A layer of the store, named with its Chinese title, in its default style."""
    title = name or {**TABLES_BY_NAME, **VIEWS_BY_NAME}[table].title
    layer = QgsVectorLayer(layer_uri(gpkg, table), title, "ogr")
    if not layer.isValid():
        raise ValueError(f"{gpkg}: cannot open layer {table}")
    return layer


def apply_style(layer: QgsVectorLayer, table: str, variant: str | None) -> None:
    """Give the layer one of its styles: as stored with it in the GeoPackage, or as
    shipped with the plugin when the store lacks it (a store made by other means)."""
    _, ids, names, _, _ = layer.listStylesInDatabase()
    name = style_name(variant)
    qml = layer.getStyleFromDatabase(ids[names.index(name)])[0] if name in names else ""
    document = QDomDocument()
    if not qml or not document.setContent(qml)[0]:
        document.setContent(shipped_qml(table, variant))
    ok, error = layer.importNamedStyle(document)
    if not ok:
        raise ValueError(f"{layer.source()}: cannot apply the style {name}: {error}")


def build_project(gpkg: str | Path, project: QgsProject, period: str = "") -> None:
    from .atlas import add_town_atlas

    gpkg = Path(gpkg).resolve()
    project.clear()
    project.setTitle(PROJECT_TITLE)
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
    project.writeEntryBool("Paths", "/Absolute", False)
    root = project.layerTreeRoot()
    layers = {}
    for group_name, entries in GROUPS:
        group = root.addGroup(group_name)
        for entry in entries:
            layer = store_layer(gpkg, entry.table, entry.name)
            apply_style(layer, entry.table, entry.style)
            project.addMapLayer(layer, False)
            group.addLayer(layer).setItemVisibilityChecked(entry.visible)
            layers[entry.table, entry.style] = layer
    towns = layers["towns", None]
    buffered = towns.extent().buffered(towns.extent().width() * 0.03)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(buffered, project.crs()))
    add_town_atlas(
        project,
        layers["town_activity", None],
        layers["incidents", "heatmap"],
        layers["enforcement_cases", "heatmap"],
        towns,
        period,
        gpkg.name,
    )


def project_uri(gpkg: str | Path, name: str = PROJECT_NAME) -> str:
    return f"geopackage:{Path(gpkg).resolve()}?projectName={name}"


def save_project_in_store(
    gpkg: str | Path, project: QgsProject, name: str = PROJECT_NAME
) -> QgsProject:
    """Build the project for the store and save it inside.

    QGIS 3.22 finds the layers of aggregate() in the atlas's figures in
    QgsProject.instance() only: print from that project."""
    from ..core.store import open_store

    with open_store(gpkg, migrate=False) as store:
        days = store.activity_period()
    period = "至".join(f"{d.year}年{d.month}月{d.day}日" for d in days) if days else "尚无事件"
    build_project(gpkg, project, period)
    if not project.write(project_uri(gpkg, name)):
        raise OSError(f"cannot save the project into {gpkg}: {project.error()}")
    return project
