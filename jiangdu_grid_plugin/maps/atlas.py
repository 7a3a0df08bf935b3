"""The town atlas (镇级图册): one A4 landscape page a town for its leadership, with the
incident and the enforcement heatmaps (each clipped to the town, its communities named,
with a colour scale, a scale bar and a north arrow), and the town's key figures, all in
Chinese. The atlas runs over the town_activity view, so each page reads its figures from
the store when it is printed."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    Qgis,
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
    QgsMapClippingRegion,
    QgsPalLayerSettings,
    QgsPathResolver,
    QgsPrintLayout,
    QgsRuleBasedLabeling,
    QgsRuleBasedRenderer,
    QgsScaleBarSettings,
    QgsSymbolLayerUtils,
    QgsTextBufferSettings,
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
ATLAS_LAYER = "jiangdu_grid/atlas_layer"  # a layer's custom property: drawn for the atlas
PRINT_DPI = 200.0
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
INK = QColor(38, 38, 38)
MUTED = QColor(110, 110, 110)

# Page plan (A4 landscape, millimetres): two maps side by side under the title, their
# colour scales under them, the figures along the bottom.
MAP_Y, MAP_W, MAP_H = 30.0, 136.0, 128.0
LEFT_X, RIGHT_X = 10.0, 151.0

# The view lists the top categories as "城市管理 3274、综合治理 1265": their counts are
# given the thousands separator of every other figure on the page.
TOP_CATEGORIES = (
    "coalesce(array_to_string(array_foreach(string_to_array(\"top_categories\", '、'), "
    "regexp_replace(@element, '\\\\d+$', '') || "
    "format_number(to_int(regexp_substr(@element, '(\\\\d+)$')), 0)), '、'), '无')"
)
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
        '[% format_number("enforcement_per_km2", 1) %] 件',
        f"主要事件类别　[% {TOP_CATEGORIES} %]",
    ]
)
# The colour scales' caption, one wording for both maps.
HEAT_CAPTION = "核密度：半径 500 米内{what}的四次核加权数"
THIS_TOWN = "\"code\" = attribute(@atlas_feature, 'code')"


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
    """The towns for the atlas maps: the page's town outlined, the others' edges grey
    (the heat is clipped to the page's town: nothing else needs veiling)."""
    layer = towns.clone()
    layer.setName("本镇范围（图册）")
    root = QgsRuleBasedRenderer.Rule(None)
    edge = QgsFillSymbol.createSimple(
        {"style": "no", "outline_color": "30,30,30,255", "outline_width": "0.7"}
    )
    edge.symbolLayer(0).setRenderingPass(1)  # over the neighbours' edges it shares
    here = QgsRuleBasedRenderer.Rule(edge, filterExp=THIS_TOWN, label="本镇")
    others = QgsRuleBasedRenderer.Rule(
        QgsFillSymbol.createSimple(
            {"style": "no", "outline_color": "150,150,150,255", "outline_width": "0.25"}
        ),
        elseRule=True,
        label="他镇",
    )
    root.appendChild(here)
    root.appendChild(others)
    renderer = QgsRuleBasedRenderer(root)
    renderer.setUsingSymbolLevels(True)
    layer.setRenderer(renderer)
    layer.setLabelsEnabled(False)
    return layer


def town_communities(communities: QgsVectorLayer) -> QgsVectorLayer:
    """The page's town's communities for the atlas maps: thin edges and their names."""
    layer = communities.clone()
    layer.setName("本镇村（社区）（图册）")
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(
        QgsRuleBasedRenderer.Rule(
            QgsFillSymbol.createSimple(
                {"style": "no", "outline_color": "120,120,120,255", "outline_width": "0.15"}
            ),
            filterExp="\"town_code\" = attribute(@atlas_feature, 'code')",
            label="本镇村（社区）",
        )
    )
    layer.setRenderer(QgsRuleBasedRenderer(root))
    settings = QgsPalLayerSettings()
    settings.fieldName = "name"
    settings.placement = QgsPalLayerSettings.Placement.OverPoint
    settings.centroidWhole = True
    settings.centroidInside = True
    text = text_format(6.5, QColor(55, 55, 55))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.7)
    buffer.setColor(QColor(255, 255, 255))
    text.setBuffer(buffer)
    settings.setFormat(text)
    rule = QgsRuleBasedLabeling.Rule(settings)
    rule.setFilterExpression("\"town_code\" = attribute(@atlas_feature, 'code')")
    labels = QgsRuleBasedLabeling.Rule(None)
    labels.appendChild(rule)
    layer.setLabeling(QgsRuleBasedLabeling(labels))
    layer.setLabelsEnabled(True)
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
    layer.setCustomProperty(ATLAS_LAYER, True)  # the dock's filters leave it whole
    return layer


