"""SQLite's dialect, as the GeoPackage store speaks it: GeoPackage geometry blobs, times
as DATETIME text, GLOB for digits, the facility search through its FTS5 index."""

from __future__ import annotations

import sqlite3

from ..dialect import Dialect, literal
from ..rows import conform
from ..schema import SRS_ID, Column, Digits, Table
from . import geometry_blob


class SQLiteDialect(Dialect):
    name = "sqlite"
    like = "LIKE"  # SQLite's LIKE ignores the case of Latin letters
    geometry_parameter = "?"  # a GeoPackage blob
    fid_sql = '"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL'
    inline_references = True

    def month_sql(self, column: str) -> str:
        return f"strftime('%Y-%m', {column}, '+8 hours')"

    def hours_sql(self, later: str, earlier: str) -> str:
        return f"(julianday({later}) - julianday({earlier})) * 24"

    def temporary(self, name: str) -> str:
        return f"temp.{name}"

    def geometry_select(self, column: str = "geom") -> str:
        return column

    def geometries(self, values):
        return geometry_blob.decode(values)

    def geometry_values(self, table: Table, geometries) -> list:
        return geometry_blob.encode(conform(table, geometries), SRS_ID)

    def refusals(self) -> tuple[type[Exception], ...]:
        return (sqlite3.IntegrityError,)

    def facility_match(self, text: str) -> tuple[str, str, tuple]:
        """Three characters or more use the trigram index (ddl.add_search_index; the
        text a bound phrase); shorter text is matched with LIKE (the index cannot hold
        fewer than three)."""
        if len(text) < 3:
            return super().facility_match(text)
        phrase = '"' + text.replace('"', '""') + '"'
        return (
            "facilities f JOIN facilities_fts s ON s.rowid = f.fid",
            "facilities_fts MATCH ?",
            (phrase,),
        )

    def type_sql(self, column: Column) -> str:
        return column.type

    def geometry_type_sql(self, table: Table) -> str:
        return table.geometry_type

    def default_sql(self, column: Column) -> str | None:
        return column.default

    def not_null_sql(self, column: Column) -> str:
        """A NULL written takes the default where the column says so (SQLite's REPLACE
        resolution of a NOT NULL conflict): writers that send every field, NULL or not,
        as QGIS does, still leave the store's columns filled."""
        return "NOT NULL ON CONFLICT REPLACE" if column.null_is_default else "NOT NULL"

    def digits_sql(self, name: str, check: Digits) -> str:
        digits = check.prefix + "[0-9]" * (check.length - len(check.prefix))
        return f"{name} GLOB {literal(digits)}"


SQLITE = SQLiteDialect()
