"""jiangdu_grid:import_hotline — 12345 hotline records as routed incidents."""

from __future__ import annotations

import shutil
from pathlib import Path

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
from .outputs import (
    add_csv_encoding_parameter,
    csv_encoding,
    destination,
    finish,
    working_file,
)

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
        from ..core.hotline import HotlineError, HotlineImport
        from ..core.outputs import OutputGeoPackage
        from ..core.routing import Router
        from ..core.store import StoreError
        from ..core.store.sqlite import geometry_blob

        table = read_input(self, parameters, self.INPUT, context)
        columns, rows = table.columns, table.rows
        mapping = {
            role: self.parameterAsString(parameters, name, context) for name, role, _ in COLUMNS
        }
        mapping = {role: column for role, column in mapping.items() if column}
        system = SYSTEMS[self.parameterAsEnum(parameters, self.COORDINATES, context)]
        dry_run = self.parameterAsBool(parameters, self.DRY_RUN, context)
        feedback.pushInfo(self.tr("{count} rows read").format(count=len(rows)))
        try:
            with self.openStore(parameters, context, feedback, writes=True) as store:
                run = HotlineImport(
                    store,
                    Router.from_store(store, language=self.language()),
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
                )
        except HotlineError as error:
            raise self.fail(error) from error
        except (StoreError, ValueError) as error:
            raise self.fail(error) from error
        for warning in result.warnings:
            feedback.reportError(warning, fatalError=False)
        kinds = column_kinds(columns, mapping.get("phone"), mapping.get("caller"))
        unmasked = self.parameterAsBool(parameters, self.UNMASKED, context)

        def masked(values):
            return list(values) if unmasked else mask_values(values, kinds)

        results, scratch = {}, []
        try:
            imported_value = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
            target = destination(
                imported_value, "imported_incidents", csv_encoding(self, parameters, context)
            )
            with OutputGeoPackage(working_file(target, scratch)) as output:
                output.add_table(
                    target.layer,
                    [(c, "TEXT") for c in columns]
                    + [
                        ("input_row", "INTEGER"),
                        ("incident_fid", "INTEGER"),
                        ("ticket", "TEXT"),
                        ("located_by", "TEXT"),
                        ("grid_code", "TEXT"),
                        ("community", "TEXT"),
                        ("town", "TEXT"),
                        ("officers", "TEXT"),
                        ("rule", "TEXT"),
                        ("reason", "TEXT"),
                        ("note", "TEXT"),
                    ],
                    geometry_type="POINT",
                )
                blobs = (
                    geometry_blob.encode(
                        shapely.points([(r["x"], r["y"]) for r in result.imported]), 4549
                    )
                    if result.imported
                    else []
                )
                output.insert(
                    target.layer,
                    [
                        (
                            blob,
                            *masked(
                                [
                                    *r["values"],
                                    r["row"],
                                    None if dry_run else r["fid"],
                                    r["ticket"],
                                    r["located_by"],
                                    r["grid_code"],
                                    r["community"],
                                    r["town"],
                                    ",".join(p.name for p in r["officers"]),
                                    r["rule"],
                                    r["reason"],
                                    r["note"],
                                ]
                            ),
                        )
                        for blob, r in zip(blobs, result.imported)
                    ],
                )
                results[self.OUTPUT] = finish(target, output, "imported")
            style_on_load(context, imported_value, "imported")
            errors_value = self.parameterAsOutputLayer(parameters, self.ERRORS, context)
            target = destination(
                errors_value, "hotline_rows_not_imported", csv_encoding(self, parameters, context)
            )
            with OutputGeoPackage(working_file(target, scratch)) as output:
                output.add_table(
                    target.layer,
                    [(c, "TEXT") for c in columns]
                    + [("input_row", "INTEGER"), ("reason_code", "TEXT"), ("reason", "TEXT")],
                )
                output.insert(
                    target.layer,
                    [
                        masked([*rows[number - 1], number, code, text])
                        for number, code, text in result.errors
                    ],
                )
                results[self.ERRORS] = finish(target, output, "not_imported")
            style_on_load(context, errors_value, "not_imported")
        finally:
            for temporary in scratch:
                shutil.rmtree(Path(temporary).parent, ignore_errors=True)
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
        return results
