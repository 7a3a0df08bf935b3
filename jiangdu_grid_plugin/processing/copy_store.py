"""jiangdu_grid:copy_store — a whole store from a GeoPackage into PostGIS.

The way back is jiangdu_grid:copy_store_to_geopackage: one direction per form, and this
id kept for the direction its users have always run."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterProviderConnection,
    QgsProcessingParameterString,
)

from ..toolbelt import stores
from .base import StoreAlgorithm

TO_POSTGIS, TO_GEOPACKAGE = 0, 1


class CopyStoreAlgorithm(StoreAlgorithm):
    INPUT = "INPUT"
    CONNECTION = "CONNECTION"
    SCHEMA = "SCHEMA"
    OVERWRITE = "OVERWRITE"
    ROLES = "ROLES"
    PROJECT = "PROJECT"
    DIRECTION = "DIRECTION"  # hidden: scripts written when both directions were here

    def name(self) -> str:
        return "copy_store"

    def displayName(self) -> str:
        return self.tr("Copy grid store to PostGIS")

    def shortHelpString(self) -> str:
        return self.tr(
            "Copies a whole grid store from a GeoPackage into a schema of a PostgreSQL "
            "database with PostGIS, in one transaction: every table with its codes, fids and "
            "histories, and the layer styles (in the database's public.layer_styles, where "
            "QGIS finds them). The connection is one of QGIS's PostgreSQL connections; its "
            "password or authentication configuration stays in QGIS. To copy a PostGIS "
            "store back into a GeoPackage, run Copy grid store from PostGIS to a GeoPackage."
            "\n\n"
            "The grids in PostGIS keep the GeoPackage's rules and history (triggers that "
            "refuse overlaps, gaps and bad codes, whoever writes). With the project, the "
            "supervisor's project (styled layers and the town atlas) is saved in the schema: "
            "open it with Project → Open From → PostgreSQL. An existing schema is replaced "
            "only when Overwrite is checked.\n\n"
            "With the roles: supervisors read everything but personal data, which they read "
            "masked (officers_masked, incident_reporters_masked); the command centre moves any "
            "incident; town staff move only their towns' incidents and edit only their "
            "grids (their towns are rows of staff_towns); GIS editors maintain towns, "
            "communities, grids and facilities. Grant a login role one of them: GRANT "
            "jiangdu_supervisor TO wang;"
        )

    def initAlgorithm(self, config=None) -> None:
        current = stores.current_store()
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                self.tr("Grid store to copy (GeoPackage)"),
                extension="gpkg",
                defaultValue=current if current and not stores.is_postgres_name(current) else None,
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
            QgsProcessingParameterBoolean(
                self.OVERWRITE, self.tr("Overwrite an existing schema"), defaultValue=False
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.PROJECT,
                self.tr("Save the supervisor's project in the schema"),
                defaultValue=True,
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
        direction = QgsProcessingParameterEnum(
            self.DIRECTION,
            self.tr("Copy"),
            [self.tr("GeoPackage → PostGIS"), self.tr("PostGIS → GeoPackage")],
            optional=True,
        )
        direction.setFlags(direction.flags() | QgsProcessingParameterDefinition.Flag.FlagHidden)
        self.addParameter(direction)

    def checkParameterValues(self, parameters, context):
        if parameters.get(self.DIRECTION) not in (None, "") and (
            self.parameterAsEnum(parameters, self.DIRECTION, context) == TO_GEOPACKAGE
        ):
            return False, self.tr(
                "PostGIS → GeoPackage is now its own algorithm: run "
                "jiangdu_grid:copy_store_to_geopackage (CONNECTION, SCHEMA, OUTPUT)."
            )
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        self.project_in = None
        from ..core.progress import CanceledError
        from ..core.store import StoreError
        from ..core.store.postgres import copy_to_postgis, grant_access

        connection = self.parameterAsConnectionName(parameters, self.CONNECTION, context)
        schema = self.parameterAsString(parameters, self.SCHEMA, context).strip()
        overwrite = self.parameterAsBool(parameters, self.OVERWRITE, context)
        path = self.parameterAsFile(parameters, self.INPUT, context)
        progress = self.progress(
            feedback, lambda table: feedback.pushInfo(self.tr("Copied {table}").format(table=table))
        )
        try:
            target = stores.postgres_location(connection, schema)
            with stores.location(path).open(migrate=False) as store:
                counts = copy_to_postgis(store, target, overwrite=overwrite, progress=progress)
            if self.parameterAsBool(parameters, self.PROJECT, context):
                self.project_in = (connection, schema)
            if self.parameterAsBool(parameters, self.ROLES, context):
                roles = grant_access(target)
                feedback.pushInfo(
                    self.tr(
                        "Roles: {roles}; give town staff their towns in {schema}.staff_towns"
                    ).format(roles=", ".join(roles), schema=schema)
                )
        except (StoreError, CanceledError) as error:
            raise self.fail(error) from error
        feedback.pushInfo(
            self.tr("{rows} rows in {tables} tables copied").format(
                rows=sum(counts.values()), tables=len(counts)
            )
        )
        return {self.SCHEMA: schema}

    def postProcessAlgorithm(self, context, feedback):
        """The project is built here, in the main thread, as QGIS's projects must be."""
        if not self.project_in:
            return {}
        from qgis.core import QgsProject

        from ..core.store import StoreError
        from ..maps.project import PostGISLayers, save_project

        connection, schema = self.project_in
        project = QgsProject()
        try:
            with stores.postgres_location(connection, schema).open() as store:
                uri = save_project(PostGISLayers.of_connection(connection, schema), store, project)
        except (OSError, ValueError, StoreError) as error:
            raise self.fail(error) from error
        finally:
            project.clear()
        feedback.pushInfo(self.tr("Project saved as {uri}").format(uri=uri))
        return {}
