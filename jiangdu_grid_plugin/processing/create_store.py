"""jiangdu_grid:create_store — a new, empty grid store."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFileDestination,
)

from .base import StoreAlgorithm


class CreateStoreAlgorithm(StoreAlgorithm):
    OUTPUT = "OUTPUT"
    OVERWRITE = "OVERWRITE"

    def name(self) -> str:
        return "create_store"

    def displayName(self) -> str:
        return self.tr("Create grid store")

    def shortHelpString(self) -> str:
        return self.tr(
            "Creates an empty grid store: a GeoPackage with the towns, communities, grids, "
            "facilities, officers, incidents and enforcement layers and tables, the workflow "
            "steps and facility classes, and a default style for every layer, in the file "
            "you choose. An existing file is replaced only when Overwrite is checked."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Overwrite an existing file"), defaultValue=False
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("Grid store file"), self.tr("GeoPackage (*.gpkg)")
            )
        )

    def checkParameterValues(self, parameters, context):
        if not self.fileChosen(parameters, self.OUTPUT):
            return False, self.tr(
                "Choose where to save the new grid store: a temporary file is deleted when "
                "QGIS closes."
            )
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.new_store import create_empty_store
        from ..core.store import StoreError
        from ..maps.fonts import cjk_family

        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        overwrite = self.parameterAsBool(parameters, self.OVERWRITE, context)
        try:
            create_empty_store(path, overwrite=overwrite, font=cjk_family())
        except StoreError as error:
            raise self.fail(error) from error
        feedback.pushInfo(self.tr("Created {path}").format(path=path))
        return {self.OUTPUT: path}
