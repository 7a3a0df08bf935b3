"""The town atlas (镇级图册): one A4 landscape page a town for its leadership, with the
incident and the enforcement heatmaps, the town's key figures, colour scales, a scale bar
and a north arrow, all in Chinese. The atlas runs over the town_activity view, so each
page reads its figures from the store when it is printed."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsGradientFillSymbolLayer,
    QgsGradientStop,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutItemShape,
    QgsLayoutMeasurement,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPathResolver,
    QgsPrintLayout,
    QgsRuleBasedRenderer,
    QgsScaleBarSettings,
    QgsSymbolLayerUtils,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QPointF, Qt
from qgis.PyQt.QtGui import QColor, QFont

from ..core.styles import CJK_FONTS
from ..toolbelt.compat import set_label_text_format
from .fonts import cjk_family, resolve_layout

ATLAS_NAME = "镇级事件与执法图册"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
INK = QColor(38, 38, 38)
MUTED = QColor(110, 110, 110)

# Page plan (A4 landscape, millimetres): two maps side by side under the title, their
# colour scales under them, the figures along the bottom.
MAP_Y, MAP_W, MAP_H = 30.0, 136.0, 128.0
LEFT_X, RIGHT_X = 10.0, 151.0

FIGURES = "\n".join(
    [
        '事件 [% format_number("incidents", 0) %] 件　每平方公里 '
        '[% format_number("incidents_per_km2", 1) %] 件　每万人 '
        "[% coalesce(format_number(\"incidents_per_10k\", 0), '—') %] 件　事件密度居全区第 "
        "[% 1 + aggregate(layer:='{layer}', aggregate:='count', expression:=\"code\", "
        "filter:=\"incidents_per_km2\" > attribute(@parent, 'incidents_per_km2')) %] 位"
        "（共 [% @atlas_totalfeatures %] 镇）",
        '办结 [% format_number("closed", 0) %] 件　在办 [% format_number("in_progress", 0) %]'
        " 件　办结率 [% coalesce(format_number(\"closure_rate\" * 100, 2) || '%', '—') %]",
        '执法案件 [% format_number("enforcement_cases", 0) %] 件　每平方公里 '
        '[% format_number("enforcement_per_km2", 2) %] 件',
        "主要事件类别　[% coalesce(\"top_categories\", '无') %]",
    ]
)


def text_format(size: float, color: QColor = INK, bold: bool = False) -> QgsTextFormat:
    """Text in the machine's Chinese font (the first of CJK_FONTS, when none is installed:
    the atlas is resolved again on the machine that prints it)."""
    font = QFont(cjk_family() or CJK_FONTS[0])
    font.setBold(bold)
    text = QgsTextFormat()
    text.setFont(font)
    text.setSize(size)
    text.setColor(color)
    return text


def _place(item, x: float, y: float, width: float, height: float) -> None:
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(width, height, MM))


def _label(
    layout, text, x, y, width, height, size, color=INK, bold=False, align=Qt.AlignmentFlag.AlignLeft
):
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    set_label_text_format(label, text_format(size, color, bold))
    label.setHAlign(align)
    label.setVAlign(Qt.AlignmentFlag.AlignVCenter)
    layout.addLayoutItem(label)
    _place(label, x, y, width, height)
    return label


def town_outline(towns: QgsVectorLayer) -> QgsVectorLayer:
    """The towns for the atlas maps: the page's town outlined, the others veiled."""
    layer = towns.clone()
    layer.setName("本镇范围（图册）")
    root = QgsRuleBasedRenderer.Rule(None)
    here = QgsRuleBasedRenderer.Rule(
        QgsFillSymbol.createSimple(
            {"style": "no", "outline_color": "30,30,30,255", "outline_width": "0.7"}
        ),
        filterExp="\"code\" = attribute(@atlas_feature, 'code')",
        label="本镇",
    )
    others = QgsRuleBasedRenderer.Rule(
        QgsFillSymbol.createSimple(
            {"color": "255,255,255,185", "outline_color": "150,150,150,255", "outline_width": "0.2"}
        ),
        elseRule=True,
        label="他镇",
    )
    root.appendChild(here)
    root.appendChild(others)
    layer.setRenderer(QgsRuleBasedRenderer(root))
    layer.setLabelsEnabled(False)
    return layer


