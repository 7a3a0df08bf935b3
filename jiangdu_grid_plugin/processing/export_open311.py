"""jiangdu_grid:export_open311 — Open311 GeoReport v2 files for other systems."""

from __future__ import annotations

import json
from pathlib import Path

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterFolderDestination,
)

from .base import SupervisionAlgorithm


class ExportOpen311Algorithm(SupervisionAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    OUTPUT = "OUTPUT"
    REQUESTS = "REQUESTS"

    def name(self) -> str:
        return "export_open311"

    def displayName(self) -> str:
        return self.tr("Export to Open311 (GeoReport v2)")

    def shortHelpString(self) -> str:
        return self.tr(
            "Writes two Open311 GeoReport v2 files into the folder, UTF-8 JSON as the "
            "standard's GET responses: services.json, one service per item of the event "
            "catalogue (service_code, service_name, description, metadata, type, keywords, "
            "group), and requests.json, one request per incident (service_request_id = the "
            "ticket, status open or closed, status_notes = its step, service_code and "
            "service_name of its item, description, agency_responsible = the unit it was "
            "sent to, requested, updated and expected (deadline) datetimes in ISO 8601 with "
            "+08:00, address, lat and long in WGS-84, media_url where a photo exists).\n\n"
            "No personal data is written: no caller's name or phone, no staff names or "
            "notes, and phone-shaped text in a description or address is masked."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE)
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, self.tr("Folder")))
        self.addOutput(QgsProcessingOutputNumber(self.REQUESTS, self.tr("Requests written")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.answers import open311_requests, open311_services
        from ..core.store import StoreError

        folder = Path(self.parameterAsString(parameters, self.OUTPUT, context))
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with self.openStore(parameters, context, feedback) as store:
                services = open311_services(store)
                feedback.setProgress(20)
                requests = open311_requests(store)
        except StoreError as error:
            raise self.fail(error) from error
        for name, content in (("services.json", services), ("requests.json", requests)):
            with open(folder / name, "w", encoding="utf-8") as handle:
                json.dump(content, handle, ensure_ascii=False, indent=1)
        feedback.pushInfo(
            self.tr("{services} services and {requests} requests written to {folder}").format(
                services=len(services), requests=len(requests), folder=folder
            )
        )
        return {self.OUTPUT: str(folder), self.REQUESTS: len(requests)}
