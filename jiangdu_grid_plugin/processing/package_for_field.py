"""jiangdu_grid:package_for_field — an officer's field package (外业包) for QGIS and QField."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
)

from .base import IncidentsAlgorithm


class PackageForFieldAlgorithm(IncidentsAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    OFFICER = "OFFICER"
    OUTPUT = "OUTPUT"
    PACKAGE = "PACKAGE"
    PROJECT = "PROJECT"
    INCIDENTS = "INCIDENTS"

    def name(self) -> str:
        return "package_for_field"

    def displayName(self) -> str:
        return self.tr("Package an officer's field work")

    def shortHelpString(self) -> str:
        return self.tr(
            "Writes a field package (外业包) for one officer into a folder: a GeoPackage and a "
            "QGIS project beside it that QGIS and QField open offline. It holds the grids the "
            "officer serves today, their villages and communities, the facilities in use in "
            "them, the open incidents dispatched to those grids (with their photos, as files "
            "in photos/), and the event catalogue; the report form of the store (category, "
            "then item, description, address, photos) and a map that reads without a "
            "basemap. Reporters' names and phone numbers are masked.\n\n"
            "In the field the officer adds reports (with photos, taken as files beside the "
            "package) and writes 处理反馈 on the dispatched incidents. Copy the folder back "
            "and run Import field reports on its GeoPackage.\n\n"
            "Officer: the number (fid) of the officer in the store's officers table."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE)
        self.addParameter(
            QgsProcessingParameterNumber(
                self.OFFICER,
                self.tr("Officer (fid in the officers table)"),
                QgsProcessingParameterNumber.Type.Integer,
                minValue=1,
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT, self.tr("Package folder"))
        )
        self.addOutput(QgsProcessingOutputFile(self.PACKAGE, self.tr("Field package")))
        self.addOutput(QgsProcessingOutputFile(self.PROJECT, self.tr("Field project")))
        self.addOutput(
            QgsProcessingOutputNumber(self.INCIDENTS, self.tr("Dispatched incidents packaged"))
        )

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.intake.field_package import make_field_package
        from ..core.store import StoreError
        from ..core.text import UserError
        from ..maps.field_project import write_field_project

        officer = self.parameterAsInt(parameters, self.OFFICER, context)
        folder = self.parameterAsString(parameters, self.OUTPUT, context)
        try:
            with self.openStore(parameters, context, feedback) as store:
                package = make_field_package(
                    store, officer, folder, progress=self.progress(feedback).part(0, 0.7)
                )
        except (StoreError, UserError) as error:
            raise self.fail(error) from error
        feedback.setProgress(70)
        who = package.officer
        title = self.tr("Field package of {name} ({code})").format(
            name=who["name"], code=who["code"]
        )
        project = write_field_project(package.gpkg, title)
        counts = package.counts
        feedback.pushInfo(
            self.tr(
                "{grids} grids, {communities} villages and communities, {facilities} "
                "facilities, {incidents} dispatched incidents with {photos} photos."
            ).format(**counts)
        )
        feedback.pushInfo(self.tr("Open {project} in QGIS or QField.").format(project=project))
        return {
            self.OUTPUT: folder,
            self.PACKAGE: str(package.gpkg),
            self.PROJECT: str(project),
            self.INCIDENTS: counts["incidents"],
        }
