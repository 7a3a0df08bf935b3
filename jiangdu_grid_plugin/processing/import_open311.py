"""jiangdu_grid:import_open311 — Open311 GeoReport v2 requests from another system, as
incidents, through the hotline import's checks."""

from __future__ import annotations

import json

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from .base import IncidentsAlgorithm
from .outputs import StagedTable, add_csv_encoding_parameter, csv_encoding

COLUMNS = [
    ("service_request_id", "TEXT"),
    ("outcome", "TEXT"),
    ("incident_fid", "INTEGER"),
    ("grid_code", "TEXT"),
    ("town", "TEXT"),
    ("note", "TEXT"),
]


class ImportOpen311Algorithm(IncidentsAlgorithm):
    INPUT = "INPUT"
    GEOPACKAGE = "GEOPACKAGE"
    SYSTEM = "SYSTEM"
    DRY_RUN = "DRY_RUN"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "import_open311"

    def displayName(self) -> str:
        return self.tr("Import Open311 requests")

    def shortHelpString(self) -> str:
        return self.tr(
            "Imports service requests from another system in Open311 GeoReport v2 form (a "
            "GET requests response saved as JSON: an array of requests) as incidents at the "
            "step reported, through the same checks as the 12345 hotline import: "
            "service_request_id is the ticket (a ticket already in the store is refused, so "
            "importing again changes nothing), requested_datetime the time, lat and long "
            "(WGS-84) the place (else the community its address names), description the "
            "content, service_code the catalogue item. Each request is placed and routed "
            "to its grid; the batch is written in one transaction. The output has a row per "
            "request: imported, or the reason it was not. Dry run checks everything and "
            "writes nothing.\n\n"
            "The requests are stored as 12345 hotline cases (source hotline_12345; the store "
            "has no source of its own for another system), with the system's name as who "
            "reported them. So they take the hotline's moves and answers: after closing, "
            "the caller's satisfaction is followed up (回访) and an unsatisfied follow-up "
            "reopens the case (返工); they count as hotline cases in the figures by source; "
            "and they are among the tickets Replies to the 12345 hotline writes back."
        ) + self.tr(
            "\n\nThe import and its output land together or not at all: the output is "
            "written before the incidents are committed and appears only once they are, so "
            "that an output that cannot be written leaves the store as it was."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                self.tr("Open311 requests (JSON)"),
                fileFilter=self.tr("JSON (*.json);;All files (*)"),
            )
        )
        self.addStoreParameter(self.GEOPACKAGE)
        self.addParameter(
            QgsProcessingParameterString(
                self.SYSTEM, self.tr("The system the requests come from"), defaultValue="Open311"
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.DRY_RUN, self.tr("Dry run (check and route, write nothing)"), False
            )
        )
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Outcome of each request"), QgsProcessing.SourceType.TypeVector
        )
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        add_csv_encoding_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.answers import OPEN311_MAPPING, open311_table
        from ..core.geocoding import FacilityIndex
        from ..core.hotline import HotlineError, HotlineImport
        from ..core.routing.cache import cached_router
        from ..core.store import StoreError
        from ..core.text import Text, UserError

        path = self.parameterAsFile(parameters, self.INPUT, context)
        try:
            with open(path, encoding="utf-8-sig") as handle:
                requests = json.load(handle)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise self.fail(
                UserError(
                    Text(
                        "{path} is not Open311 JSON: {error}", "{path} 不是 Open311 JSON：{error}"
                    ).format(path=path, error=error)
                )
            ) from error
        if isinstance(requests, dict):  # some servers wrap the array
            requests = requests.get("service_requests", requests.get("requests", []))
        if not isinstance(requests, list):
            raise self.fail(
                UserError(
                    Text(
                        "{path}: an Open311 requests file holds an array of requests",
                        "{path}：Open311 请求文件应为请求数组",
                    ).format(path=path)
                )
            )
        columns, rows = open311_table(requests)
        system = self.parameterAsString(parameters, self.SYSTEM, context).strip() or "Open311"
        dry_run = self.parameterAsBool(parameters, self.DRY_RUN, context)

        def outcome_rows(result) -> list[tuple]:
            return [
                (
                    r["ticket"],
                    "imported",
                    None if dry_run else r["fid"],
                    r["grid_code"],
                    r["town"],
                    r["note"],
                )
                for r in result.imported
            ] + [
                (rows[number - 1][0], code, None, None, None, text)
                for number, code, text in result.errors
            ]

        output = StagedTable(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            "open311_requests",
            csv_encoding(self, parameters, context),
        )

        def write_output(result) -> None:
            """The outcome of each request, before the store commits the import."""

            def fill(table, layer):
                table.add_table(layer, COLUMNS)
                table.insert(layer, outcome_rows(result))

            output.write(fill)

        try:
            with self.openStore(parameters, context, feedback, writes=True) as store:
                run = HotlineImport(
                    store,
                    cached_router(store, language=self.language()),
                    FacilityIndex.of_store(store),
                    self.language(),
                    "wgs84",
                    reported_by=system,
                )
                result = run.run(
                    columns, rows, OPEN311_MAPPING, dry_run=dry_run, before_commit=write_output
                )
            published = output.publish()
        except (HotlineError, StoreError, ValueError) as error:
            raise self.fail(error) from error
        finally:
            output.discard()
        for warning in result.warnings:
            feedback.reportError(warning, fatalError=False)
        feedback.pushInfo(
            self.tr("{rows} requests = {imported} imported + {errors} not imported").format(
                rows=len(rows), imported=len(result.imported), errors=len(result.errors)
            )
        )
        return {self.OUTPUT: published}
