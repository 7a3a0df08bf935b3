"""jiangdu_grid:copy_store_to_geopackage — a whole store from PostGIS into a new
GeoPackage (the way back of jiangdu_grid:copy_store)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
)

from ..toolbelt import stores
from .base import StoreAlgorithm


class CopyStoreToGeoPackageAlgorithm(StoreAlgorithm):
    CONNECTION = "CONNECTION"
    SCHEMA = "SCHEMA"
    OUTPUT = "OUTPUT"
    OVERWRITE = "OVERWRITE"

    def name(self) -> str:
        return "copy_store_to_geopackage"

    def displayName(self) -> str:
        return self.tr("Copy grid store from PostGIS to a GeoPackage")

    def shortHelpString(self) -> str:
        return self.tr(
            "Copies a whole grid store from a schema of a PostgreSQL database with PostGIS "
            "into a new GeoPackage, in one transaction: every table with its codes, fids and "
            "histories, and the layer styles. The connection is one of QGIS's PostgreSQL "
            "connections; its password or authentication configuration stays in QGIS. The "
            "logins' towns (staff_towns) stay in PostGIS. An existing file is replaced only "
            "when Overwrite is checked."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterProviderConnection(
                self.CONNECTION, self.tr("PostgreSQL connection"), "postgres"
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.SCHEMA, self.tr("Schema"), defaultValue="jiangdu")
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Overwrite an existing file"), defaultValue=False
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("New GeoPackage store"), self.tr("GeoPackage (*.gpkg)")
            )
        )

    def checkParameterValues(self, parameters, context):
        if not self.fileChosen(parameters, self.OUTPUT):
            return False, self.tr(
                "Choose where to save the GeoPackage store: a temporary file is deleted "
                "when QGIS closes."
            )
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.progress import CanceledError
        from ..core.store import StoreError
        from ..core.store.postgres import copy_from_postgis

        connection = self.parameterAsConnectionName(parameters, self.CONNECTION, context)
        schema = self.parameterAsString(parameters, self.SCHEMA, context).strip()
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path:
            raise QgsProcessingException(
                self.tr("Choose the new GeoPackage to copy the PostGIS store into.")
            )
        try:
            source = stores.postgres_location(connection, schema)
            counts = copy_from_postgis(
                source,
                path,
                overwrite=self.parameterAsBool(parameters, self.OVERWRITE, context),
                progress=self.progress(
                    feedback,
                    lambda table: feedback.pushInfo(self.tr("Copied {table}").format(table=table)),
                ),
            )
        except (StoreError, CanceledError) as error:
            raise self.fail(error) from error
        feedback.pushInfo(
            self.tr("{rows} rows in {tables} tables copied").format(
                rows=sum(counts.values()), tables=len(counts)
            )
        )
        return {self.SCHEMA: schema, self.OUTPUT: path}
