"""schema.py rendered in PostgreSQL's dialect: a store's tables (keys, checks, unique
constraints, then foreign keys and indexes once a bulk copy has loaded the rows), the
activity views, the facility search's trigram index, and QGIS's table of styles.

A store in PostGIS is one schema of a database (default `jiangdu`), with the tables of
schema.py under the same names, types, keys and constraints; geometries are
`geometry(<type>, 4549)` with GiST indexes. Styles go where QGIS looks for them, the
database's `public.layer_styles` (QGIS's own layout), keyed by schema and table.
"""

from __future__ import annotations

import re

from ..dialect import literal, quote
from ..schema import TABLES, Table
from ..views import VIEWS, View
from . import guard, intake
from .dialect import POSTGRES

STYLES = "layer_styles"  # kept in public.layer_styles, as QGIS does
SCHEMA_TABLES = tuple(table for table in TABLES if table.name != STYLES)
# QGIS's table of styles in a PostgreSQL database (as QgsPostgresProvider creates it).
STYLES_DDL = (
    "CREATE TABLE IF NOT EXISTS public.layer_styles (id serial PRIMARY KEY, "
    "f_table_catalog varchar, f_table_schema varchar, f_table_name varchar, "
    "f_geometry_column varchar, stylename text, styleqml xml, stylesld xml, "
    "useasdefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, "
    "ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)"
)


def create_table_sql(table: Table, schema: str) -> tuple[str, list[str]]:
    """The CREATE TABLE statement of a table of the store in `schema` (keys, checks and
    unique constraints), and the statements that add its foreign keys and indexes, which
    a bulk copy runs after loading the rows (one check of each key instead of one a row)."""
    qualified = f"{quote(schema)}.{quote(table.name)}"
    later = []
    for column in table.columns:
        if column.references:
            target, _, key = column.references.partition("(")
            later.append(
                f"ALTER TABLE {qualified} ADD FOREIGN KEY ({quote(column.name)}) REFERENCES "
                f"{quote(schema)}.{quote(target)}({quote(key.rstrip(')'))}) "
                "DEFERRABLE INITIALLY DEFERRED"
            )
    if table.is_layer:
        later.append(
            f"CREATE INDEX {quote(f'sidx_{table.name}_geom')} ON {qualified} USING gist (geom)"
        )
    later += [index_sql(table, columns, schema) for columns in table.indexes]
    return POSTGRES.table_sql(table, qualified), later


def index_sql(table: Table, columns: tuple[str, ...], schema: str) -> str:
    """CREATE INDEX on columns of a table of the store in `schema` (unless it is there)."""
    return (
        f"CREATE INDEX IF NOT EXISTS {quote(table.index_name(columns))} ON "
        f"{quote(schema)}.{quote(table.name)} ({', '.join(quote(c) for c in columns)})"
    )


def view_sql(view: View, schema: str) -> str:
    """The CREATE VIEW of an activity view in PostgreSQL's dialect (run with the schema
    first on the search path, which binds its tables): counts of a condition become
    FILTER clauses, group_concat string_agg, and the key column fid."""
    select = re.sub(r"sum\((\w+\.\w+ = '\w+')\)", r"count(*) FILTER (WHERE \1)", view.select)
    select = select.replace("group_concat(", "string_agg(").replace(" AS OGC_FID", " AS fid")
    return f"CREATE VIEW {quote(schema)}.{quote(view.name)} AS {select}"


def schema_sql(schema: str) -> tuple[list[str], list[str]]:
    """The statements that make an empty store's tables in `schema` (which must not
    exist), and those to run once the rows are in: foreign keys, indexes, the activity
    views, and the grids' guard (guard.py)."""
    statements, later = [f"CREATE SCHEMA {quote(schema)}"], []
    for table in SCHEMA_TABLES:
        create, rest = create_table_sql(table, schema)
        statements.append(create)
        later += rest
    later.append(f"SET LOCAL search_path TO {quote(schema)}, public")
    later += [view_sql(view, schema) for view in VIEWS]
    later.append("SET LOCAL search_path TO DEFAULT")
    later += guard.guard_sql(schema)
    later += intake.intake_sql(schema)
    later += search_index_sql(schema)
    return statements, later


def search_index_sql(schema: str) -> list[str]:
    """The facility search's trigram index (pg_trgm), where the server has the extension
    and the user may create it; without it the search reads the table (still right)."""
    index = (
        f"CREATE INDEX facilities_search ON {quote(schema)}.facilities "
        "USING gin (code gin_trgm_ops, name gin_trgm_ops)"
    )
    return [
        "DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; "
        "EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'no pg_trgm: %', SQLERRM; END $$",
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN "
        f"EXECUTE {literal(index)}; END IF; END $$",
    ]
