"""jiangdu_grid:validate_grids — the grid rules, on demand, for a store or any layer."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorDestination,
)

from .base import StoreAlgorithm, with_decimals
from .output_styles import style_on_load
from .outputs import add_csv_encoding_parameter, csv_encoding, write_table

COLUMNS = [("rule", "TEXT"), ("grid_codes", "TEXT"), ("message", "TEXT")]
SPOT_HALF_WIDTH = 2.0  # metres: an invalid spot is output as a small square around it


class ValidateGridsAlgorithm(StoreAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    INPUT = "INPUT"
    TOLERANCE = "TOLERANCE"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "validate_grids"

    def displayName(self) -> str:
        return self.tr("Validate grids")

    def shortHelpString(self) -> str:
        return self.tr(
            "Checks grids by the rules every save of the grids layer is held to: valid "
            "geometries (GEOS; nothing is repaired), 15-digit codes that start with their "
            "community's, used once and never a retired one, no overlaps and no gaps larger "
            "than the tolerance, and each grid inside its community and the district.\n\n"
            "Give the grid store, or a polygon layer with the fields code, community_code, "
            "town_code (and status); with both, the layer is checked against the store's "
            "communities and district. Each problem is a feature: the overlap, the gap, the "
            "part outside, or a 4 m square around an invalid spot, with the grid codes, the "
            "rule and a message."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE, optional=True)
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT,
                self.tr("Grids layer (instead of the store's grids)"),
                [QgsProcessing.SourceType.TypeVectorPolygon],
                optional=True,
            )
        )
        self.addParameter(
            with_decimals(
                QgsProcessingParameterNumber(
                    self.TOLERANCE,
                    self.tr("Tolerance (m2)"),
                    QgsProcessingParameterNumber.Type.Double,
                    1.0,
                    minValue=0.0,
                ),
                1,
            )
        )
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Grid problems"), QgsProcessing.SourceType.TypeVectorPolygon
        )
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        add_csv_encoding_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):
        import shapely

        from ..core.grid_checks import GridRecord, check_grids
        from ..core.store import StoreError
        from ..core.store.sqlite import geometry_blob

        location = self.storeLocation(parameters, context)
        source = self.parameterAsSource(parameters, self.INPUT, context)
        tolerance = self.parameterAsDouble(parameters, self.TOLERANCE, context)
        if location is None and source is None:
            raise QgsProcessingException(self.tr("Give a grid store, a grids layer, or both."))
        communities, district, retired = None, None, set()
        records = []
        try:
            if location is not None:
                with self.openStore(parameters, context, feedback) as store:
                    communities = store.community_geometries()
                    district = store.district_geometry()
                    retired = store.retired_grid_codes()
                    if source is None:
                        records = [
                            GridRecord(
                                r["fid"],
                                r["code"],
                                r["community_code"],
                                r["town_code"],
                                r["status"],
                                r["geom"],
                            )
                            for r in store.grid_records()
                        ]
        except StoreError as error:
            raise self.fail(error) from error
        if source is not None:
            records = self.layer_records(source, context, feedback)
            if district is None:
                # Without a store, the district is what the grids cover, holes included.
                covered = shapely.union_all(
                    [r.geometry for r in records if r.geometry and r.geometry.is_valid]
                )
                district = shapely.Polygon() if covered.is_empty else _without_holes(covered)
                feedback.pushInfo(
                    self.tr("No store: communities are not checked; gaps are holes in the grids.")
                )
        feedback.setProgress(30)
        problems = check_grids(records, communities, district, retired, tolerance)
        rows = []
        for problem in problems:
            where = problem.geometry
            if where is not None and where.geom_type == "Point":
                where = shapely.box(
                    where.x - SPOT_HALF_WIDTH,
                    where.y - SPOT_HALF_WIDTH,
                    where.x + SPOT_HALF_WIDTH,
                    where.y + SPOT_HALF_WIDTH,
                )
            if where is not None:
                where = shapely.MultiPolygon(
                    [p for p in shapely.get_parts(where) if p.geom_type == "Polygon"]
                )
            blob = geometry_blob.encode([where], 4549)[0] if where is not None else None
            rows.append(
                (blob, problem.rule, ", ".join(problem.codes), problem.text(self.language()))
            )
        value = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        output = write_table(
            value,
            "grid_problems",
            COLUMNS,
            rows,
            geometry_type="MULTIPOLYGON",
            encoding=csv_encoding(self, parameters, context),
            kind="problems",
        )
        style_on_load(context, value, "problems")
        feedback.pushInfo(
            self.tr("{grids} grids checked: {count} problems").format(
                grids=len(records), count=len(problems)
            )
        )
        return {self.OUTPUT: output}

    def layer_records(self, source, context, feedback):
        import shapely

        from ..core.grid_checks import GridRecord

        names = source.fields().names()
        missing = [n for n in ("code", "community_code", "town_code") if n not in names]
        if missing:
            raise QgsProcessingException(
                self.tr("The grids layer has no field {fields}.").format(fields=", ".join(missing))
            )
        transform = QgsCoordinateTransform(
            source.sourceCrs(), QgsCoordinateReferenceSystem("EPSG:4549"), context.project()
        )
        records = []
        for feature in source.getFeatures(QgsFeatureRequest()):
            if feedback.isCanceled():
                break
            geometry = feature.geometry()
            shape = None
            if not geometry.isNull() and not geometry.isEmpty():
                geometry.transform(transform)
                shape = shapely.from_wkb(bytes(geometry.asWkb()))
            values = dict(zip(names, feature.attributes()))
            records.append(
                GridRecord(
                    feature.id(),
                    str(values["code"] or ""),
                    str(values["community_code"] or ""),
                    str(values["town_code"] or ""),
                    str(values.get("status") or "active"),
                    shape,
                )
            )
        return records


def _without_holes(geometry):
    import shapely

    return shapely.union_all(
        [
            shapely.Polygon(p.exterior)
            for p in shapely.get_parts(geometry)
            if p.geom_type == "Polygon"
        ]
    )
