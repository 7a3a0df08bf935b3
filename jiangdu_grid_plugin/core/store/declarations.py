"""The types the store's schema is declared with (schema.py): tables, columns and the
checks both backends render in their own dialects."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Digits:
    """Exactly `length` ASCII digits, starting with `prefix` when one is given."""

    length: int
    prefix: str = ""


@dataclass(frozen=True)
class OneOf:
    values: tuple[str, ...]


@dataclass(frozen=True)
class Between:
    low: float
    high: float


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a GeoPackage column type: INTEGER, REAL, TEXT, DATE, DATETIME, BOOLEAN, BLOB
    not_null: bool = False
    unique: bool = False
    default: str | None = None  # an SQL literal
    references: str | None = None  # "table(column)"
    check: Digits | OneOf | Between | None = None
    alias: str = ""  # the Chinese name users see in forms and tables
    null_is_default: bool = False  # a NULL written takes the default (see intake_rules.py)


@dataclass(frozen=True)
class Table:
    name: str
    title: str  # Chinese title, stored as the gpkg_contents identifier
    description: str
    columns: tuple[Column, ...]
    geometry_type: str | None = None  # POINT or MULTIPOLYGON; None for attribute tables
    checks: tuple[str, ...] = ()  # portable SQL expressions over the row's columns
    indexes: tuple[tuple[str, ...], ...] = ()
    uniques: tuple[tuple[str, ...], ...] = ()

    def index_name(self, columns: tuple[str, ...]) -> str:
        """The name of the table's index on `columns` (both backends)."""
        return f"idx_{self.name}_{'_'.join(columns)}"

    @property
    def is_layer(self) -> bool:
        return self.geometry_type is not None

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name}")


def _c(name, type_, alias="", **kwargs) -> Column:
    return Column(name, type_, alias=alias, **kwargs)
