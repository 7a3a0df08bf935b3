"""The grid store in PostgreSQL/PostGIS: schema.py rendered in PostgreSQL's dialect,
whole stores copied between a GeoPackage and a PostGIS schema (both ways), the database
roles and rules of a store (access_sql), and PostGISStore, which answers the reads of
queries.StoreQueries and makes the six-step loop's moves for many sessions at once.

A store in PostGIS is one schema of a database (default `jiangdu`), with the tables of
schema.py under the same names, types, keys and constraints; geometries are
`geometry(<type>, 4549)` with GiST indexes. Styles go where QGIS looks for them, the
database's `public.layer_styles` (QGIS's own layout), keyed by schema and table.

What the PostGIS store does not have yet: the facility search index and the grid guard.
Until the guard is ported, its grids refuse every write (a trigger) so that the
GeoPackage stays where grid boundaries are edited.

psycopg 3 talks to the server (pure Python, on the system's libpq). Connection details are
a libpq connection string the caller makes; nothing here stores them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import numpy as np
import shapely

from ..timestamps import to_datetime_text
from .errors import StoreError
from .queries import StoreQueries
from .schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    SRS_ID,
    TABLES,
    VIEWS,
    Between,
    Column,
    Digits,
    OneOf,
    Table,
    View,
)

DEFAULT_SCHEMA = "jiangdu"
CONNECT_TIMEOUT_S = 10  # an unreachable server is named after this, not waited on forever
STYLES = "layer_styles"  # kept in public.layer_styles, as QGIS does
_COPIED = tuple(table for table in TABLES if table.name != STYLES)
_TYPES = {
    "INTEGER": "bigint",
    "REAL": "double precision",
    "TEXT": "text",
    "DATE": "date",
    "DATETIME": "timestamptz",
    "BOOLEAN": "boolean",
}
_GEOMETRY_TYPES = {"POINT": "Point", "MULTIPOLYGON": "MultiPolygon"}
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# QGIS's table of styles in a PostgreSQL database (as QgsPostgresProvider creates it).
STYLES_DDL = (
    "CREATE TABLE IF NOT EXISTS public.layer_styles (id serial PRIMARY KEY, "
    "f_table_catalog varchar, f_table_schema varchar, f_table_name varchar, "
    "f_geometry_column varchar, stylename text, styleqml xml, stylesld xml, "
    "useasdefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, "
    "ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)"
)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def check_schema_name(name: str) -> str:
    """`name` if it is a plain lower-case PostgreSQL identifier, else StoreError."""
    if not _SCHEMA_NAME.match(name or ""):
        raise StoreError(
            f"{name!r} is not a usable schema name: use lower-case letters, digits and _ "
            "(at most 63, not starting with a digit)"
        )
    return name


def check_sql(column: Column) -> str:
    name = _quote(column.name)
    check = column.check
    if isinstance(check, Digits):
        rest = check.length - len(check.prefix)
        return f"{name} ~ {_literal(f'^{check.prefix}[0-9]{{{rest}}}$')}"
    if isinstance(check, OneOf):
        return f"{name} IN ({', '.join(_literal(value) for value in check.values)})"
    if isinstance(check, Between):
        return f"{name} BETWEEN {check.low!r} AND {check.high!r}"
    raise TypeError(f"unknown check {check!r}")


def _default_sql(column: Column) -> str:
    default = column.default
    if "strftime" in default:
        return "now()"
    if column.type == "BOOLEAN":
        return {"0": "false", "1": "true"}[default]
    return default


def _table_check_sql(table: Table, expression: str) -> str:
    """A portable table check in PostgreSQL: a BOOLEAN column compared with 0 or 1 is
    compared with false or true."""
    for column in table.columns:
        if column.type == "BOOLEAN":
            expression = re.sub(
                rf"\b{column.name} = ([01])\b",
                lambda m, n=column.name: f"{n} = {'true' if m.group(1) == '1' else 'false'}",
                expression,
            )
    return expression


def _column_sql(column: Column) -> str:
    parts = [_quote(column.name), _TYPES[column.type]]
    if column.not_null:
        parts.append("NOT NULL")
    if column.unique:
        parts.append("UNIQUE")
    if column.default is not None:
        parts.append(f"DEFAULT {_default_sql(column)}")
    if column.check is not None:
        parts.append(f"CHECK ({check_sql(column)})")
    return " ".join(parts)


def create_table_sql(table: Table, schema: str) -> tuple[str, list[str]]:
    """The CREATE TABLE statement of a table of the store in `schema` (keys, checks and
    unique constraints), and the statements that add its foreign keys and indexes, which
    a bulk copy runs after loading the rows (one check of each key instead of one a row)."""
    qualified = f"{_quote(schema)}.{_quote(table.name)}"
    lines = ['"fid" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY']
    if table.is_layer:
        lines.append(f'"geom" geometry({_GEOMETRY_TYPES[table.geometry_type]}, {SRS_ID})')
    lines += [_column_sql(column) for column in table.columns]
    lines += [f"CHECK ({_table_check_sql(table, check)})" for check in table.checks]
    lines += [f"UNIQUE ({', '.join(_quote(c) for c in unique)})" for unique in table.uniques]
    later = []
    for column in table.columns:
        if column.references:
            target, _, key = column.references.partition("(")
            later.append(
                f"ALTER TABLE {qualified} ADD FOREIGN KEY ({_quote(column.name)}) REFERENCES "
                f"{_quote(schema)}.{_quote(target)}({_quote(key.rstrip(')'))}) "
                "DEFERRABLE INITIALLY DEFERRED"
            )
    if table.is_layer:
        later.append(
            f"CREATE INDEX {_quote(f'sidx_{table.name}_geom')} ON {qualified} USING gist (geom)"
        )
    for columns in table.indexes:
        later.append(
            f"CREATE INDEX {_quote(f'idx_{table.name}_' + '_'.join(columns))} ON {qualified} "
            f"({', '.join(_quote(c) for c in columns)})"
        )
    return f"CREATE TABLE {qualified} (\n  " + ",\n  ".join(lines) + "\n)", later


def view_sql(view: View, schema: str) -> str:
    """The CREATE VIEW of an activity view in PostgreSQL's dialect (run with the schema
    first on the search path, which binds its tables): counts of a condition become
    FILTER clauses, group_concat string_agg, and the key column fid."""
    select = re.sub(r"sum\((\w+\.\w+ = '\w+')\)", r"count(*) FILTER (WHERE \1)", view.select)
    select = select.replace("group_concat(", "string_agg(").replace(" AS OGC_FID", " AS fid")
    return f"CREATE VIEW {_quote(schema)}.{_quote(view.name)} AS {select}"


def schema_sql(schema: str) -> tuple[list[str], list[str]]:
    """The statements that make an empty store's tables in `schema` (which must not
    exist), and those to run once the rows are in: foreign keys, indexes, the activity
    views, and the guard that keeps its grids read-only."""
    statements, later = [f"CREATE SCHEMA {_quote(schema)}"], []
    for table in _COPIED:
        create, rest = create_table_sql(table, schema)
        statements.append(create)
        later += rest
    later.append(
        f"CREATE FUNCTION {_quote(schema)}.grids_read_only() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RAISE EXCEPTION 'jiangdu_grid: 网格边界请在 GeoPackage 网格库中编辑 / "
        "grid boundaries are edited in a GeoPackage store, then copied: the PostGIS store "
        "has no grid guard yet'; END $$"
    )
    later.append(f"SET LOCAL search_path TO {_quote(schema)}, public")
    later += [view_sql(view, schema) for view in VIEWS]
    later.append("SET LOCAL search_path TO DEFAULT")
    later.append(
        f"CREATE TRIGGER grids_read_only BEFORE INSERT OR UPDATE OR DELETE ON "
        f"{_quote(schema)}.grids FOR EACH STATEMENT EXECUTE FUNCTION "
        f"{_quote(schema)}.grids_read_only()"
    )
    return statements, later


# Database roles of a store, and who may change what. Role names start with the schema's.
ROLE_KINDS = ("supervisor", "command_centre", "town_staff", "gis_editor")
# Personal data: what supervisors read only masked (the rules of core/privacy.py).
_MASK_SQL = (
    "CREATE FUNCTION {s}.mask_phone(text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ "
    "SELECT CASE WHEN $1 IS NULL THEN NULL WHEN length(btrim($1)) < 8 THEN "
    "repeat('*', length(btrim($1))) ELSE left(btrim($1), 3) || repeat('*', "
    "length(btrim($1)) - 7) || right(btrim($1), 4) END $$",
    "CREATE FUNCTION {s}.mask_name(text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ "
    "SELECT CASE WHEN $1 IS NULL THEN NULL WHEN length(btrim($1)) <= 1 THEN btrim($1) "
    "WHEN length(btrim($1)) = 2 THEN left(btrim($1), 1) || '*' ELSE left(btrim($1), 1) || "
    "repeat('*', length(btrim($1)) - 2) || right(btrim($1), 1) END $$",
)
_PERSONAL = {"officers": ("phone",), "incidents": ("reporter_name", "reporter_phone")}


def role_name(schema: str, kind: str) -> str:
    return f"{schema}_{kind}"


def access_sql(schema: str) -> list[str]:
    """Roles, privileges, row-level security and masked views of the store in `schema`.

    - supervisors read everything but personal data, which they read masked in the views
      officers_masked and incident_reporters_masked;
    - the command centre reads everything and moves any incident;
    - town staff read everything and move only their own town's incidents (the towns of
      a login role are rows of staff_towns);
    - GIS editors maintain towns, communities and facilities (grids stay read-only)."""
    s = _quote(schema)
    roles = {kind: _quote(role_name(schema, kind)) for kind in ROLE_KINDS}
    statements = [
        "DO $$ BEGIN "
        + " ".join(
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
            f"{_literal(role_name(schema, kind))}) THEN CREATE ROLE {roles[kind]} NOLOGIN; "
            "END IF;"
            for kind in ROLE_KINDS
        )
        + " END $$",
        f"CREATE TABLE IF NOT EXISTS {s}.staff_towns (member text NOT NULL, town_code text "
        f"NOT NULL REFERENCES {s}.towns(code), PRIMARY KEY (member, town_code))",
        *(statement.format(s=s) for statement in _MASK_SQL),
        f"CREATE VIEW {s}.officers_masked AS SELECT fid, code, name, "
        f"{s}.mask_phone(phone) AS phone, role, level, post FROM {s}.officers",
        f"CREATE VIEW {s}.incident_reporters_masked AS SELECT fid, ticket, "
        f"{s}.mask_name(reporter_name) AS reporter_name, {s}.mask_phone(reporter_phone) AS "
        f"reporter_phone FROM {s}.incidents",
    ]
    everyone = ", ".join(roles.values())
    statements += [
        f"GRANT USAGE ON SCHEMA {s} TO {everyone}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {everyone}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {everyone}",
    ]
    for table, hidden in _PERSONAL.items():
        visible = ["fid"] + [c.name for c in next(t for t in TABLES if t.name == table).columns]
        visible += ["geom"] if table == "incidents" else []
        statements += [
            f"REVOKE SELECT ON {s}.{table} FROM {roles['supervisor']}",
            f"GRANT SELECT ({', '.join(_quote(c) for c in visible if c not in hidden)}) "
            f"ON {s}.{table} TO {roles['supervisor']}",
        ]
    movers = f"{roles['command_centre']}, {roles['town_staff']}"
    statements += [
        f"GRANT UPDATE ON {s}.incidents TO {movers}",
        f"GRANT INSERT ON {s}.incidents TO {roles['command_centre']}",
        f"GRANT INSERT ON {s}.incident_steps, {s}.audit_log TO {movers}",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.towns, {s}.communities, {s}.facilities, "
        f"{s}.audit_log TO {roles['gis_editor']}",
    ]
    own_towns = f"(SELECT town_code FROM {s}.staff_towns WHERE member = current_user)"
    for table in ("incidents", "incident_steps"):
        statements += [
            f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY everyone_reads ON {s}.{table} FOR SELECT USING (true)",
            f"CREATE POLICY centre_writes ON {s}.{table} FOR ALL TO {roles['command_centre']} "
            "USING (true) WITH CHECK (true)",
        ]
    statements += [
        f"CREATE POLICY own_town ON {s}.incidents FOR UPDATE TO {roles['town_staff']} "
        f"USING (town_code IN {own_towns}) WITH CHECK (town_code IN {own_towns})",
        f"CREATE POLICY own_town ON {s}.incident_steps FOR INSERT TO {roles['town_staff']} "
        f"WITH CHECK (incident_id IN (SELECT fid FROM {s}.incidents WHERE town_code IN "
        f"{own_towns}))",
    ]
    return statements


def grant_access(conninfo: str, schema: str = DEFAULT_SCHEMA) -> list[str]:
    """Create the store's roles and rules (access_sql) in one transaction; returns the
    role names. Needs a user that may create roles."""
    check_schema_name(schema)
    with _connect(conninfo) as connection, connection.cursor() as cursor:
        if not _schema_exists(cursor, schema):
            raise StoreError(f"the database has no schema {schema}")
        try:
            for statement in access_sql(schema):
                cursor.execute(statement)
        except Exception as error:
            raise StoreError(f"cannot set up the roles of {schema}: {error}") from error
    return [role_name(schema, kind) for kind in ROLE_KINDS]


def _connect(conninfo: str):
    try:
        import psycopg
    except ImportError as error:  # an optional requirement: only PostGIS needs it
        raise StoreError(
            "PostGIS stores need the Python package psycopg: pip install psycopg"
        ) from error
    try:
        return psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as error:
        raise StoreError(f"cannot connect to PostgreSQL: {error}".strip()) from error


def _schema_exists(cursor, schema: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
    return cursor.fetchone() is not None


def _ensure_postgis(cursor) -> None:
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
    if cursor.fetchone() is None:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'")
        if cursor.fetchone() is None:
            raise StoreError(
                "PostGIS is not installed on this PostgreSQL server (Debian: apt-get install "
                "postgresql-postgis)"
            )
        cursor.execute("CREATE EXTENSION postgis")


def _to_postgres(table: Table) -> list[Callable]:
    """Per column (fid and the table's columns), how a GeoPackage value goes to COPY."""

    def same(value):
        return value

    def boolean(value):
        return None if value is None else bool(value)

    return [same] + [boolean if c.type == "BOOLEAN" else same for c in table.columns]


def _from_postgres(table: Table) -> list[Callable]:
    """Per column, how a PostgreSQL value comes back as the GeoPackage keeps it."""

    def same(value):
        return value

    def boolean(value):
        return None if value is None else int(value)

    def day(value):
        return None if value is None else value.isoformat()

    def moment(value):
        return None if value is None else to_datetime_text(value)

    kinds = {"BOOLEAN": boolean, "DATE": day, "DATETIME": moment}
    return [same] + [kinds.get(c.type, same) for c in table.columns]


def copy_to_postgis(
    store, conninfo: str, schema: str = DEFAULT_SCHEMA, *, overwrite: bool = False, progress=None
) -> dict[str, int]:
    """Copy an open GeoPackage store into `schema` of the database `conninfo` names, in
    one transaction: all of it or nothing. Codes, fids, histories and styles are kept.
    Returns the rows copied per table."""
    check_schema_name(schema)
    if store.schema_version != SCHEMA_VERSION:
        raise StoreError(f"{store.path} is at schema {store.schema_version}: open it to migrate")
    counts = {}
    with _connect(conninfo) as connection, connection.cursor() as cursor:
        _ensure_postgis(cursor)
        if _schema_exists(cursor, schema):
            if not overwrite:
                raise StoreError(
                    f"the database already has a schema {schema}: choose another or allow "
                    "overwriting"
                )
            cursor.execute(f"DROP SCHEMA {_quote(schema)} CASCADE")
        create, later = schema_sql(schema)
        for statement in create:
            cursor.execute(statement)
        for number, table in enumerate(_COPIED, start=1):
            counts[table.name] = _copy_table_in(cursor, store, table, schema)
            if progress is not None:
                progress(number / (len(_COPIED) + 1), table.name)
        for statement in later:
            cursor.execute(statement)
        counts[STYLES] = _copy_styles_in(cursor, store, schema)
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
    qualified = f"{_quote(schema)}.{_quote(table.name)}"
    with cursor.copy(
        f"COPY {qualified} ({', '.join(_quote(n) for n in columns)}) FROM STDIN"
    ) as copy:
        for index, row in enumerate(rows):
            values = [f(row[name]) for f, name in zip(convert, names)]
            if table.is_layer:
                values.append(ewkb[index])
            copy.write_row(values)
    if rows:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence({_literal(qualified)}, 'fid'), "
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
    conninfo: str,
    schema: str,
    path: str | Path,
    *,
    overwrite: bool = False,
    progress=None,
) -> dict[str, int]:
    """Copy the store in `schema` of the database `conninfo` names into a new GeoPackage
    at `path` (which appears only once complete). Returns the rows copied per table."""
    from . import build_store

    check_schema_name(schema)
    counts = {}
    with _connect(conninfo) as connection, connection.cursor() as cursor:
        if not _schema_exists(cursor, schema):
            raise StoreError(f"the database has no schema {schema}")
        try:
            cursor.execute(
                f"SELECT key, value FROM {_quote(schema)}.store_info "
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
        with build_store(path, overwrite=overwrite) as store:
            store.clear_all_tables()
            for number, table in enumerate(_COPIED, start=1):
                counts[table.name] = _copy_table_out(cursor, store, table, schema)
                if progress is not None:
                    progress(number / (len(_COPIED) + 1), table.name)
            counts[STYLES] = _copy_styles_out(cursor, store, schema)
    return counts


def _copy_table_out(cursor, store, table: Table, schema: str) -> int:
    names = ["fid"] + [c.name for c in table.columns]
    select = ", ".join(_quote(n) for n in names)
    if table.is_layer:
        select += ", ST_AsBinary(geom)"
    cursor.execute(f"SELECT {select} FROM {_quote(schema)}.{_quote(table.name)} ORDER BY fid")
    records = cursor.fetchall()
    if not records:
        return 0
    convert = _from_postgres(table)
    rows = [{n: f(v) for n, f, v in zip(names, convert, record)} for record in records]
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


# The six-step loop on PostGIS, for many sessions at once.


def _text(value):
    """A PostgreSQL value as the GeoPackage store gives it (times as DATETIME text)."""
    if isinstance(value, Decimal):  # numeric results (averages): floats, as SQLite gives
        return float(value)
    if isinstance(value, datetime):
        return to_datetime_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class PostGISStore(StoreQueries):
    """A grid store in a PostGIS schema, with the store methods the six-step loop uses
    (core.workflow's move, escalate and escalate_overdue run on it unchanged).

    Every move is one transaction: the incident's UPDATE checks and bumps its row
    version, and its history row is inserted with it. Under PostgreSQL's row locks a
    second session moving the same incident waits, then finds the version moved on and
    gets StaleRowError: no update is lost and no incident is left without its step row.
    Row-level security may hide an incident from a town's staff: their move is refused
    with that reason.
    """

    def __init__(self, connection, schema: str):
        self._connection, self.schema = connection, schema
        self.path = f"postgis:{schema}"

    @classmethod
    def open(cls, conninfo: str, schema: str = DEFAULT_SCHEMA) -> PostGISStore:
        check_schema_name(schema)
        connection = _connect(conninfo)
        connection.autocommit = True  # transactions are explicit: transaction()
        try:
            info = dict(
                connection.execute(
                    f"SELECT key, value FROM {_quote(schema)}.store_info "
                    "WHERE key IN ('application', 'schema_version')"
                ).fetchall()
            )
        except Exception as error:
            connection.close()
            raise StoreError(f"the schema {schema} is not a grid store: {error}") from error
        if info.get("application") != APPLICATION_ID or info.get("schema_version") != str(
            SCHEMA_VERSION
        ):
            connection.close()
            raise StoreError(f"the schema {schema} is not a grid store at schema {SCHEMA_VERSION}")
        connection.execute(f"SET search_path TO {_quote(schema)}, public")
        return cls(connection, schema)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> PostGISStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def transaction(self):
        """One transaction; nested use is a savepoint inside the enclosing one."""
        return self._connection.transaction()

    # What StoreQueries needs of a backend.

    def _rows(self, sql: str, parameters=()) -> list[tuple]:
        if parameters:
            sql = sql.replace("%", "%%").replace("?", "%s")
        rows = self._connection.execute(sql, parameters).fetchall()
        return [tuple(_text(v) for v in row) for row in rows]

    def _rows_of(self, sql: str) -> None:
        self._connection.execute(sql)

    def _temporary(self, name: str) -> str:
        return f"pg_temp.{name}"

    def _month_sql(self, column: str) -> str:
        return f"to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"

    def _hours_sql(self, later: str, earlier: str) -> str:
        return f"extract(epoch from ({later}) - ({earlier})) / 3600.0"

    def _geometry_column(self) -> str:
        return "ST_AsBinary(geom)"

    def _geometries(self, values):
        return shapely.from_wkb(values)

    @property
    def schema_version(self) -> int:
        return SCHEMA_VERSION

    def rows(self, table_name: str, columns=None, with_geometry: bool = False) -> list[dict]:
        """All rows of a table as dicts, by fid (and shapely geometries under "geom")."""
        table = next((t for t in TABLES if t.name == table_name), None)
        if table is None:
            raise StoreError(f"the store has no table {table_name!r}")
        names = ["fid"] + (list(columns) if columns else [c.name for c in table.columns])
        for name in names[1:]:
            table.column(name)
        select = ", ".join(_quote(n) for n in names)
        if with_geometry:
            select += ", ST_AsBinary(geom)"
        records = self._connection.execute(
            f"SELECT {select} FROM {_quote(table_name)} ORDER BY fid"
        ).fetchall()
        result = [{n: _text(v) for n, v in zip(names, record)} for record in records]
        if with_geometry:
            for row, geometry in zip(result, shapely.from_wkb([r[-1] for r in records])):
                row["geom"] = geometry
        return result

    def record_move(self, fid: int, expected_version: int, changes: dict, step: dict) -> int:
        """As GeoPackageStore.record_move: the UPDATE (row version checked and bumped) and
        the history row together; StaleRowError when the version moved on."""
        import psycopg

        allowed = {"step", "updated_at", "deadline_at", "closed_at", "escalation"}
        if not changes.keys() <= allowed:
            raise StoreError(f"a move cannot change {sorted(changes.keys() - allowed)}")
        settings = ", ".join(f"{_quote(name)} = %s" for name in changes)
        try:
            return self._record_move(fid, expected_version, changes, step, settings)
        except psycopg.errors.InsufficientPrivilege as error:
            raise StoreError(
                f"incidents {fid}: your database role may not move it ({error})"
            ) from None

    def _record_move(self, fid, expected_version, changes, step, settings) -> int:
        from .errors import StaleRowError

        with self.transaction():
            updated = self._connection.execute(
                f"UPDATE incidents SET {settings}, row_version = row_version + 1 "
                "WHERE fid = %s AND row_version = %s",
                (*changes.values(), fid, expected_version),
            ).rowcount
            if updated != 1:
                current = self._connection.execute(
                    "SELECT row_version FROM incidents WHERE fid = %s", (fid,)
                ).fetchone()
                if current is not None and current[0] == expected_version:
                    raise StoreError(
                        f"incidents {fid}: you may not change it (it is another town's, or "
                        "your database role cannot move incidents)"
                    )
                raise StaleRowError(
                    "incidents", fid, expected_version, None if current is None else current[0]
                )
            row = dict(step, incident_id=fid)
            self._connection.execute(
                f"INSERT INTO incident_steps ({', '.join(_quote(n) for n in row)}) "
                f"VALUES ({', '.join('%s' for _ in row)})",
                tuple(row.values()),
            )
        return expected_version + 1
