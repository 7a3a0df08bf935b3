"""The supervisor's project: the store's layers, grouped and named in Chinese, in the
styles stored with them, and the town atlas, saved inside the store (the GeoPackage, or
the PostGIS schema) so that opening it in QGIS (or `make run`) shows the district ready
to use."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsDataSourceUri,
    QgsProject,
    QgsReferencedRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QUrl, QUrlQuery
from qgis.PyQt.QtXml import QDomDocument

from ..core.store.schema import TABLES_BY_NAME
from ..core.store.views import VIEWS_BY_NAME
from ..core.styles import shipped_qml, style_name
from ..toolbelt import settings
from .fonts import resolve_qml
from .forms import add_report_forms

LOGGER = logging.getLogger(__name__)
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


@dataclass(frozen=True)
class GeoPackageLayers:
    """The project's layers read from a store GeoPackage, and the project saved in it."""

    path: Path

    def layer(self, table: str, title: str) -> QgsVectorLayer:
        return QgsVectorLayer(f"{self.path}|layername={table}", title, "ogr")

    def project_uri(self, name: str) -> str:
        return f"geopackage:{self.path}?projectName={name}"

    def label(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class PostGISLayers:
    """The project's layers read from a PostGIS store through a QGIS connection's
    URI, and the project saved in the store's schema (qgis_projects, where QGIS's
    Open From → PostgreSQL finds it). No password goes into either: the layers keep the
    connection's authentication configuration (or ask for the password)."""

    connection: str  # the connection's URI, as QgsDataSourceUri gives it
    schema: str

    @classmethod
    def of_connection(cls, name: str, schema: str) -> PostGISLayers:
        from qgis.core import QgsProviderRegistry

        found = QgsProviderRegistry.instance().providerMetadata("postgres").findConnection(name)
        if found is None:
            raise ValueError(f"QGIS has no PostgreSQL connection named {name}")
        uri = QgsDataSourceUri(found.uri())
        uri.setPassword("")
        return cls(uri.uri(False), schema)

    def _uri(self) -> QgsDataSourceUri:
        return QgsDataSourceUri(self.connection)

    def layer(self, table: str, title: str) -> QgsVectorLayer:
        uri = self._uri()
        uri.setDataSource(self.schema, table, "geom", "", "fid")
        uri.setSrid("4549")
        return QgsVectorLayer(uri.uri(False), title, "postgres")

    def project_uri(self, name: str) -> str:
        uri = self._uri()
        url = QUrl()
        url.setScheme("postgresql")
        url.setHost(uri.host())
        if uri.port():
            url.setPort(int(uri.port()))
        if not uri.authConfigId():
            url.setUserName(uri.username())
        query = QUrlQuery()
        for key, value in (
            ("service", uri.service()),
            ("authcfg", uri.authConfigId()),
            ("sslmode", QgsDataSourceUri.encodeSslMode(uri.sslMode())),
            ("dbname", uri.database()),
            ("schema", self.schema),
            ("project", name),
        ):
            if value:
                query.addQueryItem(key, value)
        url.setQuery(query)
        return url.toString()

    def label(self) -> str:
        return f"PostGIS {self.schema}"


def store_layer(layers, table: str, name: str = "") -> QgsVectorLayer:
    """A layer of the store, named with its Chinese title."""
    title = name or {**TABLES_BY_NAME, **VIEWS_BY_NAME}[table].title
    layer = layers.layer(table, title)
    if not layer.isValid():
        raise ValueError(f"{layers.label()}: cannot open layer {table}")
    return layer


def apply_style(layer: QgsVectorLayer, table: str, variant: str | None) -> None:
    """Give the layer one of its styles: as stored with it in the store, or as
    shipped with the plugin when the store lacks it (a store made by other means), with
    its labels in this machine's Chinese font."""
    related, ids, names, _, _ = layer.listStylesInDatabase()
    # Only the layer's own styles (QGIS lists them first, then the other tables').
    ids, names = ids[:related], names[:related]
    name = style_name(variant)
    qml = layer.getStyleFromDatabase(ids[names.index(name)])[0] if name in names else ""
    document = QDomDocument()
    if not qml or not document.setContent(resolve_qml(qml))[0]:
        document.setContent(resolve_qml(shipped_qml(table, variant)))
    ok, error = layer.importNamedStyle(document)
    if not ok:
        raise ValueError(f"{layer.source()}: cannot apply the style {name}: {error}")


def build_project(
    layers, project: QgsProject, period: str = "", tianditu_key: str | None = None
) -> None:
    """The supervisor's project in `project`, its layers from `layers` (GeoPackageLayers,
    PostGISLayers): groups, styles, the default view and the town atlas; and the Tianditu
    basemap, switched off, when the user has a key (the user's setting by default)."""
    from . import tianditu
    from .atlas import add_town_atlas

    project.clear()
    project.setTitle(PROJECT_TITLE)
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
    project.writeEntryBool("Paths", "/Absolute", False)
    root = project.layerTreeRoot()
    found = {}
    for group_name, entries in GROUPS:
        group = root.addGroup(group_name)
        for entry in entries:
            layer = store_layer(layers, entry.table, entry.name)
            apply_style(layer, entry.table, entry.style)
            project.addMapLayer(layer, False)
            group.addLayer(layer).setItemVisibilityChecked(entry.visible)
            found[entry.table, entry.style] = layer
    add_report_forms(project, layers, found["incidents", None])
    key = settings.tianditu_key() if tianditu_key is None else tianditu_key
    if key:
        tianditu.add_basemap(project, key)
    else:
        LOGGER.info(tianditu.missing_key_message())
    towns = found["towns", None]
    buffered = towns.extent().buffered(towns.extent().width() * 0.03)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(buffered, project.crs()))
    add_town_atlas(
        project,
        found["town_activity", None],
        found["incidents", "heatmap"],
        found["enforcement_cases", "heatmap"],
        towns,
        found["communities", None],
        period,
    )


