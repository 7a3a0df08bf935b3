"""The GeoPackage's DDL: the store's tables with their GeoPackage metadata (contents,
geometry columns, GDAL's feature counts), R-trees and the triggers that keep them
current (GeoPackage 1.3 F.3), the spatial reference systems, the activity views, and the
facility search's FTS5 index.

We write the GeoPackage with sqlite3 rather than through OGR because the store's contract
needs what OGR cannot declare: CHECK constraints, foreign keys, and (for safe editing)
triggers, all created with the tables in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ..dialect import literal, quote
from ..schema import SRS_ID, TABLES_BY_NAME, SearchIndex, Table
from ..views import View
from .dialect import SQLITE

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300  # GeoPackage 1.3.0; QGIS 3.22's GDAL 3.6 warns on 1.4


def create_table_sql(table: Table) -> list[str]:
    """CREATE statements for a user table and its indexes (not the GeoPackage metadata)."""
    statements = [SQLITE.table_sql(table, quote(table.name))]
    statements += [index_sql(table, columns) for columns in table.indexes]
    return statements


def index_sql(table: Table, columns: tuple[str, ...]) -> str:
    """CREATE INDEX on columns of a user table (unless it is there)."""
    return (
        f"CREATE INDEX IF NOT EXISTS {quote(table.index_name(columns))} ON {quote(table.name)} "
        f"({', '.join(quote(c) for c in columns)})"
    )


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


GPKG_CORE_SQL = [
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


def create_metadata(c: sqlite3.Connection) -> None:
    """Make `c`'s database a GeoPackage: its application id and version, the metadata
    tables and the spatial reference systems (inside the caller's transaction)."""
    c.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
    c.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
    for statement in GPKG_CORE_SQL:
        c.execute(statement)
    c.executemany(
        "INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, "
        "organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)",
        SPATIAL_REF_SYS,
    )


def add_table(c: sqlite3.Connection, table: Table, execute: Callable[[str], object]) -> None:
    """A user table with its GeoPackage metadata, count triggers and R-tree; `execute`
    runs (or defers, in a bulk build) its indexes and triggers."""
    create, *indexes = create_table_sql(table)
    c.execute(create)
    for statement in indexes:
        execute(statement)
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
        execute(statement)
    if table.is_layer:
        c.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
            (table.name, table.geometry_type, SRS_ID),
        )
        create_rtree, *triggers = _rtree_sql(table.name)
        c.execute(create_rtree)
        for statement in triggers:
            execute(statement)
        c.execute(
            "INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', "
            "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
            (table.name,),
        )


def add_view(c: sqlite3.Connection, view: View) -> None:
    """The view, registered as a layer (GDAL's convention for GeoPackage views).

    A GeoPackage declares every column's type (requirement 5), and SQLite gives a view
    column the declared type of the column it names, never of an expression; in a
    compound SELECT it takes those of the first part. So the view starts with an
    empty SELECT of base-table columns of the right types."""
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


def add_search_index(c: sqlite3.Connection, index: SearchIndex) -> None:
    """An FTS5 table with the trigram tokenizer over the columns, filled from the rows
    already there and kept current by triggers (SQLite's external-content pattern).

    Written here rather than with sqlite-utils' enable_fts(), which runs its DDL with
    executescript(): that commits, and a migration must stay one transaction.
    """
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


def replace_unique(c: sqlite3.Connection, table: str, old, new) -> None:
    """The table's UNIQUE (old) replaced by UNIQUE (new): SQLite cannot drop a
    constraint, so the table is made again from its own definition (with the columns
    added since) and its rows, indexes and count triggers carried over (SQLite's
    twelve-step procedure for other table changes)."""
    (sql,) = c.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    before = f"UNIQUE ({', '.join(quote(column) for column in old)})"
    if before not in sql:
        raise sqlite3.OperationalError(f"{table} has no {before} to replace")
    after = f"UNIQUE ({', '.join(quote(column) for column in new)})"
    rebuilt = f"{table}__rebuilt"
    create = sql.replace(before, after, 1).replace(quote(table), quote(rebuilt), 1)
    indexes = [
        row[0]
        for row in c.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql "
            "IS NOT NULL",
            (table,),
        )
    ]
    columns = ", ".join(quote(row[1]) for row in c.execute(f"PRAGMA table_info({quote(table)})"))
    c.execute(create)
    c.execute(f"INSERT INTO {quote(rebuilt)} ({columns}) SELECT {columns} FROM {quote(table)}")
    c.execute(f"DROP TABLE {quote(table)}")
    c.execute(f"ALTER TABLE {quote(rebuilt)} RENAME TO {quote(table)}")
    for statement in [*indexes, *_count_triggers(table)]:
        c.execute(statement)
