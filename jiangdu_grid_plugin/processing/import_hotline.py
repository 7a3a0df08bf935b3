"""jiangdu_grid:import_hotline — 12345 hotline records as routed incidents."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterVectorDestination,
)

from ..core.privacy import column_kinds, mask_values
from .base import IncidentsAlgorithm
from .inputs import checkable, read_input
from .output_styles import hotline_outcomes, style_on_load
from .outputs import StagedTable, add_csv_encoding_parameter, csv_encoding

SYSTEMS = ("wgs84", "gcj02", "bd09")
# (parameter, mapping role, optional)
COLUMNS = (
    ("TICKET_FIELD", "ticket", False),
    ("TIME_FIELD", "time", False),
    ("PHONE_FIELD", "phone", True),
    ("CALLER_FIELD", "caller", True),
    ("ADDRESS_FIELD", "address", False),
    ("LONGITUDE_FIELD", "longitude", False),
    ("LATITUDE_FIELD", "latitude", False),
    ("CONTENT_FIELD", "content", False),
    ("FACILITY_FIELD", "facility_code", True),
    ("CATEGORY_FIELD", "catalog_item", True),
)


class ImportHotlineAlgorithm(IncidentsAlgorithm):
    INPUT = "INPUT"
    GEOPACKAGE = "GEOPACKAGE"
    COORDINATES = "COORDINATES"
    DRY_RUN = "DRY_RUN"
    UNMASKED = "UNMASKED"
    OUTPUT = "OUTPUT"
    ERRORS = "ERRORS"

    def name(self) -> str:
        return "import_hotline"

    def displayName(self) -> str:
        return self.tr("Import 12345 hotline records")

    def shortHelpString(self) -> str:
        return self.tr(
            "Imports a 12345 hotline export (CSV in UTF-8 or GB18030, Excel's Unicode text, "
            "XLSX, or any table) as incidents: source 12345 hotline, step reported. Each row "
            "is placed by its "
            "coordinates (in the coordinate system you name: hotline web maps give GCJ-02 or "
            "BD-09), else by a facility code, else by the community its address names, and "
            "routed to its grid. The batch is written in one transaction: all rows or none.\n\n"
            "Rows that cannot be imported go to the errors table with every column and the "
            "reason: empty or repeated ticket id, already imported, unreadable time, bad, "
            "swapped or out-of-range coordinates, a place outside the district. A batch that "
            "looks like unconverted GCJ-02 or BD-09 is flagged with the offset. Importing the "
            "same file again changes nothing; a report from the same phone within 50 m on "
            "the same day is linked to the earlier one as a possible duplicate. Dry run checks "
            "everything and writes nothing.\n\n"
            "Also refused, each for its row: a time before 2000 or later than tomorrow (a typo "
            "in the year), a ticket id holding control characters (such as a NUL byte), a row "
            "of a CSV file whose quote is never closed or whose cell is impossibly long (the "
            "rows after it are read as rows of their own). Control characters in the other "
            "text cells are removed, and the row's note says so. A phone number that is "
            "neither a mobile nor a landline number is imported as given and named in the "
            "row's note: the call happened, and the office can still ring back or correct "
            "it.\n\n"
            "Personal information is masked in both outputs: columns named like a phone "
            "(电话, 手机, 联系方式, 来电号码, phone...) or a person (姓名, 联系人, 来电人, "
            "caller, name...) and the columns you map as the caller's phone and name are "
            "masked whole (138****5678, 张*), and in every other cell anything shaped like a "
            "phone number and the caller's name are masked. The store keeps them in full. "
            "Tick the last option only when your role needs them in full."
        ) + self.tr(
            "\n\nThe import and its two outputs land together or not at all: the outputs are "
            "written before the incidents are committed and appear only once they are, so "
            "that a failure or Cancel leaves the store and the outputs as they were. An input "
            "column named like one of an output's own columns (fid, ticket, grid_code, "
            "note...) comes out as input_<name>."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT,
                self.tr("Hotline export (table, layer or CSV file)"),
                [QgsProcessing.SourceType.TypeVector],
            )
        )
        self.addStoreParameter(self.GEOPACKAGE)
        labels = {
            "ticket": self.tr("Ticket id column"),
            "time": self.tr("Time column"),
            "phone": self.tr("Caller phone column"),
            "caller": self.tr("Caller name column"),
            "address": self.tr("Address column"),
            "longitude": self.tr("Longitude column"),
            "latitude": self.tr("Latitude column"),
            "content": self.tr("Content column"),
            "facility_code": self.tr("Facility code column"),
            "catalog_item": self.tr("Catalogue item column"),
        }
        for name, role, optional in COLUMNS:
            self.addParameter(
                QgsProcessingParameterField(
                    name, labels[role], parentLayerParameterName=self.INPUT, optional=optional
                )
            )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.COORDINATES,
                self.tr("Coordinate system of the longitude and latitude"),
                [
                    self.tr("WGS84 / CGCS2000"),
                    self.tr("GCJ-02 (Amap, Tencent)"),
                    self.tr("BD-09 (Baidu)"),
                ],
                defaultValue=1,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.DRY_RUN,
                self.tr("Dry run (check and route, write nothing)"),
                defaultValue=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.UNMASKED,
                self.tr("Write phone numbers and names in full (personal information)"),
                defaultValue=False,
            )
        )
        for name, label, kind in (
            (self.OUTPUT, self.tr("Imported incidents"), QgsProcessing.SourceType.TypeVectorPoint),
            (self.ERRORS, self.tr("Rows not imported"), QgsProcessing.SourceType.TypeVector),
        ):
            output = QgsProcessingParameterVectorDestination(name, label, kind)
            output.setSupportsNonFileBasedOutput(False)
            self.addParameter(output)
        add_csv_encoding_parameter(self)

    def checkParameterValues(self, parameters, context):
        return super().checkParameterValues(checkable(parameters, self.INPUT), context)

    def processAlgorithm(self, parameters, context, feedback):
        import shapely

        from ..core.geocoding import FacilityIndex
        from ..core.hotline import HotlineError, HotlineImport, ImportResult
        from ..core.routing.cache import cached_router
        from ..core.store import StoreError
        from ..core.store.sqlite import geometry_blob
        from ..core.text import UserError

        table = read_input(self, parameters, self.INPUT, context)
        columns, rows = table.columns, table.rows
        mapping = {
            role: self.parameterAsString(parameters, name, context) for name, role, _ in COLUMNS
        }
        mapping = {role: column for role, column in mapping.items() if column}
        system = SYSTEMS[self.parameterAsEnum(parameters, self.COORDINATES, context)]
        dry_run = self.parameterAsBool(parameters, self.DRY_RUN, context)
        feedback.pushInfo(self.tr("{count} rows read").format(count=len(rows)))
        kinds = column_kinds(columns, mapping.get("phone"), mapping.get("caller"))
        unmasked = self.parameterAsBool(parameters, self.UNMASKED, context)
        encoding = csv_encoding(self, parameters, context)
        values = {
            name: self.parameterAsOutputLayer(parameters, name, context)
            for name in (self.OUTPUT, self.ERRORS)
        }
        kinds_of = {self.OUTPUT: "imported", self.ERRORS: "not_imported"}
        outputs = {
            self.OUTPUT: StagedTable(
                values[self.OUTPUT], "imported_incidents", encoding, kinds_of[self.OUTPUT]
            )
        }
        try:
            outputs[self.ERRORS] = StagedTable(
                values[self.ERRORS], "hotline_rows_not_imported", encoding, kinds_of[self.ERRORS]
            )

            def masked(values):
                return list(values) if unmasked else mask_values(values, kinds)

            def write_outputs(result: ImportResult) -> None:
                """Both outputs, before the store commits the import."""
                points = (
                    geometry_blob.encode(
                        shapely.points([(r["x"], r["y"]) for r in result.imported]), 4549
                    )
                    if result.imported
                    else []
                )

                def imported(output, layer):
                    output.add_table(
                        layer, ImportResult.imported_columns(columns), geometry_type="POINT"
                    )
                    output.insert(
                        layer,
                        ((blob, *masked(row)) for blob, row in zip(points, result.imported_rows())),
                    )

                def not_imported(output, layer):
                    output.add_table(layer, ImportResult.not_imported_columns(columns))
                    output.insert(layer, (masked(row) for row in result.not_imported_rows(rows)))

                outputs[self.OUTPUT].write(imported)
                outputs[self.ERRORS].write(not_imported)

            with self.openStore(parameters, context, feedback, writes=True) as store:
                run = HotlineImport(
                    store,
                    cached_router(store, language=self.language()),
                    FacilityIndex.of_store(store),
                    self.language(),
                    system,
                )
                result = run.run(
                    columns,
                    rows,
                    mapping,
                    dry_run=dry_run,
                    unreadable={problem.row: problem.text for problem in table.problems},
                    progress=self.progress(feedback),
                    before_commit=write_outputs,
                )
            results = {name: output.publish() for name, output in outputs.items()}
            for name, kind in kinds_of.items():
                style_on_load(context, values[name], kind)
        except (HotlineError, StoreError, UserError, ValueError) as error:
            raise self.fail(error) from error
        finally:
            for output in outputs.values():
                output.discard()
        for warning in result.warnings:
            feedback.reportError(warning, fatalError=False)
        labels = hotline_outcomes()
        for outcome, count in sorted(result.counts.items()):
            feedback.pushInfo(
                self.tr("{outcome} ({code}): {count}").format(
                    outcome=labels.get(outcome, outcome), code=outcome, count=count
                )
            )
        feedback.pushInfo(
            self.tr("{rows} rows in = {imported} imported + {errors} not imported{dry}").format(
                rows=len(rows),
                imported=len(result.imported),
                errors=len(result.errors),
                dry=self.tr(" (dry run: nothing written)") if dry_run else "",
            )
        )
        feedback.setProgress(100)
        return results
