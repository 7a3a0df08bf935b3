"""jiangdu_grid:export_open311 — Open311 GeoReport v2 files for other systems."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterString,
)

from .base import SupervisionAlgorithm


class ExportOpen311Algorithm(SupervisionAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    OUTPUT = "OUTPUT"
    MEDIA_BASE_URL = "MEDIA_BASE_URL"
    REQUESTS = "REQUESTS"
    PHOTOS = "PHOTOS"

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
            "Photos: GeoReport v2 gives a request one media_url, so each incident's first "
            "photo (the oldest that can be read) is written into a media folder beside the "
            "two files, named <ticket>_<n>.jpg or .png (n: its place among the incident's "
            "photos; a ticket with characters no file name may hold, or differing from "
            "another only in case, is followed by a short digest of it), and media_url is "
            "media/<file>, relative to requests.json. Where the "
            "command centre publishes that folder on the web, give its address as media "
            "base URL: media_url is then <media base URL>/<file>. A photo stored as a path "
            "that no longer exists is left out, and the log names its incident's ticket. "
            "A media folder already there is replaced; if the export fails, nothing is "
            "written.\n\n"
            "No personal data is written: no caller's name or phone, no staff names or "
            "notes, and phone-shaped text in a description or address is masked (photos "
            "are written as they were taken)."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE)
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, self.tr("Folder")))
        self.addParameter(
            QgsProcessingParameterString(
                self.MEDIA_BASE_URL,
                self.tr("Media base URL (where the media folder is published)"),
                optional=True,
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.REQUESTS, self.tr("Requests written")))
        self.addOutput(QgsProcessingOutputNumber(self.PHOTOS, self.tr("Photos written")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.answers import (
            MEDIA_FOLDER,
            open311_requests,
            open311_services,
            write_open311_media,
        )
        from ..core.store import StoreError
        from ..core.text import UserError

        folder = Path(self.parameterAsString(parameters, self.OUTPUT, context))
        base_url = (self.parameterAsString(parameters, self.MEDIA_BASE_URL, context) or "").strip()
        if base_url and urlparse(base_url).scheme not in ("http", "https"):
            raise QgsProcessingException(
                self.tr(
                    "The media base URL must be a web address (http:// or https://): {url}"
                ).format(url=base_url)
            )
        created = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True)
        # Everything is written into a staging folder beside the files and moved into place
        # at the end: a failed or cancelled export leaves the folder as it was.
        staging = Path(tempfile.mkdtemp(prefix=".open311-", dir=folder))
        done = False
        try:
            try:
                with self.openStore(parameters, context, feedback) as store:
                    services = open311_services(store)
                    feedback.setProgress(10)
                    media = write_open311_media(
                        store,
                        staging / MEDIA_FOLDER,
                        base_url or None,
                        self.progress(feedback).part(0.1, 0.8),
                    )
                    requests = open311_requests(store, media.urls)
            except (StoreError, UserError) as error:
                raise self.fail(error) from error
            for missing in media.missing:
                feedback.pushWarning(missing(self.language()))
            for name, content in (("services.json", services), ("requests.json", requests)):
                with open(staging / name, "w", encoding="utf-8") as handle:
                    json.dump(content, handle, ensure_ascii=False, indent=1)
            if feedback.isCanceled():
                raise QgsProcessingException(self.tr("Cancelled: nothing was written."))
            if (folder / MEDIA_FOLDER).exists():
                os.replace(folder / MEDIA_FOLDER, staging / "replaced")
            if media.files:
                os.replace(staging / MEDIA_FOLDER, folder / MEDIA_FOLDER)
            for name in ("services.json", "requests.json"):
                os.replace(staging / name, folder / name)
            done = True
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if created and not done:
                shutil.rmtree(folder, ignore_errors=True)
        feedback.pushInfo(
            self.tr("{services} services and {requests} requests written to {folder}").format(
                services=len(services), requests=len(requests), folder=folder
            )
        )
        if media.files:
            feedback.pushInfo(
                self.tr("{photos} photos written to {folder}").format(
                    photos=len(media.files), folder=folder / MEDIA_FOLDER
                )
            )
        return {
            self.OUTPUT: str(folder),
            self.REQUESTS: len(requests),
            self.PHOTOS: len(media.files),
        }
