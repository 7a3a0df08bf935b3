"""How the algorithms' outputs look and read: field names in the user's language
(aliases), the codes of rules and outcomes shown as words (value maps), and a style for
each kind of output.

A style is given to an output twice:
- when Processing loads it into the project (a layer post-processor: Processing loads
  outputs without their default style, and names them only by the output's title);
- inside a GeoPackage output, so that opening the file later, in any QGIS, shows the
  same: its default style in `layer_styles` (aliases, value maps and symbols; QGIS 3.22
  reads field names from nowhere else) and each field's title in `gpkg_data_columns`,
  the GeoPackage's own place for it, which GDAL 3.7 and later give QGIS and other GIS
  as the field's alternative name (GDAL 3.6 ignores it). A density raster gets its style
  as a .qml file beside it, which QGIS reads with a raster.
CSV and XLSX files carry neither: their header is the field names, which scripts and a
second import rely on; their text columns (reason, message, note) are in the user's
language.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import ClassVar

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsEditorWidgetSetup,
    QgsFillSymbol,
    QgsMarkerSymbol,
    QgsProcessingLayerPostProcessorInterface,
    QgsProject,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..toolbelt.words import (
    facility_states,
    field_aliases,
    geocoding_outcomes,
    grid_rules,
    hotline_outcomes,
    located_by,
    route_rules,
)

STYLE_NAME = "jiangdu_output"


# What each kind of output shows: {field: its values' names}, and how it is drawn.
KINDS = (
    "routed",
    "imported",
    "placed",
    "not_placed",
    "not_imported",
    "report",
    "density",
    "problems",
    "converted",
)


def value_maps(kind: str) -> dict[str, dict[str, str]]:
    return {
        "routed": {"rule": route_rules()},
        "imported": {"rule": route_rules(), "located_by": located_by()},
        "placed": {"state": facility_states()},
        "not_placed": {"reason_code": geocoding_outcomes()},
        "not_imported": {"reason_code": hotline_outcomes()},
        "problems": {"rule": grid_rules()},
    }.get(kind, {})


RULE_COLOURS = {
    "inside": "41,128,185",
    "on_boundary": "22,160,133",
    "nearest": "230,126,34",
    "unroutable": "192,57,43",
    "invalid": "127,140,141",
}
POINT_COLOURS = {"placed": "41,128,185", "converted": "142,68,173"}
PROBLEM_COLOURS = {
    "overlap": "192,57,43",
    "gap": "230,126,34",
    "invalid": "142,68,173",
    "outside_community": "41,128,185",
    "outside_district": "41,128,185",
}


def _point(colour: str, size: float = 2.4) -> QgsMarkerSymbol:
    return QgsMarkerSymbol.createSimple(
        {
            "name": "circle",
            "color": f"{colour},255",
            "size": str(size),
            "outline_color": "255,255,255,255",
            "outline_width": "0.3",
        }
    )


def _area(colour: str) -> QgsFillSymbol:
    return QgsFillSymbol.createSimple(
        {
            "color": f"{colour},110",
            "outline_color": f"{colour},255",
            "outline_width": "0.6",
        }
    )


def _by_value(field: str, labels: dict[str, str], symbol) -> QgsCategorizedSymbolRenderer:
    categories = [
        QgsRendererCategory(value, symbol(value), label) for value, label in labels.items()
    ]
    return QgsCategorizedSymbolRenderer(field, categories)


def style_layer(layer: QgsVectorLayer, kind: str) -> None:
    """Aliases, value maps and symbols for an output layer of `kind` (KINDS)."""
    aliases = field_aliases()
    maps = value_maps(kind)
    fields = layer.fields()
    for index, field in enumerate(fields):
        name = field.name()
        if name in aliases:
            layer.setFieldAlias(index, aliases[name])
        if name in maps:
            layer.setEditorWidgetSetup(
                index,
                QgsEditorWidgetSetup(
                    "ValueMap", {"map": [{label: code} for code, label in maps[name].items()]}
                ),
            )
    geometry = layer.geometryType()
    renderer = None
    if kind in ("routed", "imported") and fields.indexOf("rule") >= 0:
        if geometry == QgsWkbTypes.GeometryType.PointGeometry:
            renderer = _by_value(
                "rule", route_rules(), lambda rule: _point(RULE_COLOURS.get(rule, "127,140,141"))
            )
    elif kind == "problems" and geometry == QgsWkbTypes.GeometryType.PolygonGeometry:
        renderer = _by_value(
            "rule", grid_rules(), lambda rule: _area(PROBLEM_COLOURS.get(rule, "127,140,141"))
        )
    elif kind in POINT_COLOURS and geometry == QgsWkbTypes.GeometryType.PointGeometry:
        renderer = QgsSingleSymbolRenderer(_point(POINT_COLOURS[kind], 2.2))
    elif kind == "density" and geometry == QgsWkbTypes.GeometryType.PolygonGeometry:
        from ..maps.styling import style_density_table

        style_density_table(layer)
    if renderer is not None:
        layer.setRenderer(renderer)
    layer.triggerRepaint()


def store_style(path: str | Path, table: str, kind: str) -> None:
    """Keep the style of `kind` inside the GeoPackage `path`, for its layer `table`: the
    default style in layer_styles and the fields' titles in gpkg_data_columns."""
    layer = QgsVectorLayer(f"{path}|layername={table}", table, "ogr")
    if not layer.isValid():
        return
    aliases = field_aliases()
    titles = [(table, f.name(), aliases[f.name()]) for f in layer.fields() if f.name() in aliases]
    style_layer(layer, kind)
    layer.saveStyleToDatabase(STYLE_NAME, table, True, "")
    del layer  # its connection closes before ours opens
    with sqlite3.connect(str(path)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, "
            "column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT, "
            "mime_type TEXT, constraint_name TEXT, "
            "CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name))"
        )
        connection.execute(
            "INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, "
            "definition, scope) VALUES ('gpkg_data_columns', NULL, 'gpkg_schema', "
            "'http://www.geopackage.org/spec121/#extension_schema', 'read-write')"
        )
        connection.execute("DELETE FROM gpkg_data_columns WHERE table_name = ?", (table,))
        connection.executemany(
            "INSERT INTO gpkg_data_columns (table_name, column_name, title) VALUES (?, ?, ?)",
            titles,
        )
    connection.close()


