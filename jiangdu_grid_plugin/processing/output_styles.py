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
from qgis.PyQt.QtCore import QCoreApplication

STYLE_NAME = "jiangdu_output"


translate = QCoreApplication.translate


def field_aliases() -> dict[str, str]:
    """The name a reader sees for each field the algorithms write."""
    return {
        # Routing (route_incidents, import_hotline, geocode_facility_codes)
        "grid_code": translate("OutputFields", "Grid code"),
        "grid_name": translate("OutputFields", "Grid"),
        "community_code": translate("OutputFields", "Community code"),
        "community_name": translate("OutputFields", "Community"),
        "community": translate("OutputFields", "Community"),
        "town_code": translate("OutputFields", "Town code"),
        "town_name": translate("OutputFields", "Town"),
        "town": translate("OutputFields", "Town"),
        "officer_ids": translate("OutputFields", "Grid officer ids"),
        "officer_names": translate("OutputFields", "Grid officers"),
        "officers": translate("OutputFields", "Grid officers"),
        "officer_phones": translate("OutputFields", "Grid officer phones (masked)"),
        "fallback": translate("OutputFields", "Taken by the community's grid leader"),
        "grid_leader_ids": translate("OutputFields", "Grid leader ids"),
        "community_leader_ids": translate("OutputFields", "Community grid leader ids"),
        "town_leader_ids": translate("OutputFields", "Town grid leader ids"),
        "district_leader_ids": translate("OutputFields", "District grid leader ids"),
        "instructor_ids": translate("OutputFields", "Instructor ids"),
        "unit_code": translate("OutputFields", "Responsible unit code"),
        "unit_name": translate("OutputFields", "Responsible unit"),
        "deadline_hours": translate("OutputFields", "Time limit (hours)"),
        "deadline_at": translate("OutputFields", "Deadline"),
        "rule": translate("OutputFields", "Rule"),
        "reason": translate("OutputFields", "Reason"),
        "distance_m": translate("OutputFields", "Distance to the grid (m)"),
        # Inputs kept with their row
        "input_row": translate("OutputFields", "Input row"),
        "reason_code": translate("OutputFields", "Reason code"),
        "note": translate("OutputFields", "Note"),
        # Facilities placed
        "facility_code": translate("OutputFields", "Facility code"),
        "class_code": translate("OutputFields", "Class code"),
        "major_class": translate("OutputFields", "Major class"),
        "class_name": translate("OutputFields", "Class"),
        "facility_name": translate("OutputFields", "Facility"),
        "state": translate("OutputFields", "State"),
        "in_use": translate("OutputFields", "In use"),
        # Hotline records imported
        "incident_fid": translate("OutputFields", "Incident"),
        "ticket": translate("OutputFields", "Ticket"),
        "located_by": translate("OutputFields", "Located by"),
        # Workflow report
        "group_key": translate("OutputFields", "Group code"),
        "group_name": translate("OutputFields", "Group"),
        "incidents": translate("OutputFields", "Incidents"),
        "closed": translate("OutputFields", "Closed"),
        "in_progress": translate("OutputFields", "In progress"),
        "rejected": translate("OutputFields", "Rejected"),
        "closure_rate": translate("OutputFields", "Closure rate"),
        "on_time_rate": translate("OutputFields", "On-time rate"),
        "overdue": translate("OutputFields", "Overdue"),
        "hours_registered": translate("OutputFields", "Mean hours to register"),
        "hours_dispatched": translate("OutputFields", "Mean hours to dispatch"),
        "hours_handled": translate("OutputFields", "Mean hours to handle"),
        "hours_closed": translate("OutputFields", "Mean hours to close"),
        "score": translate("OutputFields", "Evaluation score"),
        # Density tables
        "code": translate("OutputFields", "Code"),
        "name": translate("OutputFields", "Name"),
        "count": translate("OutputFields", "Count"),
        "area_km2": translate("OutputFields", "Area (km2)"),
        "population": translate("OutputFields", "Population"),
        "per_km2": translate("OutputFields", "Per km2"),
        "per_10k": translate("OutputFields", "Per 10,000 people"),
        "share": translate("OutputFields", "Share of the district"),
        "previous": translate("OutputFields", "Previous period"),
        "change": translate("OutputFields", "Change"),
        "change_pct": translate("OutputFields", "Change (%)"),
        # Grid problems
        "grid_codes": translate("OutputFields", "Grid codes"),
        "message": translate("OutputFields", "Problem"),
    }