def _on_paper(color: QColor, opacity: float) -> QColor:
    """The opaque colour a translucent one gives on white paper."""
    alpha = color.alphaF() * opacity
    return QColor(*(round(alpha * channel + (1.0 - alpha) * 255) for channel in color.getRgb()[:3]))


def paper_heatmap(heat: QgsVectorLayer) -> QgsVectorLayer:
    """The heatmap layer for the atlas: the same picture on white paper, in opaque colours
    (the ramp's colours composited over white, the layer's opacity folded in). The maps
    print it over white with only the outlines on top, so it looks the same, and the PDF
    needs no soft mask for it: without one the 13-page atlas is under a third the size."""
    layer = heat.clone()
    layer.setName(f"{heat.name()}（图册）")
    renderer = layer.renderer()
    ramp = renderer.colorRamp().clone()
    opacity = heat.opacity()
    ramp.setColor1(_on_paper(ramp.color1(), opacity))
    ramp.setColor2(_on_paper(ramp.color2(), opacity))
    ramp.setStops(
        [QgsGradientStop(stop.offset, _on_paper(stop.color, opacity)) for stop in ramp.stops()]
    )
    renderer.setColorRamp(ramp)
    layer.setOpacity(1.0)
    layer.setScaleBasedVisibility(False)  # the atlas zooms to each town
    return layer


def _map(layout, layers, x, extent) -> QgsLayoutItemMap:
    item = QgsLayoutItemMap(layout)
    item.setCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
    item.setLayers(layers)
    item.setKeepLayerSet(True)
    item.setFrameEnabled(True)
    item.setFrameStrokeWidth(QgsLayoutMeasurement(0.3, MM))
    item.setAtlasDriven(True)
    item.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
    item.setAtlasMargin(0.08)
    layout.addLayoutItem(item)
    # A new map has no extent, and resizing it then makes its extent NaN; setExtent()
    # resizes the item to the extent's shape. So: size, extent, size again, then fit.
    _place(item, x, MAP_Y, MAP_W, MAP_H)
    item.setExtent(extent)
    _place(item, x, MAP_Y, MAP_W, MAP_H)
    item.zoomToExtent(extent)
    return item


def _colour_scale(layout, heat: QgsVectorLayer, x: float, y: float, caption: str) -> None:
    """The heatmap's colour ramp as a bar, from none to its fixed maximum."""
    renderer = heat.renderer()
    fill = QgsGradientFillSymbolLayer()
    fill.setGradientColorType(QgsGradientFillSymbolLayer.GradientColorType.ColorRamp)
    fill.setColorRamp(renderer.colorRamp().clone())
    fill.setGradientType(QgsGradientFillSymbolLayer.GradientType.Linear)
    fill.setCoordinateMode(QgsGradientFillSymbolLayer.GradientCoordinateMode.Feature)
    fill.setReferencePoint1(QPointF(0.0, 0.5))
    fill.setReferencePoint2(QPointF(1.0, 0.5))
    fill.setStrokeColor(QColor(120, 120, 120))
    symbol = QgsFillSymbol()
    symbol.changeSymbolLayer(0, fill)
    bar = QgsLayoutItemShape(layout)
    bar.setShapeType(QgsLayoutItemShape.Shape.Rectangle)
    bar.setSymbol(symbol)
    layout.addLayoutItem(bar)
    _place(bar, x, y, 60.0, 4.0)
    peak = renderer.maximumValue()
    _label(layout, "0", x - 3.0, y + 4.5, 6.0, 4.0, 7, MUTED, align=Qt.AlignmentFlag.AlignHCenter)
    _label(
        layout,
        f"≥ {peak:g}",
        x + 52.0,
        y + 4.5,
        16.0,
        4.0,
        7,
        MUTED,
        align=Qt.AlignmentFlag.AlignHCenter,
    )
    _label(layout, caption, x + 64.0, y - 1.0, MAP_W - 64.0, 10.0, 7, MUTED)


def _north_arrow(layout, linked: QgsLayoutItemMap) -> None:
    picture = QgsLayoutItemPicture(layout)
    picture.setPicturePath(
        QgsSymbolLayerUtils.svgSymbolNameToPath("arrows/NorthArrow_02.svg", QgsPathResolver())
    )
    picture.setLinkedMap(linked)
    picture.setNorthMode(QgsLayoutItemPicture.NorthMode.GridNorth)
    layout.addLayoutItem(picture)
    _place(picture, LEFT_X + 3.0, MAP_Y + 3.0, 9.0, 13.0)


