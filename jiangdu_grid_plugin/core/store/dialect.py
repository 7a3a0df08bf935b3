"""What differs between the SQL of the store's two databases, in one object per backend
(sqlite/dialect.py, postgres/dialect.py), held by the store as `store.dialect` and used
by the shared queries (queries/) and by each backend's DDL.

A dialect renders text and converts values; it never runs SQL. What needs a connection
(running statements, numbering rows, transactions) stays on the store.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from .schema import Between, Column, Digits, OneOf, Table


def quote(identifier: str) -> str:
    """An SQL identifier, quoted (both dialects)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(value: str) -> str:
    """An SQL string literal (both dialects): values are quoted in, never pasted raw."""
    return "'" + value.replace("'", "''") + "'"


class Dialect(ABC):
    """The SQL of one backend, where it differs from the other's.

    Statements are written once with `?` placeholders, DATETIME text and the portable
    checks of schema.py; `sql()` makes them the backend's."""

    name: str  # "sqlite" or "postgres"
    like: str  # LIKE that ignores the case of Latin letters
    geometry_parameter: str  # how a geometry value is written (see geometry_values)
    fid_sql: str  # the definition of a table's key column, fid
    inline_references: bool  # foreign keys in the column's definition (else added later)

    def sql(self, sql: str, parameters: Sequence = ()) -> str:
        """A statement written with `?` placeholders, in the backend's style."""
        return sql

    def row(self, values: Sequence) -> tuple:
        """A row as the store gives it: times as DATETIME text, dates as ISO text."""
        return tuple(values)

    @abstractmethod
    def month_sql(self, column: str) -> str:
        """The year and month ("2019-11") in Jiangdu of a DATETIME column."""

    @abstractmethod
    def hours_sql(self, later: str, earlier: str) -> str:
        """The hours between two DATETIME expressions."""

    @abstractmethod
    def temporary(self, name: str) -> str:
        """How a temporary table of the session is named."""

    @abstractmethod
    def geometry_select(self, column: str = "geom") -> str:
        """What selects a geometry column in the form `geometries()` decodes."""

    @abstractmethod
    def geometries(self, values: Sequence):
        """Selected geometries (geometry_select) as shapely geometries."""

    @abstractmethod
    def geometry_values(self, table: Table, geometries) -> list:
        """Shapely geometries as parameters of `geometry_parameter` (of the layer's type)."""

    @abstractmethod
    def refusals(self) -> tuple[type[Exception], ...]:
        """The driver's errors that carry a refusal of the store's rules."""

    def denials(self) -> tuple[type[Exception], ...]:
        """The driver's errors for a write the user's role may not make."""
        return ()

    def facility_match(self, text: str) -> tuple[str, str, tuple]:
        """(FROM, WHERE, parameters) of the facilities (as f) whose code or name contains
        `text`; the text is always a bound parameter."""
        pattern = "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
        return (
            "facilities f",
            f"f.code {self.like} ? ESCAPE '!' OR f.name {self.like} ? ESCAPE '!'",
            (pattern, pattern),
        )

    # DDL: a column's and a table's parts.

    @abstractmethod
    def type_sql(self, column: Column) -> str:
        """The column's type (schema.py declares GeoPackage types)."""

    @abstractmethod
    def geometry_type_sql(self, table: Table) -> str:
        """The type of a layer's geometry column."""

    @abstractmethod
    def default_sql(self, column: Column) -> str | None:
        """The column's default (schema.py declares SQLite's), None without one."""

    @abstractmethod
    def digits_sql(self, name: str, check: Digits) -> str:
        """The test that the quoted column `name` holds a string of digits."""

    def table_check_sql(self, table: Table, expression: str) -> str:
        """A portable table check of schema.py in this dialect."""
        return expression

    def table_sql(self, table: Table, name: str) -> str:
        """CREATE TABLE `name` (quoted, maybe qualified): fid, geom for a layer, the
        columns, the table's checks and unique constraints."""
        lines = [self.fid_sql]
        if table.is_layer:
            lines.append(f'"geom" {self.geometry_type_sql(table)}')
        lines += [self.column_sql(column) for column in table.columns]
        lines += [f"CHECK ({self.table_check_sql(table, check)})" for check in table.checks]
        lines += [f"UNIQUE ({', '.join(quote(c) for c in unique)})" for unique in table.uniques]
        return f"CREATE TABLE {name} (\n  " + ",\n  ".join(lines) + "\n)"

    def column_sql(self, column: Column) -> str:
        """A column's definition: name, type, NOT NULL, UNIQUE, DEFAULT, CHECK, and its
        foreign key where the dialect declares it inline."""
        parts = [quote(column.name), self.type_sql(column)]
        if column.not_null:
            parts.append(self.not_null_sql(column))
        if column.unique:
            parts.append("UNIQUE")
        default = self.default_sql(column)
        if default is not None:
            parts.append(f"DEFAULT {default}")
        if column.check is not None:
            parts.append(f"CHECK ({self.check_sql(column)})")
        if column.references and self.inline_references:
            table, _, key = column.references.partition("(")
            parts.append(f"REFERENCES {quote(table)}({quote(key.rstrip(')'))})")
        return " ".join(parts)

    def not_null_sql(self, column: Column) -> str:
        """NOT NULL (the intake trigger gives a NULL written its default where the
        column's `null_is_default`)."""
        return "NOT NULL"

    def check_sql(self, column: Column) -> str:
        """A column's declared check in SQL."""
        name = quote(column.name)
        check = column.check
        if isinstance(check, Digits):
            return self.digits_sql(name, check)
        if isinstance(check, OneOf):
            return f"{name} IN ({', '.join(literal(value) for value in check.values)})"
        if isinstance(check, Between):
            return f"{name} BETWEEN {check.low!r} AND {check.high!r}"
        raise TypeError(f"unknown check {check!r}")