def project_uri(gpkg: str | Path, name: str = PROJECT_NAME) -> str:
    return GeoPackageLayers(Path(gpkg).resolve()).project_uri(name)


def save_project(layers, store, project: QgsProject, name: str = PROJECT_NAME) -> str:
    """Build the project on the open `store` whose layers `layers` reads and save it
    where they are; returns the project's URI.

    QGIS 3.22 finds the layers of aggregate() in the atlas's figures in
    QgsProject.instance() only: print from that project."""
    days = store.activity_period()
    period = "至".join(f"{d.year}年{d.month}月{d.day}日" for d in days) if days else "尚无事件"
    from .tianditu import key_kept_out

    build_project(layers, project, period)
    uri = layers.project_uri(name)
    with key_kept_out():
        written = project.write(uri)
    if not written:
        raise OSError(f"cannot save the project into {layers.label()}: {project.error()}")
    return uri


def save_project_in_store(
    gpkg: str | Path, project: QgsProject, name: str = PROJECT_NAME
) -> QgsProject:
    """Build the project for the store GeoPackage and save it inside."""
    from ..core.store import open_store

    with open_store(gpkg, migrate=False) as store:
        save_project(GeoPackageLayers(Path(gpkg).resolve()), store, project, name)
    return project


def project_opened(project: QgsProject) -> None:
    """What the plugin does to a project QGIS has just read: labels in this machine's
    Chinese font, and, in the supervisor's project, the Tianditu basemap (switched off)
    when the user has a key and the project lacks it. Neither is an edit to save."""
    from . import tianditu
    from .fonts import resolve_project

    was_dirty = project.isDirty()
    resolve_project(project)
    key = settings.tianditu_key()
    if key and project.title() == PROJECT_TITLE:
        tianditu.add_basemap(project, key)
    if not was_dirty:
        project.setDirty(False)