def _scale_bar(layout, linked: QgsLayoutItemMap) -> None:
    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(linked)
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    bar.setUnitLabel("公里")
    bar.setNumberOfSegmentsLeft(0)
    bar.setNumberOfSegments(2)
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    bar.setMinimumBarWidth(18.0)
    bar.setMaximumBarWidth(36.0)
    bar.setHeight(1.5)
    bar.setTextFormat(text_format(7))
    bar.setBackgroundEnabled(True)
    layout.addLayoutItem(bar)
    bar.attemptMove(QgsLayoutPoint(LEFT_X + 3.0, MAP_Y + MAP_H - 14.0, MM))


def add_town_atlas(
    project,
    coverage: QgsVectorLayer,
    incident_heat: QgsVectorLayer,
    enforcement_heat: QgsVectorLayer,
    towns: QgsVectorLayer,
    period: str,
    source: str,
) -> QgsPrintLayout:
    """The atlas layout over `coverage` (the town_activity layer), added to the project;
    `period` and `source` are printed under the title and at the foot."""
    outline = town_outline(towns)
    incident_heat, enforcement_heat = map(paper_heatmap, (incident_heat, enforcement_heat))
    for layer in (outline, incident_heat, enforcement_heat):
        project.addMapLayer(layer, False)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # one A4 landscape page
    layout.setName(ATLAS_NAME)
    atlas = layout.atlas()
    atlas.setCoverageLayer(coverage)
    atlas.setEnabled(True)
    atlas.setSortFeatures(True)
    atlas.setSortExpression('"code"')
    atlas.setPageNameExpression('"name"')
    atlas.setFilenameExpression("'town_' || \"code\"")

    _label(layout, '[% "name" %]事件与执法态势', LEFT_X, 7.0, 200.0, 11.0, 20, bold=True)
    _label(layout, f"江都区网格化社会治理 · {period}", LEFT_X, 18.0, 200.0, 6.0, 9, MUTED)
    _label(
        layout,
        "第 [% @atlas_featurenumber %] 页 / 共 [% @atlas_totalfeatures %] 页",
        237.0,
        7.0,
        50.0,
        6.0,
        8,
        MUTED,
        align=Qt.AlignmentFlag.AlignRight,
    )
    # The towns' extent (a view's extent is not known before it is read).
    left = _map(layout, [outline, incident_heat], LEFT_X, towns.extent())
    _map(layout, [outline, enforcement_heat], RIGHT_X, towns.extent())
    _label(layout, "事件热力图", LEFT_X, MAP_Y - 6.0, MAP_W, 5.5, 10, bold=True)
    _label(layout, "执法案件热力图", RIGHT_X, MAP_Y - 6.0, MAP_W, 5.5, 10, bold=True)
    scale_y = MAP_Y + MAP_H + 3.0
    _colour_scale(
        layout, incident_heat, LEFT_X + 3.0, scale_y, "核密度：半径 500 米内事件的四次核加权数"
    )
    _colour_scale(
        layout, enforcement_heat, RIGHT_X + 3.0, scale_y, "核密度：半径 500 米内执法案件的加权数"
    )
    _north_arrow(layout, left)
    _scale_bar(layout, left)
    figures = _label(
        layout, FIGURES.replace("{layer}", coverage.id()), LEFT_X, scale_y + 10.0, 277.0, 24.0, 10
    )
    figures.setVAlign(Qt.AlignmentFlag.AlignTop)
    _label(
        layout,
        f"坐标系 CGCS2000 / 3 度带高斯-克吕格 120°E（EPSG:4549）　数据：{source}",
        LEFT_X,
        201.0,
        277.0,
        5.0,
        7,
        MUTED,
    )
    project.layoutManager().addLayout(layout)
    return layout


def export_atlas_pdf(layout: QgsPrintLayout, path: str | Path, dpi: float = 200.0) -> int:
    """All pages of the layout's atlas into one PDF, in this machine's Chinese font;
    returns the number of pages."""
    resolve_layout(layout)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), str(path), settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise OSError(f"cannot export the atlas to {path}: {error or result}")
    return layout.atlas().count()
