"""SQL text both dialects share: quoted identifiers and literals, and a column's
definition rendered with a dialect's types, defaults and digit test."""

from __future__ import annotations

from collections.abc import Callable

from .schema import Between, Column, Digits, OneOf


def quote(identifier: str) -> str:
    """An SQL identifier, quoted (both dialects)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(value: str) -> str:
    """An SQL string literal (both dialects): values are quoted in, never pasted raw."""
    return "'" + value.replace("'", "''") + "'"


def column_sql(
    column: Column, type_sql: str, default_sql: str | None, digits: Callable[[str, Digits], str]
) -> str:
    """A column's definition (name, type, NOT NULL, UNIQUE, DEFAULT, CHECK) in a dialect:
    its type, its default and its digits test rendered by the caller."""
    parts = [quote(column.name), type_sql]
    if column.not_null:
        parts.append("NOT NULL")
    if column.unique:
        parts.append("UNIQUE")
    if default_sql is not None:
        parts.append(f"DEFAULT {default_sql}")
    if column.check is not None:
        parts.append(f"CHECK ({check_sql(column, digits)})")
    return " ".join(parts)


def check_sql(column: Column, digits: Callable[[str, Digits], str]) -> str:
    """A column's declared check in SQL; `digits(name, check)` is the dialect's test for
    a string of digits (SQLite GLOB, PostgreSQL a regular expression)."""
    name = quote(column.name)
    check = column.check
    if isinstance(check, Digits):
        return digits(name, check)
    if isinstance(check, OneOf):
        return f"{name} IN ({', '.join(literal(value) for value in check.values)})"
    if isinstance(check, Between):
        return f"{name} BETWEEN {check.low!r} AND {check.high!r}"
    raise TypeError(f"unknown check {check!r}")
