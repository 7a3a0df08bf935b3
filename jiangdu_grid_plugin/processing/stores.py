"""Stores for algorithms: a GeoPackage file, or a PostGIS store named
`postgres:<QGIS connection>/<schema>`; routers, with the core's errors turned into
Processing's."""

from __future__ import annotations

from qgis.core import (
    QgsDataSourceUri,
    QgsProcessingException,
    QgsProcessingParameterFile,
    QgsProviderConnectionException,
    QgsProviderRegistry,
)
from qgis.PyQt.QtCore import QCoreApplication

POSTGRES_PREFIX = "postgres:"


class PostgresStores:
    """PostGIS stores reached through QGIS's PostgreSQL connections. A connection's
    authentication configuration is resolved in memory, for the run only."""

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("PostgresStores", text)

    def conninfo(self, connection_name: str) -> str:
        """The libpq connection string of a QGIS PostgreSQL connection."""
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        try:
            connection = metadata.findConnection(connection_name)
        except QgsProviderConnectionException:
            connection = None
        if connection is None:
            raise QgsProcessingException(
                self.tr("QGIS has no PostgreSQL connection named {name}.").format(
                    name=connection_name
                )
            )
        uri = QgsDataSourceUri(connection.uri())
        conninfo = uri.connectionInfo(True)
        if uri.authConfigId() and "authcfg=" in conninfo:
            raise QgsProcessingException(
                self.tr(
                    "The authentication configuration {id} of the connection {name} could not "
                    "be read: unlock QGIS's authentication database (master password) and run "
                    "again."
                ).format(id=uri.authConfigId(), name=connection_name)
            )
        return conninfo

    def resolve(self, text: str) -> tuple[str, str | None]:
        """(what open_store takes, schema) for a store parameter's value."""
        if not text.startswith(POSTGRES_PREFIX):
            return text, None
        name, _, schema = text[len(POSTGRES_PREFIX) :].rpartition("/")
        if not name or not schema:
            raise QgsProcessingException(
                self.tr(
                    "Name a PostGIS store as postgres:<connection>/<schema>, not {text}."
                ).format(text=text)
            )
        return self.conninfo(name), schema

    def parameter(self, name: str) -> QgsProcessingParameterFile:
        """A store parameter: a GeoPackage file, or postgres:<connection>/<schema>."""
        return QgsProcessingParameterFile(
            name,
            self.tr("Grid store (GeoPackage, or postgres:<connection>/<schema>)"),
            # Not extension="gpkg", which Processing enforces on every value.
            fileFilter=self.tr("GeoPackage (*.gpkg);;All files (*)"),
        )

    def open(self, text: str, **options):
        """The store a parameter's value names, open."""
        from ..core.store import open_store

        location, schema = self.resolve(text)
        return open_store(location, schema=schema, **options)


def router_or_fail(path: str, tolerance: float, language: str):
    """The router of the store `path` names (a file or postgres:<connection>/<schema>)."""
    from ..core.routing.cache import cached_router
    from ..core.store import StoreError

    location, schema = PostgresStores().resolve(path)
    try:
        return cached_router(location, tolerance, language, schema)
    except (StoreError, ValueError) as error:  # never the conninfo: it may hold a password
        raise QgsProcessingException(
            f"{path}: {error}" if isinstance(error, ValueError) else str(error)
        ) from error
