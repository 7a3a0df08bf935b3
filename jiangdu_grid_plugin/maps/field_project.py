"""The QGIS project of an officer's field package (core/intake/field_package.py): the
package's layers by relative paths, so that the folder opens offline in QGIS and QField
wherever it is copied; the report form (forms.py) with photos taken as files beside the
package; and a map that reads without a basemap: communities shaded and named, the
officer's grids outlined and named, facilities as dots named when close, the incidents
dispatched to the officer and the new reports in colours of their own.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProject,
    QgsReferencedRectangle,
    QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont

from ..core.intake.package_schema import package_tables
from .fonts import cjk_family
from .forms import bind_relations, configure_photo_form, configure_report_form, photo_relation

# Layers from top to bottom: (table, name, read only).
LAYERS = (
    ("incidents", "事件上报", False),
    ("facilities", "城市部件", True),
    ("grids", "我的网格", True),
    ("communities", "村（社区）", True),
)
TABLES = (
    ("incident_attachments", "照片", False),
    ("event_categories", "事件大类", True),
    ("event_catalog", "事件责任清单", True),
    ("package_info", "外业包信息", True),
)
# How incidents are drawn: (label, filter, colour, marker, size in mm).
INCIDENT_RULES = (
    ("新上报", '"store_fid" IS NULL', "192,57,43", "star", 5.0),
    (
        "已反馈",
        '"feedback_note" IS NOT NULL AND trim("feedback_note") <> \'\'',
        "39,174,96",
        "circle",
        4.0,
    ),
    ("待处置（已派遣）", "ELSE", "230,126,34", "circle", 4.0),
)


def _labels(
    layer, expression: str, size: float, colour: str, max_scale: float = 0, priority: int = 5
) -> None:
    """Labels in the machine's Chinese font with a white halo, shown below `max_scale`
    (1:max_scale) when given; where labels collide the higher `priority` (0-10) shows."""
    text = QgsTextFormat()
    font = QFont(cjk_family() or "")
    text.setFont(font)
    text.setSize(size)
    text.setColor(QColor(colour))
    halo = QgsTextBufferSettings()
    halo.setEnabled(True)
    halo.setSize(0.8)
    halo.setColor(QColor("white"))
    text.setBuffer(halo)
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    settings.setFormat(text)
    settings.priority = priority
    if max_scale:
        settings.scaleVisibility = True
        settings.minimumScale = max_scale
        settings.maximumScale = 0
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def _style(layers: dict[str, QgsVectorLayer]) -> None:
    layers["communities"].setRenderer(
        QgsSingleSymbolRenderer(
            QgsFillSymbol.createSimple(
                {
                    "color": "253,246,227,255",
                    "outline_color": "149,165,166,255",
                    "outline_width": "0.5",
                    "outline_style": "dash",
                }
            )
        )
    )
    _labels(layers["communities"], '"name"', 12, "#7f8c8d", priority=1)
    layers["grids"].setRenderer(
        QgsSingleSymbolRenderer(
            QgsFillSymbol.createSimple(
                {"color": "255,255,255,0", "outline_color": "211,84,0,255", "outline_width": "0.8"}
            )
        )
    )
    _labels(layers["grids"], '"name" || \' \' || right("code", 3)', 10, "#a04000", priority=9)
    layers["facilities"].setRenderer(
        QgsSingleSymbolRenderer(
            QgsMarkerSymbol.createSimple(
                {
                    "name": "circle",
                    "color": "127,140,141,255",
                    "size": "1.6",
                    "outline_color": "255,255,255,255",
                    "outline_width": "0.2",
                }
            )
        )
    )
    _labels(layers["facilities"], '"name"', 7, "#566573", max_scale=2500)
    root = QgsRuleBasedRenderer.Rule(None)
    for label, condition, colour, marker, size in INCIDENT_RULES:
        symbol = QgsMarkerSymbol.createSimple(
            {
                "name": marker,
                "color": f"{colour},255",
                "size": str(size),
                "outline_color": "255,255,255,255",
                "outline_width": "0.4",
            }
        )
        rule = QgsRuleBasedRenderer.Rule(symbol, 0, 0, condition)  # "ELSE": the others
        rule.setLabel(label)
        root.appendChild(rule)
    layers["incidents"].setRenderer(QgsRuleBasedRenderer(root))
    _labels(layers["incidents"], "coalesce(\"ticket\", '新上报')", 8, "#922b21", max_scale=10000)


def write_field_project(gpkg: str | Path, title: str) -> Path:
    """The project beside the package (`<package>.qgs`): its layers, forms and styles;
    returns its path."""
    gpkg = Path(gpkg).resolve()
    path = gpkg.with_suffix(".qgs")
    project = QgsProject()
    project.setTitle(title)
    project.setCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
    project.writeEntryBool("Paths", "/Absolute", False)
    aliases = {t.name: {c.name: c.alias for c in t.columns} for t in package_tables(0)}
    found = {}
    root = project.layerTreeRoot()
    lookups = root.addGroup("目录与照片")
    for table, name, read_only in LAYERS + TABLES:
        layer = QgsVectorLayer(f"{gpkg}|layername={table}", name, "ogr")
        if not layer.isValid():
            raise ValueError(f"{gpkg}: cannot open layer {table}")
        for index, field in enumerate(layer.fields()):
            if aliases[table].get(field.name()):
                layer.setFieldAlias(index, aliases[table][field.name()])
        layer.setReadOnly(read_only)
        project.addMapLayer(layer, False)
        found[table] = layer
    for table, _, _ in LAYERS:
        root.addLayer(found[table])
    for table, _, _ in TABLES:
        lookups.addLayer(found[table])
    lookups.setExpanded(False)
    relation = photo_relation(
        project, found["incidents"], found["incident_attachments"], "report_uuid"
    )
    project.relationManager().addRelation(relation)
    configure_report_form(
        found["incidents"],
        found["event_categories"],
        found["event_catalog"],
        relation,
        nearby=False,
    )
    bind_relations(found["incidents"], project)
    configure_photo_form(found["incident_attachments"], files=True)
    _style(found)
    extent = found["grids"].extent()
    extent = extent.buffered(max(extent.width(), extent.height()) * 0.1)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, project.crs()))
    if not project.write(str(path)):
        raise OSError(f"cannot write {path}: {project.error()}")
    project.clear()
    return path
