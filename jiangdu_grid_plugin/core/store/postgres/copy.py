"""Whole stores copied between a GeoPackage and a PostGIS schema, both ways, each in one
transaction: codes, fids, histories and styles kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timezone
from pathlib import Path

import numpy as np
import shapely

from ...progress import SILENT, Progress
from ...timestamps import to_datetime_text
from ..dialect import literal, quote
from ..errors import StoreError
from ..location import StoreLocation
from ..schema import APPLICATION_ID, SCHEMA_VERSION, SRS_ID, Table
from ..sqlite import GeoPackageStore
from .bulk import bulk_rows
from .connection import (
    connect,
    ensure_postgis,
    postgis_parts,
    schema_exists,
)
from .ddl import SCHEMA_TABLES, STYLES, STYLES_DDL, schema_sql


def _to_postgres(table: Table) -> list[Callable]:
    """Per column (fid and the table's columns), how a GeoPackage value goes to COPY."""

    def same(value):
        return value

    def boolean(value):
        return None if value is None else bool(value)

    return [same] + [boolean if c.type == "BOOLEAN" else same for c in table.columns]


def copy_to_postgis(
    store,
    target: StoreLocation,
    *,
    overwrite: bool = False,
    progress: Progress = SILENT,
) -> dict[str, int]:
    """Copy an open GeoPackage store into the PostGIS store at `target` (its schema, in
    the database its connection string names), in one transaction: all of it or nothing.
    Codes, fids, histories and styles are kept. Returns the rows copied per table.
    `progress` hears of each table copied; cancelled (CanceledError), the copy is rolled
    back: the database is as it was."""
    conninfo, schema = postgis_parts(target)
    if store.schema_version != SCHEMA_VERSION:
        raise StoreError(
            f"{store.location.label} is at schema {store.schema_version}: open it to migrate"
        )
    counts = {}
    with connect(conninfo) as connection, connection.cursor() as cursor:
        ensure_postgis(cursor)
        if schema_exists(cursor, schema):
            if not overwrite:
                raise StoreError(
                    f"the database already has a schema {schema}: choose another or allow "
                    "overwriting"
                )
            cursor.execute(f"DROP SCHEMA {quote(schema)} CASCADE")
        create, later = schema_sql(schema)
        for statement in create:
            cursor.execute(statement)
        for number, table in enumerate(SCHEMA_TABLES, start=1):
            progress.check()
            counts[table.name] = _copy_table_in(cursor, store, table, schema)
            progress(number / (len(SCHEMA_TABLES) + 1), table.name)
        for statement in later:
            cursor.execute(statement)
        # The planner's statistics now, not at autovacuum's next round: the first reads
        # of a large store (workflow figures, the dock) are planned on them.
        for table in SCHEMA_TABLES:
            cursor.execute(f"ANALYZE {quote(schema)}.{quote(table.name)}")
        counts[STYLES] = _copy_styles_in(cursor, store, schema)
        progress.check()
    return counts


def _copy_table_in(cursor, store, table: Table, schema: str) -> int:
    names = ["fid"] + [c.name for c in table.columns]
    rows = store.rows(table.name, with_geometry=table.is_layer)
    convert = _to_postgres(table)
    columns = list(names)
    if table.is_layer:
        columns.append("geom")
        geometries = shapely.set_srid(np.array([row["geom"] for row in rows], dtype=object), SRS_ID)
        ewkb = shapely.to_wkb(geometries, hex=True, include_srid=True)
    qualified = f"{quote(schema)}.{quote(table.name)}"
    with cursor.copy(
        f"COPY {qualified} ({', '.join(quote(n) for n in columns)}) FROM STDIN"
    ) as copy:
        for index, row in enumerate(rows):
            values = [f(row[name]) for f, name in zip(convert, names)]
            if table.is_layer:
                values.append(ewkb[index])
            copy.write_row(values)
    if rows:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence({literal(qualified)}, 'fid'), "
            f"(SELECT max(fid) FROM {qualified}))"
        )
    return len(rows)


