"""jiangdu_grid:copy_store — a whole store from a GeoPackage to PostGIS, or back."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
)

from .base import StoreAlgorithm
from .stores import ProcessingStores

TO_POSTGIS, TO_GEOPACKAGE = 0, 1


class CopyStoreAlgorithm(StoreAlgorithm):
    DIRECTION = "DIRECTION"
    INPUT = "INPUT"
    CONNECTION = "CONNECTION"
    SCHEMA = "SCHEMA"
    OUTPUT = "OUTPUT"
    OVERWRITE = "OVERWRITE"
    ROLES = "ROLES"

    def name(self) -> str:
        return "copy_store"

    def displayName(self) -> str:
        return self.tr("Copy grid store (GeoPackage ⇄ PostGIS)")

    def shortHelpString(self) -> str:
        return self.tr(
            "Copies a whole grid store between a GeoPackage and a schema of a PostgreSQL "
            "database with PostGIS, in one transaction: every table with its codes, fids and "
            "histories, and the layer styles (in the database's public.layer_styles, where "
            "QGIS finds them). The connection is one of QGIS's PostgreSQL connections; its "
            "password or authentication configuration stays in QGIS.\n\n"
            "Not yet in the PostGIS store: the facility search and the grid guard; its grids "
            "are read-only there (edit boundaries in a GeoPackage store and copy). An "
            "existing schema or file is replaced only when Overwrite is "
            "checked.\n\n"
            "With the roles: supervisors read everything but personal data, which they read "
            "masked (officers_masked, incident_reporters_masked); the command centre moves any "
            "incident; town staff move only their towns' incidents (row-level security; their "
            "towns are rows of staff_towns); GIS editors maintain towns, communities and "
            "facilities. Grant a login role one of them: GRANT jiangdu_supervisor TO wang;"
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterEnum(
                self.DIRECTION,
                self.tr("Copy"),
                [self.tr("GeoPackage → PostGIS"), self.tr("PostGIS → GeoPackage")],
                defaultValue=TO_POSTGIS,
            )
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                self.tr("Grid store to copy (GeoPackage → PostGIS)"),
                extension="gpkg",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterProviderConnection(
                self.CONNECTION, self.tr("PostgreSQL connection"), "postgres"
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.SCHEMA, self.tr("Schema"), defaultValue="jiangdu")
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT,
                self.tr("New GeoPackage store (PostGIS → GeoPackage)"),
                self.tr("GeoPackage (*.gpkg)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Overwrite an existing schema or file"), defaultValue=False
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.ROLES,
                self.tr(
                    "Create the database roles (supervisor, command centre, town staff, GIS "
                    "editor) and their rules"
                ),
                defaultValue=False,
            )
        )

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.store import StoreError, open_store
        from ..core.store.postgis import copy_from_postgis, copy_to_postgis, grant_access

        direction = self.parameterAsEnum(parameters, self.DIRECTION, context)
        connection = self.parameterAsConnectionName(parameters, self.CONNECTION, context)
        schema = self.parameterAsString(parameters, self.SCHEMA, context).strip()
        overwrite = self.parameterAsBool(parameters, self.OVERWRITE, context)
        conninfo = ProcessingStores().conninfo(connection)

        def progress(fraction, table):
            feedback.setProgress(100 * fraction)
            feedback.pushInfo(self.tr("Copied {table}").format(table=table))

        try:
            if direction == TO_POSTGIS:
                path = self.parameterAsFile(parameters, self.INPUT, context)
                if not path:
                    raise QgsProcessingException(
                        self.tr("Choose the GeoPackage store to copy to PostGIS.")
                    )
                with open_store(path) as store:
                    counts = copy_to_postgis(
                        store, conninfo, schema, overwrite=overwrite, progress=progress
                    )
                results = {self.SCHEMA: schema, self.OUTPUT: None}
                if self.parameterAsBool(parameters, self.ROLES, context):
                    roles = grant_access(conninfo, schema)
                    feedback.pushInfo(
                        self.tr(
                            "Roles: {roles}; give town staff their towns in {schema}.staff_towns"
                        ).format(roles=", ".join(roles), schema=schema)
                    )
            else:
                path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
                if not path:
                    raise QgsProcessingException(
                        self.tr("Choose the new GeoPackage to copy the PostGIS store into.")
                    )
                counts = copy_from_postgis(
                    conninfo, schema, path, overwrite=overwrite, progress=progress
                )
                results = {self.SCHEMA: schema, self.OUTPUT: path}
        except StoreError as error:
            raise QgsProcessingException(str(error)) from error
        feedback.pushInfo(
            self.tr("{rows} rows in {tables} tables copied").format(
                rows=sum(counts.values()), tables=len(counts)
            )
        )
        return results
