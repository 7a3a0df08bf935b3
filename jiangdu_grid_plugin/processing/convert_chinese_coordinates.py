"""jiangdu_grid:convert_chinese_coordinates — WGS84/CGCS2000 ⇄ GCJ-02 ⇄ BD-09."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
)

from .base import JiangduAlgorithm
from .output_styles import store_sink_style, style_on_load
from .outputs import add_csv_encoding_parameter, csv_encoding, sink_options

SYSTEMS = ("wgs84", "gcj02", "bd09")
LONLAT = QgsCoordinateReferenceSystem("EPSG:4326")


class ConvertChineseCoordinatesAlgorithm(JiangduAlgorithm):
    INPUT = "INPUT"
    FROM = "FROM"
    TO = "TO"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "convert_chinese_coordinates"

    def displayName(self) -> str:
        return self.tr("Convert Chinese web-map coordinates")

    def group(self) -> str:
        return self.tr("Coordinates")

    def groupId(self) -> str:
        return "coordinates"

    def shortHelpString(self) -> str:
        return self.tr(
            "Converts every vertex of a point, line or polygon layer between WGS84/CGCS2000, "
            "GCJ-02 (Amap, Tencent) and BD-09 (Baidu). Web maps and phone apps in China give "
            "GCJ-02 or BD-09: a few hundred metres off CGCS2000 around Jiangdu, more than many "
            "grids are wide.\n\nGCJ-02 and BD-09 are offsets on longitude and latitude, not "
            "coordinate systems PROJ knows: the layer's coordinates are read as longitude and "
            "latitude (a projected layer is taken to EPSG:4326 first) and the output is in "
            "EPSG:4326. Points outside China are left as they are, as GCJ-02 defines."
        )

    def initAlgorithm(self, config=None) -> None:
        labels = [
            self.tr("WGS84 / CGCS2000"),
            self.tr("GCJ-02 (Amap, Tencent)"),
            self.tr("BD-09 (Baidu)"),
        ]
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, self.tr("Input layer"), [QgsProcessing.SourceType.TypeVectorAnyGeometry]
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FROM, self.tr("Coordinates of the input"), labels, defaultValue=1
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(self.TO, self.tr("Convert to"), labels, defaultValue=0)
        )
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Converted")))
        add_csv_encoding_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):
        import numpy as np
        import shapely

        from ..core.coords import convert

        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        source_system = SYSTEMS[self.parameterAsEnum(parameters, self.FROM, context)]
        target_system = SYSTEMS[self.parameterAsEnum(parameters, self.TO, context)]
        crs = source.sourceCrs()
        if not crs.isValid():
            raise QgsProcessingException(
                self.tr(
                    "The input layer has no coordinate reference system: set it in the layer's "
                    "properties (Source) and run again."
                )
            )
        to_lonlat = (
            None
            if crs.isGeographic()
            else QgsCoordinateTransform(crs, LONLAT, context.transformContext())
        )
        sink, sink_id = self.parameterAsSink(
            parameters,
            self.OUTPUT,
            context,
            source.fields(),
            source.wkbType(),
            LONLAT,
            **sink_options(
                self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
                csv_encoding(self, parameters, context),
            ),
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        def shift(xy):
            return np.column_stack(convert(xy[:, 0], xy[:, 1], source_system, target_system))

        total = source.featureCount() or 1
        for index, feature in enumerate(source.getFeatures()):
            if feedback.isCanceled():
                break
            output = QgsFeature(feature)
            geometry = feature.geometry()
            if not (geometry.isNull() or geometry.isEmpty()):
                if to_lonlat is not None:
                    geometry.transform(to_lonlat)
                moved = shapely.transform(shapely.from_wkb(bytes(geometry.asWkb())), shift)
                converted = QgsGeometry()
                converted.fromWkb(shapely.to_wkb(moved))
                output.setGeometry(converted)
            sink.addFeature(output, QgsFeatureSink.Flag.FastInsert)
            feedback.setProgress(100 * index / total)
        self.written = sink_id
        style_on_load(context, sink_id, "converted")
        return {self.OUTPUT: sink_id}

    def postProcessAlgorithm(self, context, feedback):
        """The sink is closed now: a GeoPackage output keeps its style."""
        if getattr(self, "written", None):
            store_sink_style(self.written, "converted")
        return {}