def route_rules() -> dict[str, str]:
    """The routing rules (core.routing.router.RULES) as a reader names them."""
    return {
        "inside": translate("OutputValues", "inside a grid"),
        "on_boundary": translate("OutputValues", "on a shared boundary"),
        "nearest": translate("OutputValues", "nearest grid"),
        "unroutable": translate("OutputValues", "unroutable"),
        "invalid": translate("OutputValues", "invalid"),
    }


def geocoding_outcomes() -> dict[str, str]:
    """The outcomes of placing a facility code (core.geocoding.OUTCOMES)."""
    return {
        "placed": translate("OutputValues", "placed"),
        "empty": translate("OutputValues", "empty"),
        "non_digits": translate("OutputValues", "not digits"),
        "wrong_length": translate("OutputValues", "wrong length"),
        "number_lost_digits": translate("OutputValues", "digits lost in Excel"),
        "wrong_district": translate("OutputValues", "another district"),
        "unknown_class": translate("OutputValues", "unknown class"),
        "not_in_inventory": translate("OutputValues", "not in the inventory"),
        "retired": translate("OutputValues", "retired"),
    }


def hotline_outcomes() -> dict[str, str]:
    """The reasons a hotline row is refused (core.hotline.REASONS and unreadable_row),
    and the other counts an import reports."""
    return {
        "empty_ticket": translate("OutputValues", "empty ticket id"),
        "bad_ticket": translate("OutputValues", "unusable ticket id"),
        "duplicate_ticket": translate("OutputValues", "ticket id repeated"),
        "already_imported": translate("OutputValues", "already imported"),
        "bad_time": translate("OutputValues", "unreadable time"),
        "implausible_time": translate("OutputValues", "implausible time"),
        "no_place": translate("OutputValues", "no place"),
        "bad_coordinates": translate("OutputValues", "unreadable coordinates"),
        "out_of_range": translate("OutputValues", "coordinates out of range"),
        "swapped": translate("OutputValues", "longitude and latitude swapped"),
        "outside_district": translate("OutputValues", "outside the district"),
        "unreadable_row": translate("OutputValues", "unreadable row"),
        "imported": translate("OutputValues", "imported"),
        "possible_duplicate": translate("OutputValues", "possible duplicate"),
        "invalid_phone": translate("OutputValues", "phone number kept as given"),
        "control_characters_removed": translate("OutputValues", "control characters removed"),
        "by_coordinates": translate("OutputValues", "located by coordinates"),
        "by_facility_code": translate("OutputValues", "located by facility code"),
        "by_address": translate("OutputValues", "located by address"),
    }


def located_by() -> dict[str, str]:
    return {
        "coordinates": translate("OutputValues", "coordinates"),
        "facility_code": translate("OutputValues", "facility code"),
        "address": translate("OutputValues", "address"),
    }


def grid_rules() -> dict[str, str]:
    """The rules of the grid checks (core.grid_checks.RULES)."""
    return {
        "empty": translate("OutputValues", "empty geometry"),
        "invalid": translate("OutputValues", "invalid geometry"),
        "code_format": translate("OutputValues", "malformed code"),
        "code_community": translate("OutputValues", "code not its community's"),
        "duplicate_code": translate("OutputValues", "code used twice"),
        "retired_code": translate("OutputValues", "retired code"),
        "overlap": translate("OutputValues", "overlap"),
        "gap": translate("OutputValues", "gap"),
        "outside_community": translate("OutputValues", "outside its community"),
        "outside_district": translate("OutputValues", "outside the district"),
    }


def facility_states() -> dict[str, str]:
    return {
        "intact": translate("OutputValues", "intact"),
        "damaged": translate("OutputValues", "damaged"),
        "lost": translate("OutputValues", "lost"),
        "occupied": translate("OutputValues", "occupied"),
    }


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