def _map(layout, layers, x, extent, clipped) -> QgsLayoutItemMap:
    """A map of the atlas's town; the `clipped` layers drawn inside the town only."""
    item = QgsLayoutItemMap(layout)
    item.setCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
    item.setLayers(layers)
    item.setKeepLayerSet(True)
    clipping = item.atlasClippingSettings()
    clipping.setEnabled(True)
    clipping.setFeatureClippingType(QgsMapClippingRegion.FeatureClippingType.ClipPainterOnly)
    clipping.setRestrictToLayers(True)
    clipping.setLayersToClip(clipped)
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


def _north_arrow(layout, linked: QgsLayoutItemMap, x: float) -> None:
    picture = QgsLayoutItemPicture(layout)
    picture.setPicturePath(
        QgsSymbolLayerUtils.svgSymbolNameToPath("arrows/NorthArrow_02.svg", QgsPathResolver())
    )
    picture.setLinkedMap(linked)
    picture.setNorthMode(QgsLayoutItemPicture.NorthMode.GridNorth)
    picture.setBackgroundEnabled(True)  # legible over the town's edge
    picture.setBackgroundColor(QColor(255, 255, 255))
    layout.addLayoutItem(picture)
    _place(picture, x + 3.0, MAP_Y + 3.0, 9.0, 13.0)


def _scale_bar(layout, linked: QgsLayoutItemMap, x: float) -> None:
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
    bar.attemptMove(QgsLayoutPoint(x + 3.0, MAP_Y + MAP_H - 14.0, MM))


def add_town_atlas(
    project,
    coverage: QgsVectorLayer,
    incident_heat: QgsVectorLayer,
    enforcement_heat: QgsVectorLayer,
    towns: QgsVectorLayer,
    communities: QgsVectorLayer,
    period: str,
) -> QgsPrintLayout:
    """The atlas layout over `coverage` (the town_activity layer), added to the project;
    `period` is printed under the title."""
    outline, named = town_outline(towns), town_communities(communities)
    incident_heat, enforcement_heat = map(paper_heatmap, (incident_heat, enforcement_heat))
    for layer in (outline, named, incident_heat, enforcement_heat):
        project.addMapLayer(layer, False)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()  # one A4 landscape page
    layout.setName(ATLAS_NAME)
    layout.setCustomProperty("pdfTextFormat", 1)  # the designer's PDF export: text as text
    # What the designer's export prints at: 200 dpi keeps the 13 pages under 3 MB (300
    # dpi, QGIS's default, makes 5 MB of the same heatmaps).
    layout.renderContext().setDpi(PRINT_DPI)
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
    scale_y = MAP_Y + MAP_H + 3.0
    for x, heat, title, what in (
        (LEFT_X, incident_heat, "事件热力图", "事件"),
        (RIGHT_X, enforcement_heat, "执法案件热力图", "执法案件"),
    ):
        item = _map(layout, [outline, named, heat], x, towns.extent(), [heat])
        _label(layout, title, x, MAP_Y - 6.0, MAP_W, 5.5, 10, bold=True)
        _colour_scale(layout, heat, x + 3.0, scale_y, HEAT_CAPTION.format(what=what))
        _north_arrow(layout, item, x)
        _scale_bar(layout, item, x)
    figures = _label(
        layout, FIGURES.replace("{layer}", coverage.id()), LEFT_X, scale_y + 10.0, 277.0, 24.0, 10
    )
    figures.setVAlign(Qt.AlignmentFlag.AlignTop)
    _label(
        layout,
        "江都区网格化社会治理　坐标系 CGCS2000 / 3 度带高斯-克吕格投影 中央经线 120°E"
        "（EPSG:4549）　印制于 [% format_date(now(), 'yyyy年M月d日') %]",
        LEFT_X,
        200.0,
        277.0,
        5.5,
        8,
        INK,
    )
    project.layoutManager().addLayout(layout)
    return layout


def export_atlas_pdf(layout: QgsPrintLayout, path: str | Path, dpi: float = PRINT_DPI) -> int:
    """All pages of the layout's atlas into one PDF, in this machine's Chinese font;
    returns the number of pages."""
    resolve_layout(layout)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    # The maps' labels as text, not outlines: a community's name is a few bytes of a
    # font subset instead of a path per stroke (a megabyte over 13 pages).
    settings.textRenderFormat = Qgis.TextRenderFormat.AlwaysText
    result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), str(path), settings)
    if result != QgsLayoutExporter.ExportResult.Success:
        raise OSError(f"cannot export the atlas to {path}: {error or result}")
    return layout.atlas().count()
