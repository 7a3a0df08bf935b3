"""jiangdu_grid:density_by_town — incident or enforcement density, by town and grid, and
as a kernel-density raster."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from ..core.reference_data import INCIDENT_STATES
from ..core.store.schema import INCIDENT_SOURCES
from .base import SupervisionAlgorithm
from .output_styles import store_raster_style, style_on_load
from .outputs import add_csv_encoding_parameter, csv_encoding, write_table
from .periods import PERIOD_END, PERIOD_START, add_period_parameters, period

LAYERS = ("incidents", "enforcement_cases")
STEPS = tuple(state.code for state in INCIDENT_STATES)
NODATA = -9999.0
TABLE_COLUMNS = [
    ("code", "TEXT"),
    ("name", "TEXT"),
    ("town_code", "TEXT"),
    ("count", "INTEGER"),
    ("area_km2", "REAL"),
    ("population", "INTEGER"),
    ("per_km2", "REAL"),
    ("per_10k", "REAL"),
    ("share", "REAL"),
    ("previous", "INTEGER"),
    ("change", "INTEGER"),
    ("change_pct", "REAL"),
]


class DensityByTownAlgorithm(SupervisionAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    LAYER = "LAYER"
    PERIOD_START = PERIOD_START
    PERIOD_END = PERIOD_END
    CATEGORY = "CATEGORY"
    STEP = "STEP"
    SOURCE = "SOURCE"
    TOWN = "TOWN"
    RADIUS = "RADIUS"
    PIXEL_SIZE = "PIXEL_SIZE"
    DENSITY = "DENSITY"
    TOWNS = "TOWNS"
    GRIDS = "GRIDS"

    def name(self) -> str:
        return "density_by_town"

    def displayName(self) -> str:
        return self.tr("Density by town")

    def shortHelpString(self) -> str:
        return self.tr(
            "Where incidents or enforcement cases concentrate. For the chosen town (or the "
            "whole district) and period, it writes a table of towns and a table of grids "
            "(count, per km2, per 10,000 people, share of the district, and the change "
            "against the previous period of the same length), and a kernel-density raster "
            "clipped to the town or the district.\n\n"
            "The raster follows QGIS's Heatmap (kernel density estimation) with the quartic "
            "kernel and raw values: each pixel holds the sum over the points within the "
            "radius of (1 - (d/radius)^2)^2. It is computed by binning and an FFT, in a "
            "fraction of the time. Radius and pixel size are in metres (EPSG:4549)."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.LAYER,
                self.tr("Density of"),
                [self.tr("Incidents"), self.tr("Enforcement cases")],
                defaultValue=0,
            )
        )
        add_period_parameters(self)
        self.addParameter(
            QgsProcessingParameterString(
                self.TOWN,
                self.tr("Town (name or code; empty for the whole district)"),
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.RADIUS,
                self.tr("Radius (metres)"),
                QgsProcessingParameterNumber.Type.Integer,
                500,
                minValue=1,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.PIXEL_SIZE,
                self.tr("Pixel size (metres)"),
                QgsProcessingParameterNumber.Type.Integer,
                40,
                minValue=1,
            )
        )
        for parameter in (
            QgsProcessingParameterString(
                self.CATEGORY, self.tr("Event category code (incidents only)"), optional=True
            ),
            QgsProcessingParameterEnum(
                self.STEP,
                self.tr("Step (incidents only)"),
                [s.label_zh if self.language() == "zh" else s.label_en for s in INCIDENT_STATES],
                optional=True,
            ),
            QgsProcessingParameterEnum(
                self.SOURCE,
                self.tr("Source (incidents only)"),
                [
                    self.tr("Patrol"),
                    self.tr("12345 hotline"),
                    self.tr("Police online sentiment"),
                    self.tr("Three-level duty linkage"),
                    self.tr("Superior"),
                ],
                optional=True,
            ),
        ):
            parameter.setFlags(
                parameter.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced
            )
            self.addParameter(parameter)
        self.addParameter(
            QgsProcessingParameterRasterDestination(self.DENSITY, self.tr("Density raster"))
        )
        for name, label in (
            (self.TOWNS, self.tr("Density by town")),
            (self.GRIDS, self.tr("Density by grid")),
        ):
            output = QgsProcessingParameterVectorDestination(
                name, label, QgsProcessing.SourceType.TypeVectorPolygon
            )
            output.setSupportsNonFileBasedOutput(False)
            self.addParameter(output)
        add_csv_encoding_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):
        import shapely

        from ..core.density import RasterGrid, kernel_density, polygon_mask, summarize
        from ..core.progress import CanceledError
        from ..core.store import StoreError

        layer = LAYERS[self.parameterAsEnum(parameters, self.LAYER, context)]
        radius = self.parameterAsDouble(parameters, self.RADIUS, context)
        pixel = self.parameterAsDouble(parameters, self.PIXEL_SIZE, context)
        start, end = period(self, parameters, context)
        filters = self.filters(parameters, context, layer, feedback)
        town_text = self.parameterAsString(parameters, self.TOWN, context).strip()
        try:
            with self.openStore(parameters, context, feedback) as store:
                towns = store.density_units("town")
                town = self.choose_town(towns, town_text)
                area = town["geom"] if town else shapely.union_all([t["geom"] for t in towns])
                grid = RasterGrid.covering(area.bounds, pixel)
                # Points near the town count wherever they were routed, as in QGIS: all
                # are read, and those beyond the radius of the raster left out.
                x, y = store.density_points(layer, start=start, end=end, **filters)
                feedback.pushInfo(self.tr("{count} points").format(count=len(x)))
                feedback.setProgress(20)
                progress = self.progress(feedback)
                density = kernel_density(x, y, grid, radius, progress=progress.part(0.2, 0.5))
                progress.check()
                density[~polygon_mask(area, grid)] = NODATA
                feedback.setProgress(60)
                summaries = {}
                district_total = sum(
                    store.density_counts(layer, "town", start=start, end=end, **filters).values()
                )
                for level, units in (
                    ("town", towns),
                    ("grid", store.density_units("grid", town["code"] if town else None)),
                ):
                    counts = store.density_counts(layer, level, start=start, end=end, **filters)
                    previous = None
                    if start is not None and end is not None:
                        previous = store.density_counts(
                            layer, level, start=start - (end - start), end=start, **filters
                        )
                    summaries[level] = (units, summarize(units, counts, previous, district_total))
        except (StoreError, CanceledError) as error:
            raise self.fail(error) from error
        results = {
            self.DENSITY: self.write_raster(
                self.parameterAsOutputLayer(parameters, self.DENSITY, context), grid, density
            )
        }
        store_raster_style(results[self.DENSITY])
        feedback.setProgress(80)
        targets = {}
        for name, level in ((self.TOWNS, "town"), (self.GRIDS, "grid")):
            units, summary = summaries[level]
            targets[name] = self.parameterAsOutputLayer(parameters, name, context)
            results[name] = self.write_table(
                targets[name],
                f"{level}_density",
                units,
                summary,
                csv_encoding(self, parameters, context),
            )
        # Loaded into the project: the heat on top (transparent where there is none),
        # the towns' choropleth under it, the grids' under that, unchecked: each of the
        # opaque choropleths would hide what lies below it.
        group = []
        style_on_load(context, results[self.DENSITY], "raster", group)
        style_on_load(context, targets[self.TOWNS], "density", group)
        style_on_load(context, targets[self.GRIDS], "density", group, shown=False)
        feedback.pushInfo(
            self.tr("Peak density {peak:.1f} (sum of kernel weights)").format(
                peak=float(density.max()) if density.size else 0.0
            )
        )
        return results

    # Parameters

    def filters(self, parameters, context, layer, feedback) -> dict:
        chosen = dict(
            category_code=self.parameterAsString(parameters, self.CATEGORY, context).strip()
            or None,
            step=STEPS[self.parameterAsEnum(parameters, self.STEP, context)]
            if parameters.get(self.STEP) not in (None, "")
            else None,
            source=INCIDENT_SOURCES[self.parameterAsEnum(parameters, self.SOURCE, context)]
            if parameters.get(self.SOURCE) not in (None, "")
            else None,
        )
        if layer != "incidents" and any(chosen.values()):
            feedback.pushWarning(
                self.tr("Category, step and source apply to incidents only; they are ignored.")
            )
            return {}
        return {key: value for key, value in chosen.items() if value}

    def choose_town(self, towns, text):
        if not text:
            return None
        for town in towns:
            if text in (town["code"], town["name"], town["name"].rstrip("镇")):
                return town
        raise QgsProcessingException(
            self.tr("No town {text}; the towns are: {names}").format(
                text=text, names=", ".join(t["name"] for t in towns)
            )
        )

    # Outputs

    def write_raster(self, target: str, grid, density) -> str:
        from osgeo import gdal, osr

        Path(target).parent.mkdir(parents=True, exist_ok=True)
        driver = gdal.GetDriverByName("GTiff")
        dataset = driver.Create(target, grid.columns, grid.rows, 1, gdal.GDT_Float32)
        if dataset is None:
            raise QgsProcessingException(self.tr("Cannot write {path}").format(path=target))
        dataset.SetGeoTransform(grid.geotransform)
        reference = osr.SpatialReference()
        reference.ImportFromEPSG(4549)
        dataset.SetProjection(reference.ExportToWkt())
        band = dataset.GetRasterBand(1)
        band.SetNoDataValue(NODATA)
        band.WriteArray(density.astype("float32"))
        band.FlushCache()
        dataset = None
        return target

    def write_table(self, value, default_layer, units, summary, encoding="utf-8-sig"):
        from ..core.store.sqlite import geometry_blob

        blobs = geometry_blob.encode([u["geom"] for u in units], 4549)
        return write_table(
            value,
            default_layer,
            TABLE_COLUMNS,
            [
                (blob, *(r[name] for name, _ in TABLE_COLUMNS))
                for blob, r in zip(blobs, summary.rows)
            ],
            geometry_type="MULTIPOLYGON",
            encoding=encoding,
            kind="density",
        )
