"""jiangdu_grid:import_field_reports — what came back from the field, merged into the
store."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFile,
    QgsProcessingParameterVectorDestination,
)

from .base import IncidentsAlgorithm
from .outputs import StagedTable, add_csv_encoding_parameter, csv_encoding

COLUMNS = (
    ("package_row", "INTEGER"),
    ("kind", "TEXT"),
    ("outcome", "TEXT"),
    ("incident_fid", "INTEGER"),
    ("ticket", "TEXT"),
    ("grid_code", "TEXT"),
    ("duplicate_of", "TEXT"),
    ("photos", "INTEGER"),
    ("message", "TEXT"),
)


class ImportFieldReportsAlgorithm(IncidentsAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"
    IMPORTED = "IMPORTED"
    HANDLED = "HANDLED"
    CONFLICTS = "CONFLICTS"

    def name(self) -> str:
        return "import_field_reports"

    def displayName(self) -> str:
        return self.tr("Import field reports")

    def shortHelpString(self) -> str:
        return self.tr(
            "Merges a field package (made by Package an officer's field work and filled in "
            "QField or QGIS) into the store, in one transaction.\n\n"
            "New reports are routed by the store as any report is: ticket, grid, town, "
            "first step 采集上报, and marked as possible duplicates of an open incident of "
            "the same item within 50 m and 24 hours; their photos go with them. 处理反馈 "
            "written on a dispatched incident moves it to handled as the officer, with the "
            "before and after photos. Importing the same package again adds nothing.\n\n"
            "When the office moved a dispatched incident after the package was made, its "
            "feedback is a conflict: reported in the table, never written over. A report "
            "refused (no point, no or unknown item, no description, a point outside the "
            "district, a photo that is not a JPEG or PNG, too large or missing) stops the "
            "whole import: nothing is written, and the table says which row and why.\n\n"
            "The table has one row per report or feedback of the package, where it is, "
            "with what happened to it."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE)
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                self.tr("Field package (its GeoPackage)"),
                fileFilter=self.tr("GeoPackage (*.gpkg)"),
            )
        )
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT,
            self.tr("What happened to each row"),
            QgsProcessing.SourceType.TypeVectorPoint,
        )
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        add_csv_encoding_parameter(self)
        for name, label in (
            (self.IMPORTED, self.tr("Reports imported")),
            (self.HANDLED, self.tr("Feedback recorded")),
            (self.CONFLICTS, self.tr("Conflicts")),
        ):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def processAlgorithm(self, parameters, context, feedback):
        import shapely

        from ..core.intake.field_import import import_field_reports
        from ..core.store import StoreError
        from ..core.store.sqlite import geometry_blob
        from ..core.text import UserError

        package = self.parameterAsFile(parameters, self.INPUT, context)
        language = self.language()
        table = StagedTable(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            "field_import",
            csv_encoding(self, parameters, context),
        )

        def write_table(result) -> None:
            """The outcome of every row, before the store commits the import."""

            def fill(output, layer):
                output.add_table(layer, list(COLUMNS), geometry_type="POINT")
                points = [None if r.x is None else shapely.Point(r.x, r.y) for r in result.rows]
                blobs = geometry_blob.encode(points, 4549) if result.rows else []
                output.insert(
                    layer,
                    [
                        (
                            blob,
                            r.row,
                            r.kind,
                            r.outcome,
                            r.fid,
                            r.ticket,
                            r.grid_code,
                            r.duplicate_of,
                            r.photos,
                            r.message(language),
                        )
                        for blob, r in zip(blobs, result.rows)
                    ],
                )

            table.write(fill)

        try:
            with self.openStore(parameters, context, feedback, writes=True) as store:
                result = import_field_reports(
                    store,
                    package,
                    language,
                    before_commit=write_table,
                    progress=self.progress(feedback),
                )
            if not result.written:  # nothing went into the store: the table alone
                write_table(result)
            published = table.publish()
        except (StoreError, UserError) as error:
            raise self.fail(error) from error
        finally:
            table.discard()
        counts = result.counts
        for row in result.rows:
            if row.outcome in ("refused", "conflict"):
                feedback.reportError(row.message(language), fatalError=False)
        for outcome, count in sorted(counts.items()):
            feedback.pushInfo(self.tr("{outcome}: {count}").format(outcome=outcome, count=count))
        if not result.written:
            feedback.reportError(
                self.tr("Nothing was imported: the package has refused rows (see the table)."),
                fatalError=False,
            )
        return {
            self.OUTPUT: published,
            self.IMPORTED: counts["imported"],
            self.HANDLED: counts["handled"],
            self.CONFLICTS: counts["conflict"],
        }