def _copy_styles_in(cursor, store, schema: str) -> int:
    cursor.execute(STYLES_DDL)
    cursor.execute("DELETE FROM public.layer_styles WHERE f_table_schema = %s", (schema,))
    rows = store.rows(STYLES)
    cursor.executemany(
        "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, "
        "f_geometry_column, stylename, styleqml, stylesld, useasdefault, description, owner, "
        "ui, update_time, type) VALUES (current_database(), %s, %s, %s, %s, "
        "XMLPARSE(DOCUMENT %s), XMLPARSE(DOCUMENT nullif(%s, '')), %s, %s, CURRENT_USER, "
        # type: QGIS matches it to the geometry type its layer's URI names, often none;
        # NULL matches every layer of the table.
        "XMLPARSE(DOCUMENT nullif(%s, '')), %s, NULL)",
        [
            (
                schema,
                row["f_table_name"],
                row["f_geometry_column"] or None,
                row["styleName"],
                row["styleQML"],
                row["styleSLD"] or "",
                bool(row["useAsDefault"]),
                row["description"],
                row["ui"] or "",
                row["update_time"],
            )
            for row in rows
        ],
    )
    return len(rows)


def copy_from_postgis(
    source: StoreLocation,
    path: str | Path,
    *,
    overwrite: bool = False,
    progress: Progress = SILENT,
) -> dict[str, int]:
    """Copy the PostGIS store at `source` into a new GeoPackage at `path` (which appears
    only once complete: cancelled, CanceledError, it does not). Returns the rows copied
    per table."""
    conninfo, schema = postgis_parts(source)
    counts = {}
    with connect(conninfo) as connection, connection.cursor() as cursor:
        if not schema_exists(cursor, schema):
            raise StoreError(f"the database has no schema {schema}")
        try:
            cursor.execute(
                f"SELECT key, value FROM {quote(schema)}.store_info "
                "WHERE key IN ('application', 'schema_version')"
            )
        except Exception as error:
            raise StoreError(f"the schema {schema} is not a grid store: {error}") from error
        info = dict(cursor.fetchall())
        if info.get("application") != APPLICATION_ID:
            raise StoreError(f"the schema {schema} is not a grid store")
        if info.get("schema_version") != str(SCHEMA_VERSION):
            raise StoreError(
                f"the store in {schema} is at schema {info.get('schema_version')}, this plugin "
                f"writes {SCHEMA_VERSION}"
            )
        with GeoPackageStore.build(path, overwrite=overwrite) as store:
            store.clear_all_tables()
            for number, table in enumerate(SCHEMA_TABLES, start=1):
                progress.check()
                counts[table.name] = _copy_table_out(cursor, store, table, schema)
                progress(number / (len(SCHEMA_TABLES) + 1), table.name)
            counts[STYLES] = _copy_styles_out(cursor, store, schema)
            progress.check()
    return counts


def _copy_table_out(cursor, store, table: Table, schema: str) -> int:
    names = ["fid"] + [c.name for c in table.columns]
    select = ", ".join(quote(n) for n in names)
    if table.is_layer:
        select += ", ST_AsBinary(geom)"
    records = bulk_rows(
        cursor.connection, f"SELECT {select} FROM {quote(schema)}.{quote(table.name)} ORDER BY fid"
    )
    if not records:
        return 0
    # Values as _rows gives them (dates and times as text): booleans become 0 and 1.
    booleans = {c.name for c in table.columns if c.type == "BOOLEAN"}
    rows = [
        {n: int(v) if n in booleans and v is not None else v for n, v in zip(names, record)}
        for record in records
    ]
    geometries = None
    if table.is_layer:
        geometries = shapely.from_wkb([record[-1] for record in records])
    store.insert(table.name, rows, geometries)
    return len(rows)


def _copy_styles_out(cursor, store, schema: str) -> int:
    cursor.execute(
        "SELECT f_table_name, f_geometry_column, stylename, styleqml::text, "
        "coalesce(stylesld::text, ''), useasdefault, description, ui::text, update_time "
        "FROM public.layer_styles WHERE f_table_schema = %s ORDER BY id",
        (schema,),
    )
    rows = [
        {
            "f_table_catalog": "",
            "f_table_schema": "",
            "f_table_name": name,
            "f_geometry_column": geometry or "",
            "styleName": style,
            "styleQML": qml,
            "styleSLD": sld,
            "useAsDefault": int(bool(default)),
            "description": description,
            "owner": "",
            "ui": ui,
            # QGIS's column has no time zone: it holds UTC.
            "update_time": None
            if updated is None
            else to_datetime_text(updated.replace(tzinfo=updated.tzinfo or timezone.utc)),
        }
        for name, geometry, style, qml, sld, default, description, ui, updated in cursor
    ]
    if rows:
        store.insert(STYLES, rows)
    return len(rows)
