"""The grid store in a GeoPackage file: opening, building, migrating, writing.

The file follows GeoPackage 1.3 (application_id GPKG, user_version 10300) with R-tree
spatial indexes maintained by the standard triggers (ddl.py), so GDAL, QGIS and
`validate_gpkg.py` read it as any other GeoPackage; tests check it against them. The
reads and writes both backends share are queries/'s.

A new store is built in a temporary file beside its destination and renamed into place
only when complete, so a failure never leaves a half-written GeoPackage behind.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import shapely

from ...timestamps import to_datetime_text
from ..dialect import quote
from ..errors import StoreError, database_file_error, older_schema
from ..location import StoreLocation
from ..migrations import (
    AddColumn,
    AddGridGuard,
    AddIndex,
    AddIntake,
    AddSearchIndex,
    AddTable,
    AddView,
    DropIndex,
    ReplaceGridGuard,
    ReplaceReportChecks,
    ReplaceUnique,
    SeedWorkflow,
)
from ..queries import StoreQueries
from ..rows import checked_rows, conform
from ..schema import (
    APPLICATION_ID,
    LAYERS,
    SCHEMA_VERSION,
    SEARCH_INDEXES,
    SRS_ID,
    TABLES,
    TABLES_BY_NAME,
)
from ..views import VIEWS, VIEWS_BY_NAME
from . import ddl, geocoded, geometry_blob, guard, intake
from .connection import connect, transaction
from .dialect import SQLITE

# GeoPackage's application_id (header bytes 68-71): "GPKG", and 1.0's "GP10", 1.1's "GP11".
_GEOPACKAGE_IDS = {int.from_bytes(tag, "big") for tag in (b"GPKG", b"GP10", b"GP11")}


def _check_geopackage(connection: sqlite3.Connection, path: Path, label: str) -> None:
    """Refuse a file that is not a GeoPackage, reading its header through SQLite.

    Never through a file handle of our own: closing any handle on the file drops every
    POSIX lock this process holds on it, QGIS's OGR connection's too, and another
    process then takes the database for unused and removes its write-ahead log under
    that connection ("disk I/O error" on the next save).
    """
    application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    if path.stat().st_size == 0:
        raise database_file_error(sqlite3.DatabaseError("file is not a database"), label)
    if application_id not in _GEOPACKAGE_IDS:
        raise StoreError(f"{label} is an SQLite database but not a GeoPackage")


def _now_text() -> str:
    return to_datetime_text(datetime.now(timezone.utc))


class GeoPackageStore(StoreQueries):
    """A grid store kept in one GeoPackage file."""

    dialect = SQLITE

    def __init__(self, path: Path, connection: sqlite3.Connection, location=None):
        self.path = Path(path)
        self.location = location or StoreLocation.file(path)
        self._connection = connection
        # While a new store is built, secondary indexes and the R-tree triggers wait here
        # and are created once the data is in, and `insert` fills the R-trees itself:
        # several times faster than maintaining them row by row.
        self._deferred: list[str] | None = None

    # Opening and creating

    @classmethod
    def open(cls, location, *, migrate: bool = True) -> GeoPackageStore:
        """Open an existing store (a StoreLocation or a path), migrating an older schema
        inside one transaction.

        Raises StoreError, naming the file and the reason, for a missing file, a file that
        is not a GeoPackage, a GeoPackage of another schema, and a newer schema version; in
        every such case the file is left untouched.
        """
        location = location if isinstance(location, StoreLocation) else StoreLocation.file(location)
        path = location.path
        if not path.is_file():
            raise StoreError(f"{location.label}: no such file")
        try:
            connection = connect(path)
        except sqlite3.Error as error:
            raise database_file_error(error, location.label) from error
        try:
            _check_geopackage(connection, path, location.label)
            store = cls(path, connection, location)
            version = store._schema_version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{location.label} has schema version {version}, newer than this plugin's "
                    f"{SCHEMA_VERSION}: update the plugin to open it"
                )
            if version < SCHEMA_VERSION:
                if not migrate:
                    raise older_schema(location.label, version, SCHEMA_VERSION)
                store._migrate(version)
        except sqlite3.Error as error:
            connection.close()
            raise database_file_error(error, location.label) from error
        except BaseException:
            connection.close()
            raise
        return store

    @classmethod
    @contextmanager
    def build(
        cls, path: str | os.PathLike, *, overwrite: bool = False
    ) -> Iterator[GeoPackageStore]:
        """Create a new store at `path`, yielding it open for writing.

        The store is written to a temporary file beside `path` and moved into place when
        the `with` block ends without error; on error the temporary file is removed and
        `path` is as it was.
        """
        path = Path(path)
        if path.exists() and not overwrite:
            raise StoreError(f"{path} already exists; choose another name or allow overwriting")
        partial = path.with_name(path.name + ".part")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for leftover in (partial, Path(f"{partial}-journal"), Path(f"{partial}-wal")):
                leftover.unlink(missing_ok=True)
            connection = connect(partial)
        except (OSError, sqlite3.Error) as error:
            raise database_file_error(
                sqlite3.OperationalError(f"unable to open database file ({error})"), str(path)
            ) from error
        # A bulk build: a large page cache, and no syncing until the file is complete.
        connection.execute("PRAGMA cache_size = -262144")
        connection.execute("PRAGMA synchronous = OFF")
        store = cls(partial, connection)
        try:
            store._deferred = []
            store._create_schema()
            yield store
            store._finish_bulk_build()
            store.update_extents()
            connection.execute("PRAGMA optimize")
            connection.close()
            with open(partial, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, path)
            store.path, store.location = path, StoreLocation.file(path)
        except BaseException:
            connection.close()
            partial.unlink(missing_ok=True)
            raise

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> GeoPackageStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # What StoreQueries needs of a backend's connection.

    def _rows(self, sql: str, parameters=()) -> list[tuple]:
        return self._connection.execute(sql, parameters).fetchall()

    def _rows_of(self, sql: str, parameters=()) -> None:
        self._connection.execute(sql, parameters)

    def _next_fids(self, table_name: str, count: int) -> list[int]:
        start = self._connection.execute(
            f"SELECT coalesce(max(fid), 0) FROM {quote(table_name)}"
        ).fetchone()[0]
        return list(range(start + 1, start + 1 + count))

    def transaction(self):
        """One write transaction: everything inside commits together or not at all.

        Nested use joins the enclosing transaction.
        """
        return transaction(self._connection)

    # Schema

    def _create_schema(self) -> None:
        with self.transaction():
            ddl.create_metadata(self._connection)
            for table in TABLES:
                ddl.add_table(self._connection, table, self._execute_or_defer)
            for view in VIEWS:
                ddl.add_view(self._connection, view)
            for statement in guard.guard_sql() + intake.intake_sql():
                self._execute_or_defer(statement)
            if self._deferred is None:
                for index in SEARCH_INDEXES:
                    ddl.add_search_index(self._connection, index)
            self._set_info("application", APPLICATION_ID)
            self._set_info("schema_version", str(SCHEMA_VERSION))
            self._set_info("created", _now_text())
            self.log(
                "system",
                "store_info",
                None,
                "create",
                None,
                {"schema_version": SCHEMA_VERSION},
                "store created",
            )

    def _execute_or_defer(self, statement: str) -> None:
        if self._deferred is None:
            self._connection.execute(statement)
        else:
            self._deferred.append(statement)

    def _finish_bulk_build(self) -> None:
        """Count the rows, and create the indexes and triggers the bulk build deferred."""
        with self.transaction():
            for index in SEARCH_INDEXES:
                ddl.add_search_index(self._connection, index)
            for table in TABLES:
                self._connection.execute(
                    "UPDATE gpkg_ogr_contents SET feature_count = "
                    f"(SELECT count(*) FROM {quote(table.name)}) WHERE table_name = ?",
                    (table.name,),
                )
            for statement in self._deferred:
                self._connection.execute(statement)
        self._deferred = None

    def _schema_version(self) -> int:
        c = self._connection
        has_info = c.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_info'"
        ).fetchone()
        if not has_info:
            raise StoreError(
                f"{self.location.label} is a GeoPackage but not a Jiangdu grid store (it has no "
                "store_info table)"
            )
        info = dict(c.execute("SELECT key, value FROM store_info"))
        if info.get("application") != APPLICATION_ID:
            raise StoreError(
                f"{self.location.label} has a store_info table but belongs to "
                f"{info.get('application')!r}, not to the Jiangdu grid store"
            )
        try:
            return int(info["schema_version"])
        except (KeyError, ValueError):
            raise StoreError(f"{self.location.label} has no readable schema version") from None

    def _apply(self, change) -> None:
        if isinstance(change, AddTable):
            ddl.add_table(self._connection, change.table, self._execute_or_defer)
        elif isinstance(change, AddSearchIndex):
            ddl.add_search_index(self._connection, change.index)
        elif isinstance(change, (AddGridGuard, ReplaceGridGuard)):
            for statement in [*guard.drop_guard_sql(self._connection), *guard.guard_sql()]:
                self._connection.execute(statement)
        elif isinstance(change, AddIntake):
            intake.relax_incidents(self._connection)
            for statement in intake.intake_sql():
                self._connection.execute(statement)
        elif isinstance(change, ReplaceReportChecks):
            for statement in [*intake.drop_report_checks_sql(), *intake.report_checks_sql()]:
                self._connection.execute(statement)
        elif isinstance(change, AddView):
            from ...styles import install_styles

            ddl.add_view(self._connection, change.view)
            install_styles(self, [change.view.name])
        elif isinstance(change, AddColumn):
            column = self.dialect.column_sql(change.column)
            self._connection.execute(f"ALTER TABLE {quote(change.table)} ADD COLUMN {column}")
        elif isinstance(change, ReplaceUnique):
            ddl.replace_unique(self._connection, change.table, change.old, change.new)
        elif isinstance(change, SeedWorkflow):
            change.apply(self)
        elif isinstance(change, AddIndex):
            table = TABLES_BY_NAME[change.table]
            self._connection.execute(ddl.index_sql(table, change.columns))
        elif isinstance(change, DropIndex):
            name = TABLES_BY_NAME[change.table].index_name(change.columns)
            self._connection.execute(f"DROP INDEX IF EXISTS {quote(name)}")
        else:
            raise TypeError(f"unknown schema change {change!r}")

    @property
    def schema_version(self) -> int:
        return self._schema_version()

    # Writing

    def insert(
        self,
        table_name: str,
        rows: Sequence[Mapping[str, object]],
        geometries: Sequence | None = None,
    ) -> None:
        """Insert rows (dicts keyed by column name) with their geometries, if a layer.

        Call inside `transaction()` to group with other writes; alone it is one transaction.
        """
        table = checked_rows(table_name, rows, geometries)
        if not rows:
            return
        columns = list(rows[0].keys())
        values = [[row[name] for name in columns] for row in rows]
        rtree_rows = None
        if table.is_layer:
            geometries = conform(table, geometries)
            for value, blob in zip(values, geometry_blob.encode(geometries, SRS_ID)):
                value.append(blob)
            columns.append("geom")
            if self._deferred is not None:
                # Bulk build: number the rows here and fill the R-tree from the geometries,
                # instead of through its triggers.
                if "fid" not in columns:
                    start = self._connection.execute(
                        f"SELECT coalesce(max(fid), 0) FROM {quote(table_name)}"
                    ).fetchone()[0]
                    columns.insert(0, "fid")
                    for fid, value in enumerate(values, start=start + 1):
                        value.insert(0, fid)
                fids = [value[columns.index("fid")] for value in values]
                present = ~(shapely.is_empty(geometries) | shapely.is_missing(geometries))
                rtree_rows = [
                    (fid, box[0], box[2], box[1], box[3])
                    for fid, box, keep in zip(fids, shapely.bounds(geometries).tolist(), present)
                    if keep
                ]
        sql = (
            f"INSERT INTO {quote(table_name)} ({', '.join(quote(n) for n in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        try:
            with self.transaction():
                self._connection.executemany(sql, values)
                if rtree_rows:
                    self._connection.executemany(
                        f"INSERT INTO {quote('rtree_' + table_name + '_geom')} "
                        "VALUES (?, ?, ?, ?, ?)",
                        rtree_rows,
                    )
        except self.dialect.refusals() as error:
            raise StoreError(f"{table_name}: {error}") from error

    def clear_all_tables(self) -> None:
        """Empty every table of a store being built (its seeded steps, classes and
        history), to fill it with another store's rows."""
        if self._deferred is None:
            raise StoreError("only a store being built can be emptied")
        with self.transaction():
            self._connection.execute("PRAGMA defer_foreign_keys = ON")
            for table in reversed(TABLES):
                self._connection.execute(f"DELETE FROM {quote(table.name)}")
                if table.is_layer:
                    self._connection.execute(
                        f"DELETE FROM {quote('rtree_' + table.name + '_geom')}"
                    )

    def update_extents(self) -> None:
        """Record each layer's bounding box in gpkg_contents (from its R-tree)."""
        c = self._connection
        for table in LAYERS:
            box = c.execute(
                f"SELECT min(minx), min(miny), max(maxx), max(maxy) "
                f"FROM {quote('rtree_' + table.name + '_geom')}"
            ).fetchone()
            c.execute(
                "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, "
                "last_change = ? WHERE table_name = ?",
                (*box, _now_text(), table.name),
            )

    def set_style(
        self, layer: str, style_name: str, qml: str, description: str = "", default: bool = True
    ) -> None:
        """Store `qml` as a QGIS style of a layer, replacing a style of the same name; the
        layer's default style if `default` (there is one default a layer)."""
        if layer not in TABLES_BY_NAME and layer not in VIEWS_BY_NAME:
            raise StoreError(f"the store has no layer {layer!r} to style")
        is_layer = layer in VIEWS_BY_NAME or TABLES_BY_NAME[layer].is_layer
        with self.transaction():
            self._connection.execute(
                "DELETE FROM layer_styles WHERE f_table_name = ? AND styleName = ?",
                (layer, style_name),
            )
            if default:
                self._connection.execute(
                    "UPDATE layer_styles SET useAsDefault = 0 WHERE f_table_name = ?", (layer,)
                )
            self._connection.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
                "owner, ui, update_time) VALUES ('', '', ?, ?, ?, ?, '', ?, ?, '', NULL, ?)",
                (
                    layer,
                    "geom" if is_layer else "",
                    style_name,
                    qml,
                    int(default),
                    description,
                    _now_text(),
                ),
            )

    # Reading

    def export_geocoded(
        self,
        output,
        layer: str,
        columns: list[tuple[str, str]],
        placed: list[tuple],
        grid_people: dict[str, tuple],
    ) -> int:
        """Write placed input rows, joined with their facilities, as a point layer of
        `output` (an OutputGeoPackage): joined inside SQLite (geocoded.py)."""
        return geocoded.export_geocoded(self.path, output, layer, columns, placed, grid_people)

    # The plugin's decisions on a save of grids: on this connection only (guard.py).

    def allow_grid_changes(self, save, actor: str, reason: str, seconds: float = 120) -> None:
        """Let the grids a checked save changes or deletes change together on this
        connection: the guard then skips its overlap, gap and delete rules among them,
        and names the actor."""
        self._decide(guard.decision_sql("allow", save.fids, actor, reason, seconds))

    def refuse_grid_save(self, actor: str, reason: str, seconds: float = 120) -> None:
        """Make every grid write on this connection fail for a while (a save the
        plugin's check refused)."""
        self._decide(guard.decision_sql("refuse", (), actor, reason, seconds))

    def clear_grid_guard(self) -> None:
        if self._connection.execute(
            "SELECT 1 FROM pragma_database_list WHERE name = ?", (guard.DECISIONS,)
        ).fetchone():
            self._connection.execute(guard.CLEAR_SQL)

    def _decide(self, statements: list[str]) -> None:
        self.clear_grid_guard()
        self._connection.execute(guard.ATTACH_SQL)
        for statement in statements:
            self._connection.execute(statement)

    def share_with_readers(self) -> None:
        """Write-ahead logging, for imports that readers (QGIS) may watch meanwhile."""
        self._connection.execute("PRAGMA journal_mode = WAL")

    # Density: points and counts of incidents or enforcement cases, filtered.

    def density_points(self, layer: str, **filters) -> tuple[np.ndarray, np.ndarray]:
        """x and y of the filtered points (NaN for a geometry that is no point)."""
        source, where, values = self._density_filter(layer, filters)
        where += " AND p.geom IS NOT NULL"
        if self._connection.execute("PRAGMA encoding").fetchone()[0] == "UTF-8":
            # SQLite joins the blobs byte for byte (in a UTF-8 database): four times
            # faster than a row each, and checked before use.
            joined, count = self._connection.execute(
                f"SELECT CAST(group_concat(p.geom, '') AS BLOB), count(*) "
                f"FROM {source} WHERE {where}",
                values,
            ).fetchone()
            points = geometry_blob.joined_point_xy(joined or b"", count)
            if points is not None:
                return points
        blobs = [
            row[0]
            for row in self._connection.execute(
                f"SELECT p.geom FROM {source} WHERE {where}", values
            )
        ]
        return geometry_blob.point_xy(blobs)

    def _changed(self, sql: str, parameters) -> int:
        return self._connection.execute(sql, parameters).rowcount

    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity, foreign-key and R-tree checks report (empty when sound)."""
        c = self._connection
        problems = [row[0] for row in c.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [f"foreign key: {row}" for row in c.execute("PRAGMA foreign_key_check")]
        for table in LAYERS:
            result = c.execute(f"SELECT rtreecheck('rtree_{table.name}_geom')").fetchone()[0]
            if result != "ok":
                problems.append(f"rtree_{table.name}_geom: {result}")
            count = c.execute(
                f"SELECT (SELECT count(*) FROM {quote(table.name)} WHERE geom IS NOT NULL) - "
                f"(SELECT count(*) FROM {quote('rtree_' + table.name + '_geom')})"
            ).fetchone()[0]
            if count:
                problems.append(f"rtree_{table.name}_geom misses {count} features")
        return problems
