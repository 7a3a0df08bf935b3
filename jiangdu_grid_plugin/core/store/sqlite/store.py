"""The GeoPackage backend of the grid store. All of the store's SQL lives in this module.

We write the GeoPackage with sqlite3 rather than through OGR because the store's contract
needs what OGR cannot declare: CHECK constraints, foreign keys, and (for safe editing)
triggers, all created with the tables in one transaction. The file follows GeoPackage 1.3
(application_id GPKG, user_version 10300) with R-tree spatial indexes maintained by the
standard triggers, so GDAL, QGIS and `validate_gpkg.py` read it as any other GeoPackage;
tests check it against them.

A new store is built in a temporary file beside its destination and renamed into place
only when complete, so a failure never leaves a half-written GeoPackage behind.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import shapely

from ...timestamps import to_datetime_text
from ..errors import StoreError
from ..location import StoreLocation
from ..queries import (
    GEOCODED_COLUMNS,
    StoreQueries,
    checked_rows,
    column_sql,
    conform,
    literal,
    quote,
)
from ..schema import (
    APPLICATION_ID,
    LAYERS,
    SCHEMA_VERSION,
    SEARCH_INDEXES,
    SRS_ID,
    TABLES,
    TABLES_BY_NAME,
    VIEWS,
    VIEWS_BY_NAME,
    AddColumn,
    AddGridGuard,
    AddSearchIndex,
    AddTable,
    AddView,
    Column,
    Digits,
    Table,
    View,
)
from . import geometry_blob, guard

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300  # GeoPackage 1.3.0; QGIS 3.22's GDAL 3.6 warns on 1.4
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _now_text() -> str:
    return to_datetime_text(datetime.now(timezone.utc))


def _digits_sql(name: str, check: Digits) -> str:
    return f"{name} GLOB {literal(check.prefix + '[0-9]' * (check.length - len(check.prefix)))}"


def _column_sql(column: Column) -> str:
    sql = column_sql(column, column.type, column.default, _digits_sql)
    if column.references:
        table, _, key = column.references.partition("(")
        sql += f" REFERENCES {quote(table)}({quote(key.rstrip(')'))})"
    return sql


def create_table_sql(table: Table) -> list[str]:
    """CREATE statements for a user table and its indexes (not the GeoPackage metadata)."""
    lines = ['"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL']
    if table.is_layer:
        lines.append(f'"geom" {table.geometry_type}')
    lines += [_column_sql(column) for column in table.columns]
    lines += [f"CHECK ({expression})" for expression in table.checks]
    lines += [f"UNIQUE ({', '.join(quote(c) for c in unique)})" for unique in table.uniques]
    statements = [f"CREATE TABLE {quote(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"]
    for columns in table.indexes:
        index = f"idx_{table.name}_{'_'.join(columns)}"
        statements.append(
            f"CREATE INDEX {quote(index)} ON {quote(table.name)} "
            f"({', '.join(quote(c) for c in columns)})"
        )
    return statements


def _count_triggers(table: str) -> list[str]:
    """GDAL's triggers that keep gpkg_ogr_contents' feature counts current."""
    t = quote(table)
    return [
        f'CREATE TRIGGER "trigger_insert_feature_count_{table}" AFTER INSERT ON {t} '
        f"BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count + 1 "
        f"WHERE lower(table_name) = lower({literal(table)}); END",
        f'CREATE TRIGGER "trigger_delete_feature_count_{table}" AFTER DELETE ON {t} '
        f"BEGIN UPDATE gpkg_ogr_contents SET feature_count = feature_count - 1 "
        f"WHERE lower(table_name) = lower({literal(table)}); END",
    ]


def _rtree_sql(table: str) -> list[str]:
    """The R-tree and the six triggers that keep it current (GeoPackage 1.3 F.3)."""
    t, r = quote(table), quote(f"rtree_{table}_geom")
    bounds = (
        'NEW."fid", ST_MinX(NEW."geom"), ST_MaxX(NEW."geom"), '
        'ST_MinY(NEW."geom"), ST_MaxY(NEW."geom")'
    )
    name = f"rtree_{table}_geom"
    return [
        f"CREATE VIRTUAL TABLE {r} USING rtree(id, minx, maxx, miny, maxy)",
        f'CREATE TRIGGER "{name}_insert" AFTER INSERT ON {t} '
        f'WHEN (new."geom" NOT NULL AND NOT ST_IsEmpty(NEW."geom")) '
        f"BEGIN INSERT OR REPLACE INTO {r} VALUES ({bounds}); END",
        f'CREATE TRIGGER "{name}_update1" AFTER UPDATE OF "geom" ON {t} '
        f'WHEN OLD."fid" = NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom")) '
        f"BEGIN INSERT OR REPLACE INTO {r} VALUES ({bounds}); END",
        f'CREATE TRIGGER "{name}_update2" AFTER UPDATE OF "geom" ON {t} '
        f'WHEN OLD."fid" = NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom")) '
        f'BEGIN DELETE FROM {r} WHERE id = OLD."fid"; END',
        f'CREATE TRIGGER "{name}_update3" AFTER UPDATE ON {t} '
        f'WHEN OLD."fid" != NEW."fid" AND (NEW."geom" NOTNULL AND NOT ST_IsEmpty(NEW."geom")) '
        f'BEGIN DELETE FROM {r} WHERE id = OLD."fid"; '
        f"INSERT OR REPLACE INTO {r} VALUES ({bounds}); END",
        f'CREATE TRIGGER "{name}_update4" AFTER UPDATE ON {t} '
        f'WHEN OLD."fid" != NEW."fid" AND (NEW."geom" ISNULL OR ST_IsEmpty(NEW."geom")) '
        f'BEGIN DELETE FROM {r} WHERE id IN (OLD."fid", NEW."fid"); END',
        f'CREATE TRIGGER "{name}_delete" AFTER DELETE ON {t} WHEN old."geom" NOT NULL '
        f'BEGIN DELETE FROM {r} WHERE id = OLD."fid"; END',
    ]


_GPKG_CORE_SQL = [
    # GDAL's feature-count cache: without it, GDAL (and QGIS) report a layer's highest fid
    # as its feature count.
    "CREATE TABLE gpkg_ogr_contents (table_name TEXT NOT NULL PRIMARY KEY, "
    "feature_count INTEGER DEFAULT NULL)",
    "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL "
    "PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, "
    "definition TEXT NOT NULL, description TEXT)",
    "CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT "
    "NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT "
    "NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, "
    "max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY "
    "(srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))",
    "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT "
    "NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, "
    "m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), "
    "CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY "
    "(table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY "
    "(srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))",
    "CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT "
    "NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE "
    "(table_name, column_name, extension_name))",
]


# EPSG's definitions in the WKT 1 form GDAL writes to gpkg_spatial_ref_sys (kept as text
# so that creating a store needs no CRS library).
WKT_4326 = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
WKT_4549 = (
    'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 120E",GEOGCS["China Geodetic Coordinate '
    'System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,'
    'AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",120],'
    'PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],'
    'PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],'
    'AXIS["Northing",NORTH],AXIS["Easting",EAST],AUTHORITY["EPSG","4549"]]'
)
SPATIAL_REF_SYS = (
    (
        "Undefined cartesian SRS",
        -1,
        "NONE",
        -1,
        "undefined",
        "undefined cartesian coordinate reference system",
    ),
    (
        "Undefined geographic SRS",
        0,
        "NONE",
        0,
        "undefined",
        "undefined geographic coordinate reference system",
    ),
    (
        "WGS 84 geodetic",
        4326,
        "EPSG",
        4326,
        WKT_4326,
        "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
    ),
    (
        "CGCS2000 / 3-degree Gauss-Kruger CM 120E",
        SRS_ID,
        "EPSG",
        SRS_ID,
        WKT_4549,
        "China Geodetic Coordinate System 2000, Gauss-Kruger 3-degree zone, CM 120E (metres)",
    ),
)


def _register_functions(connection: sqlite3.Connection) -> None:
    """The spatial functions the GeoPackage R-tree triggers and the grids' guard call
    (GDAL registers the same, with SpatiaLite's)."""

    def bound(index):
        def function(blob):
            box = geometry_blob.envelope(blob) if blob is not None else None
            return None if box is None else box[index]

        return function

    for index, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        connection.create_function(name, 1, bound(index), deterministic=True)
    guard.register_spatial_functions(connection)
    connection.create_function(
        "ST_IsEmpty",
        1,
        lambda blob: None if blob is None else int(geometry_blob.is_empty(blob)),
        deterministic=True,
    )


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(str(path), isolation_level=None, timeout=10.0)
    connection.execute("PRAGMA foreign_keys = ON")
    # Reading through a memory map saves a system call per page (a quarter of the time
    # of a join over the 220,000 facilities).
    connection.execute("PRAGMA mmap_size = 1073741824")
    _register_functions(connection)
    return connection


# Layers whose density is computed: table, time column, whether the time is a DATETIME.
@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[None]:
    if connection.in_transaction:
        yield
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


class GeoPackageStore(StoreQueries):
    """A grid store kept in one GeoPackage file."""

    backend = "gpkg"

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
        with open(path, "rb") as handle:
            header = handle.read(100)
        if not header.startswith(_SQLITE_MAGIC):
            raise StoreError(f"{location.label} is not a GeoPackage (not an SQLite database)")
        if header[68:72] not in (b"GPKG", b"GP10", b"GP11"):
            raise StoreError(f"{location.label} is an SQLite database but not a GeoPackage")
        connection = _connect(path)
        try:
            store = cls(path, connection, location)
            version = store._schema_version()
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{location.label} has schema version {version}, newer than this plugin's "
                    f"{SCHEMA_VERSION}: update the plugin to open it"
                )
            if version < SCHEMA_VERSION:
                if not migrate:
                    raise StoreError(
                        f"{location.label} has schema version {version}; this plugin needs "
                        f"{SCHEMA_VERSION} and was told not to migrate"
                    )
                store._migrate(version)
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
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        for leftover in (partial, Path(f"{partial}-journal"), Path(f"{partial}-wal")):
            leftover.unlink(missing_ok=True)
        connection = _connect(partial)
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

    # What StoreQueries needs of a backend.

    def _rows(self, sql: str, parameters=()) -> list[tuple]:
        return self._connection.execute(sql, parameters).fetchall()

    def _geometry_column(self) -> str:
        return "geom"

    def _geometries(self, values):
        return geometry_blob.decode(values)

    def _rows_of(self, sql: str, parameters=()) -> None:
        self._connection.execute(sql, parameters)

    def _next_fids(self, table_name: str, count: int) -> list[int]:
        start = self._connection.execute(
            f"SELECT coalesce(max(fid), 0) FROM {quote(table_name)}"
        ).fetchone()[0]
        return list(range(start + 1, start + 1 + count))

    def _temporary(self, name: str) -> str:
        return f"temp.{name}"

    def _month_sql(self, column: str) -> str:
        return f"strftime('%Y-%m', {column}, '+8 hours')"

    def _hours_sql(self, later: str, earlier: str) -> str:
        return f"(julianday({later}) - julianday({earlier})) * 24"

    def transaction(self):
        """One write transaction: everything inside commits together or not at all.

        Nested use joins the enclosing transaction.
        """
        return _transaction(self._connection)

    # Schema

    def _create_schema(self) -> None:
        c = self._connection
        c.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
        c.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
        with self.transaction():
            for statement in _GPKG_CORE_SQL:
                c.execute(statement)
            c.executemany(
                "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, "
                "organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)",
                SPATIAL_REF_SYS,
            )
            for table in TABLES:
                self._add_table(table)
            for view in VIEWS:
                self._add_view(view)
            for statement in guard.guard_sql():
                self._execute_or_defer(statement)
            if self._deferred is None:
                for index in SEARCH_INDEXES:
                    self._add_search_index(index)
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

    def _add_table(self, table: Table) -> None:
        c = self._connection
        create, *indexes = create_table_sql(table)
        c.execute(create)
        for statement in indexes:
            self._execute_or_defer(statement)
        c.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                table.name,
                "features" if table.is_layer else "attributes",
                table.title,
                table.description,
                SRS_ID if table.is_layer else None,
            ),
        )
        c.execute("INSERT INTO gpkg_ogr_contents VALUES (?, 0)", (table.name,))
        for statement in _count_triggers(table.name):
            self._execute_or_defer(statement)
        if table.is_layer:
            c.execute(
                "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
                (table.name, table.geometry_type, SRS_ID),
            )
            create_rtree, *triggers = _rtree_sql(table.name)
            c.execute(create_rtree)
            for statement in triggers:
                self._execute_or_defer(statement)
            c.execute(
                "INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', "
                "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
                (table.name,),
            )

    def _add_view(self, view: View) -> None:
        """The view, registered as a layer (GDAL's convention for GeoPackage views).

        A GeoPackage declares every column's type (requirement 5), and SQLite gives a view
        column the declared type of the column it names, never of an expression; in a
        compound SELECT it takes those of the first part. So the view starts with an
        empty SELECT of base-table columns of the right types."""
        c = self._connection
        base = TABLES_BY_NAME[view.base]
        typed = {}
        for column in base.columns:
            typed.setdefault(column.type, column.name)
        header = ", ".join(
            ["u.fid AS OGC_FID", "u.geom AS geom"]
            + [f"u.{quote(typed[column.type])} AS {quote(column.name)}" for column in view.columns]
        )
        c.execute(
            f"CREATE VIEW {quote(view.name)} AS SELECT {header} FROM {quote(base.name)} u "
            f"WHERE 0 UNION ALL {view.select}"
        )
        c.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
            "VALUES (?, 'features', ?, ?, ?)",
            (view.name, view.title, view.description, SRS_ID),
        )
        c.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
            (view.name, view.geometry_type, SRS_ID),
        )

    def _add_search_index(self, index) -> None:
        """An FTS5 table with the trigram tokenizer over the columns, filled from the rows
        already there and kept current by triggers (SQLite's external-content pattern).

        Written here rather than with sqlite-utils' enable_fts(), which runs its DDL with
        executescript(): that commits, and a migration must stay one transaction.
        """
        c = self._connection
        table, fts = quote(index.table), quote(f"{index.table}_fts")
        names = ", ".join(quote(column) for column in index.columns)
        old = ", ".join(f"old.{quote(column)}" for column in index.columns)
        new = ", ".join(f"new.{quote(column)}" for column in index.columns)
        c.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5 ({names}, tokenize='trigram', "
            f"content={literal(index.table)}, content_rowid='fid')"
        )
        c.execute(f"INSERT INTO {fts} (rowid, {names}) SELECT fid, {names} FROM {table}")
        c.execute(
            f'CREATE TRIGGER "{index.table}_fts_ai" AFTER INSERT ON {table} BEGIN '
            f"INSERT INTO {fts} (rowid, {names}) VALUES (new.fid, {new}); END"
        )
        c.execute(
            f'CREATE TRIGGER "{index.table}_fts_ad" AFTER DELETE ON {table} BEGIN '
            f"INSERT INTO {fts} ({fts}, rowid, {names}) VALUES ('delete', old.fid, {old}); "
            "END"
        )
        c.execute(
            f'CREATE TRIGGER "{index.table}_fts_au" AFTER UPDATE ON {table} BEGIN '
            f"INSERT INTO {fts} ({fts}, rowid, {names}) VALUES ('delete', old.fid, {old}); "
            f"INSERT INTO {fts} (rowid, {names}) VALUES (new.fid, {new}); END"
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
                self._add_search_index(index)
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
            self._add_table(change.table)
        elif isinstance(change, AddSearchIndex):
            self._add_search_index(change.index)
        elif isinstance(change, AddGridGuard):
            for statement in guard.guard_sql():
                self._connection.execute(statement)
        elif isinstance(change, AddView):
            from ...styles import install_styles

            self._add_view(change.view)
            install_styles(self, [change.view.name])
        elif isinstance(change, AddColumn):
            self._connection.execute(
                f"ALTER TABLE {quote(change.table)} ADD COLUMN {_column_sql(change.column)}"
            )
        else:
            raise TypeError(f"unknown schema change {change!r}")

    def set_info(self, key: str, value: str) -> None:
        with self.transaction():
            self._set_info(key, value)

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
        except sqlite3.IntegrityError as error:
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

    def rows(
        self, table_name: str, columns: Iterable[str] | None = None, with_geometry: bool = False
    ) -> list[dict]:
        """All rows of a table as dicts (and shapely geometries under "geom" if asked)."""
        table = TABLES_BY_NAME.get(table_name)
        if table is None:
            raise StoreError(f"the store has no table {table_name!r}")
        names = ["fid"] + (list(columns) if columns else [c.name for c in table.columns])
        for name in names:
            if name != "fid":
                table.column(name)
        select = ", ".join(quote(n) for n in names)
        if with_geometry:
            select += ', "geom"'
        cursor = self._connection.execute(f"SELECT {select} FROM {quote(table_name)} ORDER BY fid")
        records = cursor.fetchall()
        result = [dict(zip(names, record)) for record in records]
        if with_geometry:
            geometries = geometry_blob.decode([record[-1] for record in records])
            for row, geometry in zip(result, geometries):
                row["geom"] = geometry
        return result

    def export_geocoded(
        self,
        output: OutputGeoPackage,
        layer: str,
        input_columns: list[str],
        placed: list[tuple],
        grid_people: dict[str, tuple],
    ) -> int:
        """Write placed input rows, joined with their facilities, as a point layer.

        `placed` holds (input row number, facility fid, note, *input values);
        `grid_people` maps a grid code to (officer ids, names, masked phones). The join
        runs inside SQLite, with this store attached to the output file.
        """
        columns = [(name, "TEXT") for name in input_columns] + GEOCODED_COLUMNS
        output.add_table(layer, columns, geometry_type="POINT")
        c = output.connection
        c.execute("ATTACH DATABASE ? AS store", (str(self.path),))
        # The join reads facilities in input order, all over the file: map it.
        c.execute("PRAGMA store.mmap_size = 1073741824")
        try:
            with output.transaction():
                inputs = "".join(f", c{i}" for i in range(len(input_columns)))
                c.execute(
                    "CREATE TEMP TABLE _geocode_input (input_row INTEGER PRIMARY KEY, fid INTEGER, "
                    f"note TEXT{inputs})"
                )
                marks = ", ".join("?" * (len(input_columns) + 3))
                c.executemany(f"INSERT INTO temp._geocode_input VALUES ({marks})", placed)
                # Grids with their community, town and officers, and the classes, as small
                # temporary tables: SQLite joins these faster than the store's own.
                c.execute(
                    "CREATE TEMP TABLE _geocode_grids (code TEXT PRIMARY KEY, name TEXT, "
                    "community_code TEXT, community_name TEXT, town_code TEXT, town_name TEXT, "
                    "officer_ids TEXT, officer_names TEXT, officer_phones TEXT)"
                )
                c.execute(
                    "INSERT INTO temp._geocode_grids SELECT g.code, g.name, g.community_code, "
                    "m.name, g.town_code, t.name, NULL, NULL, NULL FROM store.grids g "
                    "LEFT JOIN store.communities m ON m.code = g.community_code "
                    "LEFT JOIN store.towns t ON t.code = g.town_code"
                )
                c.executemany(
                    "UPDATE temp._geocode_grids SET officer_ids = ?, officer_names = ?, "
                    "officer_phones = ? WHERE code = ?",
                    [(*people, code) for code, people in grid_people.items()],
                )
                c.execute(
                    "CREATE TEMP TABLE _geocode_classes "
                    "(code TEXT PRIMARY KEY, major TEXT, name TEXT)"
                )
                c.execute(
                    "INSERT INTO temp._geocode_classes SELECT code, major_name, name "
                    "FROM store.facility_classes"
                )
                names = ", ".join(quote(name) for name, _ in columns)
                c.execute(
                    # fids run 1..n in input order (GDAL's fast feature count is the
                    # highest fid when a layer has no gpkg_ogr_contents).
                    f"INSERT INTO main.{quote(layer)} (geom, {names}) "
                    f"SELECT f.geom{inputs.replace(', c', ', p.c')}, p.input_row, "
                    "f.code, f.class_code, k.major, k.name, f.name, f.state, f.in_use, "
                    "f.grid_code, g.name, g.community_code, g.community_name, g.town_code, "
                    "g.town_name, g.officer_ids, g.officer_names, g.officer_phones, p.note "
                    "FROM temp._geocode_input p JOIN store.facilities f ON f.fid = p.fid "
                    "LEFT JOIN temp._geocode_classes k ON k.code = f.class_code "
                    "LEFT JOIN temp._geocode_grids g ON g.code = f.grid_code "
                    "ORDER BY p.input_row"
                )
                count = c.execute(f"SELECT count(*) FROM main.{quote(layer)}").fetchone()[0]
                # The store's facility extent holds every placed point.
                extent = c.execute(
                    "SELECT min_x, min_y, max_x, max_y FROM store.gpkg_contents "
                    "WHERE table_name = 'facilities'"
                ).fetchone()
                c.execute(
                    "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? "
                    "WHERE table_name = ?",
                    (*extent, layer),
                )
                for table in ("_geocode_input", "_geocode_grids", "_geocode_classes"):
                    c.execute(f"DROP TABLE temp.{table}")
        finally:
            c.execute("DETACH DATABASE store")
        return count

    def _facility_match(self, text: str) -> tuple[str, str, tuple]:
        """Three characters or more use the trigram index (the text a bound phrase);
        shorter text is matched with LIKE (the index cannot hold fewer than three)."""
        if len(text) < 3:
            return super()._facility_match(text)
        phrase = '"' + text.replace('"', '""') + '"'
        return (
            "facilities f JOIN facilities_fts s ON s.rowid = f.fid",
            "facilities_fts MATCH ?",
            (phrase,),
        )

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

    # Grids: their records for the checks, edits through the guard, and history.

    def _geometry_values(self, table, geometries) -> list:
        return geometry_blob.encode(conform(table, geometries), SRS_ID)

    def _refusals(self) -> tuple[type[Exception], ...]:
        return (sqlite3.IntegrityError,)

    def figures(self) -> dict[str, object]:
        """The demo's headline figures, read back from the tables with SQL."""
        c = self._connection

        def one(sql: str, *args):
            return c.execute(sql, args).fetchone()[0]

        closed = one(
            "SELECT count(*) FROM incidents i JOIN incident_states s ON s.code = i.step "
            "WHERE s.phase = 'closed'"
        )
        in_progress = one(
            "SELECT count(*) FROM incidents i JOIN incident_states s ON s.code = i.step "
            "WHERE s.phase = 'open'"
        )
        leaders = dict(
            c.execute(
                "SELECT level, count(*) FROM officers WHERE role = 'grid_leader' GROUP BY level"
            )
        )
        return {
            "towns": one("SELECT count(*) FROM towns"),
            "communities": one("SELECT count(*) FROM communities"),
            "grids": one("SELECT count(*) FROM grids WHERE status = 'active'"),
            "district_area_km2": one("SELECT sum(area_km2) FROM towns"),
            "units": one("SELECT count(*) FROM units"),
            "facilities": one("SELECT count(*) FROM facilities"),
            "facilities_central_urban": one(
                "SELECT count(*) FROM facilities f JOIN grids g ON g.code = f.grid_code "
                "JOIN towns t ON t.code = g.town_code WHERE t.town_class = 1"
            ),
            "grid_leaders": sum(leaders.values()),
            "grid_leaders_by_level": leaders,
            "grid_officers": one("SELECT count(*) FROM officers WHERE role = 'grid_officer'"),
            "instructors": one("SELECT count(*) FROM officers WHERE role = 'instructor'"),
            "event_categories": one("SELECT count(*) FROM event_categories"),
            "catalog_items": one("SELECT count(*) FROM event_catalog"),
            "incidents": one("SELECT count(*) FROM incidents"),
            "incidents_closed": closed,
            "incidents_in_progress": in_progress,
            "incidents_rejected": one(
                "SELECT count(*) FROM incidents i JOIN incident_states s ON s.code = i.step "
                "WHERE s.phase = 'rejected'"
            ),
            "incident_steps": one("SELECT count(*) FROM incident_steps"),
            "superior_incidents": one("SELECT count(*) FROM incidents WHERE source = 'superior'"),
            "closure_rate": closed / (closed + in_progress) if closed + in_progress else None,
            "enforcement_powers": one("SELECT count(*) FROM enforcement_powers"),
            "enforcement_penalties": one(
                "SELECT count(*) FROM enforcement_powers WHERE kind = 'penalty'"
            ),
            "enforcement_coercive": one(
                "SELECT count(*) FROM enforcement_powers WHERE kind = 'coercive'"
            ),
            "enforcement_cases": one("SELECT count(*) FROM enforcement_cases"),
        }

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


class OutputGeoPackage:
    """A plain GeoPackage for algorithm outputs: tables without the store's constraints,
    written in bulk. Point layers get no R-tree (SQLite's costs seconds per hundred
    thousand points); QGIS reads them as they are and can add one from the layer's
    properties.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        new = not self.path.exists()
        self.connection = _connect(self.path)
        # Written once and then read: a large cache, temporary tables in memory, and no
        # sync before close() (which syncs the file once).
        self.connection.execute("PRAGMA cache_size = -131072")
        self.connection.execute("PRAGMA temp_store = MEMORY")
        self.connection.execute("PRAGMA synchronous = OFF")
        if new:
            self.connection.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
            self.connection.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
            with self.transaction():
                for statement in _GPKG_CORE_SQL:
                    self.connection.execute(statement)
                self.connection.executemany(
                    "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, "
                    "organization_coordsys_id, definition, description) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    SPATIAL_REF_SYS,
                )
        elif (
            self.connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'gpkg_contents'"
            ).fetchone()[0]
            == 0
        ):
            self.connection.close()
            raise StoreError(f"{self.path} exists and is not a GeoPackage")

    def transaction(self):
        return _transaction(self.connection)

    def add_table(
        self, name: str, columns: list[tuple[str, str]], geometry_type: str | None = None
    ) -> None:
        """A new table (replacing one of the same name) with `fid` and, for a layer,
        `geom` in EPSG:4549."""
        c = self.connection
        with self.transaction():
            c.execute(f"DROP TABLE IF EXISTS {quote(name)}")
            for meta in ("gpkg_geometry_columns", "gpkg_ogr_contents", "gpkg_contents"):
                c.execute(f"DELETE FROM {meta} WHERE table_name = ?", (name,))
            lines = ['"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL']
            if geometry_type:
                lines.append(f'"geom" {geometry_type}')
            lines += [f"{quote(column)} {kind}" for column, kind in columns]
            c.execute(f"CREATE TABLE {quote(name)} ({', '.join(lines)})")
            c.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                "VALUES (?, ?, ?, ?)",
                (
                    name,
                    "features" if geometry_type else "attributes",
                    name,
                    SRS_ID if geometry_type else None,
                ),
            )
            # An unknown count (NULL) makes GDAL count the rows.
            c.execute("INSERT INTO gpkg_ogr_contents VALUES (?, NULL)", (name,))
            if geometry_type:
                c.execute(
                    "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
                    (name, geometry_type, SRS_ID),
                )

    def insert(self, name: str, rows: Iterable[Sequence]) -> None:
        """Rows of values for the table's columns after fid (and geom, for a layer)."""
        c = self.connection
        count = len(c.execute(f"PRAGMA table_info({quote(name)})").fetchall()) - 1
        with self.transaction():
            c.executemany(
                f"INSERT INTO {quote(name)} VALUES (NULL, {', '.join('?' * count)})", rows
            )

    def close(self) -> None:
        if self.connection is None:
            return
        self.connection.close()
        self.connection = None
        with open(self.path, "rb+") as handle:
            os.fsync(handle.fileno())

    def __enter__(self) -> OutputGeoPackage:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def is_layer(self, name: str) -> bool:
        return (
            self.connection.execute(
                "SELECT count(*) FROM gpkg_geometry_columns WHERE table_name = ?", (name,)
            ).fetchone()[0]
            == 1
        )

    def neutralize_formulas(self, name: str) -> None:
        """Make text cells that a spreadsheet would run as formulas inert (prefix an
        apostrophe), before the table is converted to CSV or XLSX."""
        c = self.connection
        columns = [
            row[1]
            for row in c.execute(f"PRAGMA table_info({quote(name)})")
            if row[2].upper().startswith("TEXT")
        ]
        with self.transaction():
            for column in columns:
                q = quote(column)
                c.execute(
                    f"UPDATE {quote(name)} SET {q} = '''' || {q} WHERE substr({q}, 1, 1) "
                    "IN ('=', '+', '-', '@', char(9), char(13))"
                )