def store_sink_style(destination: str, kind: str) -> None:
    """The style of `kind` inside the GeoPackage a feature sink wrote (QGIS's writer
    names `destination`, path|layername=...); other formats keep none."""
    from qgis.core import QgsProviderRegistry

    parts = QgsProviderRegistry.instance().decodeUri("ogr", destination)
    path = parts.get("path", "")
    if path.lower().endswith(".gpkg") and Path(path).is_file():
        store_style(path, parts.get("layerName") or Path(path).stem, kind)


def store_raster_style(path: str | Path) -> None:
    """The density raster's style as a .qml file beside it."""
    from qgis.core import QgsRasterLayer

    from ..maps.styling import style_density_raster

    layer = QgsRasterLayer(str(path), Path(path).stem)
    if layer.isValid():
        style_density_raster(layer)
        layer.saveNamedStyle(str(Path(path).with_suffix(".qml")))


class StyleOutput(QgsProcessingLayerPostProcessorInterface):
    """Styles an output as Processing loads it, and, for the outputs of one run that
    belong together (density_by_town's raster and tables), orders them: the layers of a
    group are kept together in the order given, the ones not `shown` unchecked."""

    # Processing does not own post-processors: they live here, one an output.
    kept: ClassVar[dict[str, StyleOutput]] = {}

    def __init__(self, kind: str, group: list | None = None, shown: bool = True):
        super().__init__()
        self.kind, self.group, self.shown = kind, group, shown
        self.layer_id = None

    def postProcessLayer(self, layer, context, feedback):
        if self.kind == "raster":
            from ..maps.styling import style_density_raster

            style_density_raster(layer)
        else:
            style_layer(layer, self.kind)
        self.layer_id = layer.id()
        project = context.project() or QgsProject.instance()
        node = project.layerTreeRoot().findLayer(layer.id())
        if node is not None and not self.shown:
            node.setItemVisibilityChecked(False)
        if self.group:
            _arrange(project, self.group)


def _arrange(project, group: list) -> None:
    """Put the loaded layers of `group` (StyleOutputs, top first) next to each other in
    that order, where the highest of them is."""
    root = project.layerTreeRoot()
    nodes = [root.findLayer(p.layer_id) for p in group if p.layer_id]
    nodes = [n for n in nodes if n is not None]
    if len(nodes) < 2:
        return
    parent = nodes[0].parent()
    if any(n.parent() is not parent for n in nodes):
        return
    children = parent.children()
    top = min(children.index(n) for n in nodes)
    for offset, node in enumerate(nodes):
        index = parent.children().index(node)
        if index != top + offset:
            clone = node.clone()
            parent.insertChildNode(top + offset, clone)
            parent.removeChildNode(node)


def style_on_load(context, output: str, kind: str, group=None, shown: bool = True):
    """Style `output` (a layer Processing will load) as `kind` when it is loaded; with
    `group` (a list shared by the outputs of one run, top first), order them."""
    if not output or not context.willLoadLayerOnCompletion(output):
        return None
    processor = StyleOutput(kind, group, shown)
    StyleOutput.kept[output] = processor
    if group is not None:
        group.append(processor)
    context.layerToLoadOnCompletionDetails(output).setPostProcessor(processor)
    return processor
