"""Styles made for outputs whose values are only known when they are made: density
rasters and the density tables of jiangdu_grid:density_by_town."""

from __future__ import annotations

from qgis.core import (
    QgsBasicNumericFormat,
    QgsClassificationPrettyBreaks,
    QgsColorRampLegendNodeSettings,
    QgsColorRampShader,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsRasterBandStats,
    QgsRasterShader,
    QgsSingleBandPseudoColorRenderer,
    QgsStyle,
)

DENSITY_RAMP = "YlOrRd"  # the colours of the incident heatmap
TABLE_RAMP = "Reds"  # the colours of the town and grid choropleths


def style_density_raster(layer) -> None:
    """Pseudocolour from 0 (transparent) to the layer's peak, empty pixels left out."""
    peak = layer.dataProvider().bandStatistics(1, QgsRasterBandStats.Stats.Max).maximumValue
    ramp = QgsStyle.defaultStyle().colorRamp(DENSITY_RAMP)
    items = []
    for step in range(5):
        color = ramp.color(step / 4)
        if step == 0:
            color.setAlpha(0)  # no density: nothing drawn over the map
        value = peak * step / 4
        items.append(QgsColorRampShader.ColorRampItem(value, color, f"{value:.3g}"))
    shader_function = QgsColorRampShader(0.0, peak)
    shader_function.setColorRampType(QgsColorRampShader.Type.Interpolated)
    shader_function.setSourceColorRamp(ramp)
    shader_function.setColorRampItemList(items)
    # The legend's bar says 0 and 50.5, not 50.486469.
    legend = QgsColorRampLegendNodeSettings()
    number = QgsBasicNumericFormat()
    number.setNumberDecimalPlaces(1)
    number.setShowTrailingZeros(False)
    legend.setNumericFormat(number)
    shader_function.setLegendSettings(legend)
    shader = QgsRasterShader()
    shader.setRasterShaderFunction(shader_function)
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    renderer.setClassificationMin(0.0)
    renderer.setClassificationMax(peak)
    layer.setRenderer(renderer)
    layer.setOpacity(0.85)
    layer.triggerRepaint()


def style_density_table(layer, field: str = "per_km2") -> None:
    """A choropleth of `field` in about five classes with round bounds (pretty breaks:
    natural breaks go wrong with as few values as a town table may have)."""
    renderer = QgsGraduatedSymbolRenderer(field)
    method = QgsClassificationPrettyBreaks()
    method.setLabelFormat("%1 – %2")
    method.setLabelPrecision(1)
    method.setLabelTrimTrailingZeroes(True)
    renderer.setClassificationMethod(method)
    renderer.setSourceSymbol(
        QgsFillSymbol.createSimple(
            {"color": "255,255,255,255", "outline_color": "255,255,255,255", "outline_width": "0.2"}
        )
    )
    ramp = QgsStyle.defaultStyle().colorRamp(TABLE_RAMP)
    renderer.setSourceColorRamp(ramp)
    renderer.updateClasses(layer, 5)
    renderer.updateColorRamp(ramp)
    layer.setRenderer(renderer)
    layer.triggerRepaint()
