"""PostGIS stores reached through QGIS's PostgreSQL connections, named
`postgres:<QGIS connection>/<schema>` wherever a grid store is asked for (the supervisor's
dock, the algorithms). A connection's authentication configuration is resolved in
memory, for the moment it is needed."""

from __future__ import annotations

from qgis.core import (
    QgsDataSourceUri,
    QgsProcessingParameterFile,
    QgsProviderConnectionException,
    QgsProviderRegistry,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.store import StoreError

POSTGRES_PREFIX = "postgres:"


class PostgresStores:
    """Resolves a store's name; StoreError says what is wrong."""

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
            raise StoreError(
                self.tr("QGIS has no PostgreSQL connection named {name}.").format(
                    name=connection_name
                )
            )
        uri = QgsDataSourceUri(connection.uri())
        conninfo = uri.connectionInfo(True)
        if uri.authConfigId() and "authcfg=" in conninfo:
            raise StoreError(
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
            raise StoreError(
                self.tr(
                    "Name a PostGIS store as postgres:<connection>/<schema>, not {text}."
                ).format(text=text)
            )
        return self.conninfo(name), schema

    def parameter(self, name: str, optional: bool = False) -> QgsProcessingParameterFile:
        """A store parameter: a GeoPackage file, or postgres:<connection>/<schema>."""
        return QgsProcessingParameterFile(
            name,
            self.tr("Grid store (GeoPackage, or postgres:<connection>/<schema>)"),
            # Not extension="gpkg", which Processing enforces on every value.
            fileFilter=self.tr("GeoPackage (*.gpkg);;All files (*)"),
            optional=optional,
        )

    def open(self, text: str, **options):
        """The store a parameter's value names, open."""
        from ..core.store import open_store

        location, schema = self.resolve(text)
        return open_store(location, schema=schema, **options)

    @staticmethod
    def _connections() -> dict:
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        try:
            return metadata.connections()
        except QgsProviderConnectionException:
            return {}

    @staticmethod
    def _same_database(connection, layer) -> bool:
        ours, theirs = QgsDataSourceUri(connection.uri()), QgsDataSourceUri(layer.source())
        return all(
            getattr(ours, part)() == getattr(theirs, part)()
            for part in ("database", "host", "port", "service")
        )

    def is_table_of(self, layer, text: str, table: str) -> bool:
        """Whether `layer` reads `table` of the PostGIS store `text` names (the same
        database, host and port as its connection, and the same schema)."""
        if layer.providerType() != "postgres" or not text.startswith(POSTGRES_PREFIX):
            return False
        name, _, schema = text[len(POSTGRES_PREFIX) :].rpartition("/")
        connection = self._connections().get(name)
        uri = QgsDataSourceUri(layer.source())
        return (
            connection is not None
            and (uri.schema(), uri.table()) == (schema, table)
            and self._same_database(connection, layer)
        )

    def name_of(self, layer) -> str | None:
        """postgres:<connection>/<schema> for a PostgreSQL layer, by the first QGIS
        connection to its database (None without one)."""
        if layer.providerType() != "postgres":
            return None
        schema = QgsDataSourceUri(layer.source()).schema()
        for name, connection in sorted(self._connections().items()):
            if self._same_database(connection, layer):
                return f"{POSTGRES_PREFIX}{name}/{schema}"
        return None

    def router(self, text: str, tolerance_m: float | None = None, language: str = "en"):
        """The router of the store a value names (cached for files)."""
        from ..core.routing.cache import DEFAULT_TOLERANCE_M, cached_router

        location, schema = self.resolve(text)
        tolerance = DEFAULT_TOLERANCE_M if tolerance_m is None else tolerance_m
        return cached_router(location, tolerance, language, schema)
