"""How the user names a grid store in QGIS, turned into a `StoreLocation` once.

A store is a GeoPackage file, or a PostGIS schema reached through one of QGIS's
PostgreSQL connections, written `postgres:<connection>/<schema>` wherever a store is
asked for (the dock, the routing panel, every algorithm). A connection's authentication
configuration is resolved in memory, for the moment the location is made; the location's
label is what the user wrote and never holds a password.

Also: which store the plugin's tools work on (the one the user chose last, or the one the
current project's layers come from), and whether a layer reads a table of a store.
"""

from __future__ import annotations

import os

from qgis.core import (
    QgsDataSourceUri,
    QgsProject,
    QgsProviderConnectionException,
    QgsProviderRegistry,
    QgsSettings,
)

from ..core.store.errors import StoreError
from ..core.store.location import StoreLocation
from ..core.text import Text

POSTGRES_PREFIX = "postgres:"
SETTING = "jiangdu_grid/store_path"


def _connections() -> dict:
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    try:
        return metadata.connections()
    except QgsProviderConnectionException:
        return {}


def conninfo(connection_name: str) -> str:
    """The libpq connection string of a QGIS PostgreSQL connection, its password
    resolved from the authentication database when it keeps one there."""
    connection = _connections().get(connection_name)
    if connection is None:
        raise StoreError(
            Text(
                "QGIS has no PostgreSQL connection named {name}.",
                "QGIS 中没有名为 {name} 的 PostgreSQL 连接。",
            ).format(name=connection_name)
        )
    uri = QgsDataSourceUri(connection.uri())
    text = uri.connectionInfo(True)
    if uri.authConfigId() and "authcfg=" in text:
        raise StoreError(
            Text(
                "The authentication configuration {id} of the connection {name} could not be "
                "read: unlock QGIS's authentication database (master password) and run again.",
                "无法读取连接 {name} 的认证配置 {id}：请先解锁 QGIS 认证数据库（主密码）后重试。",
            ).format(id=uri.authConfigId(), name=connection_name)
        )
    return text


def is_postgres_name(text: str) -> bool:
    return text.startswith(POSTGRES_PREFIX)


def postgres_name(connection_name: str, schema: str) -> str:
    """How the plugin names the store in `schema` of a QGIS PostgreSQL connection."""
    return f"{POSTGRES_PREFIX}{connection_name}/{schema}"


def postgres_location(connection_name: str, schema: str) -> StoreLocation:
    """The store in `schema` of a QGIS PostgreSQL connection (copy_store's parameters)."""
    return location(postgres_name(connection_name, schema))


def location(text: str | os.PathLike) -> StoreLocation:
    """The store `text` names: a GeoPackage's path, or postgres:<connection>/<schema>.
    StoreError (a sentence in both languages) when it names none."""
    text = os.fspath(text or "").strip()
    if not text:
        raise StoreError(Text("No grid store is chosen.", "未选择网格数据库。"))
    if not is_postgres_name(text):
        return StoreLocation.file(text)
    name, _, schema = text[len(POSTGRES_PREFIX) :].rpartition("/")
    if not name or not schema:
        raise StoreError(
            Text(
                "Name a PostGIS store as postgres:<connection>/<schema>, not {text}.",
                "PostGIS 数据库请写作 postgres:<连接名>/<模式名>，而不是 {text}。",
            ).format(text=text)
        )
    return StoreLocation.postgis(conninfo(name), schema, label=text)


def looks_like_store(text: str | None) -> bool:
    """Whether `text` could name a store (a file that exists, or a PostGIS name),
    without opening it: cheap enough for QGIS's main thread."""
    return bool(text) and (is_postgres_name(text) or os.path.isfile(text))


def is_store(text: str | None) -> bool:
    """Whether `text` names a grid store one can open (opens it: not on the main thread
    for a PostGIS store)."""
    if not looks_like_store(text):
        return False
    try:
        location(text).open(migrate=False).close()
    except StoreError:
        return False
    return True


def _same_database(connection, layer) -> bool:
    ours, theirs = QgsDataSourceUri(connection.uri()), QgsDataSourceUri(layer.source())
    return all(
        getattr(ours, part)() == getattr(theirs, part)()
        for part in ("database", "host", "port", "service")
    )


def name_of(layer) -> str | None:
    """How a user names the store a layer is read from: the GeoPackage's path, or
    postgres:<connection>/<schema> by the first QGIS connection to a PostgreSQL layer's
    database (None for other layers, or without a connection)."""
    if layer.providerType() == "ogr":
        path = layer.source().split("|")[0]
        return path if path.lower().endswith(".gpkg") else None
    if layer.providerType() != "postgres":
        return None
    schema = QgsDataSourceUri(layer.source()).schema()
    for name, connection in sorted(_connections().items()):
        if _same_database(connection, layer):
            return postgres_name(name, schema)
    return None


def is_table_of(layer, text: str, table: str) -> bool:
    """Whether `layer` reads `table` of the store `text` names (for PostGIS: the same
    database, host and port as its connection, and the same schema)."""
    if not hasattr(layer, "providerType"):
        return False
    if layer.providerType() == "ogr":
        source, _, options = layer.source().partition("|")
        return source == text and f"layername={table}" in options.split("|")
    if layer.providerType() != "postgres" or not is_postgres_name(text):
        return False
    name, _, schema = text[len(POSTGRES_PREFIX) :].rpartition("/")
    connection = _connections().get(name)
    uri = QgsDataSourceUri(layer.source())
    return (
        connection is not None
        and (uri.schema(), uri.table()) == (schema, table)
        and _same_database(connection, layer)
    )


def project_store(project: QgsProject | None = None) -> str | None:
    """The store one of the project's layers is read from, if any: a GeoPackage that is
    a grid store (opened: milliseconds), or a PostGIS schema whose layer is one of the
    store's tables (by name, not opened: a server may be slow to answer)."""
    from ..core.store.schema import TABLES_BY_NAME

    project = project or QgsProject.instance()
    seen = set()
    for layer in project.mapLayers().values():
        name = name_of(layer)
        if not name or name in seen:
            continue
        seen.add(name)
        if is_postgres_name(name):
            if QgsDataSourceUri(layer.source()).table() in TABLES_BY_NAME:
                return name
        elif is_store(name):
            return name
    return None


def remembered_store() -> str | None:
    text = QgsSettings().value(SETTING, "", type=str)
    return text if looks_like_store(text) else None


def remember_store(text: str) -> None:
    QgsSettings().setValue(SETTING, text)


def current_store(project: QgsProject | None = None) -> str | None:
    """The store the plugin's tools start with: the current project's, else the one the
    user chose last (names only; whoever opens it reports what is wrong)."""
    return project_store(project) or remembered_store()
