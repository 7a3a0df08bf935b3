"""How an older store is brought to the current schema: the changes of each version, in
order. A store is migrated in one transaction (queries/base.py), each backend making a
change in its own dialect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .schema import (
    GRID_TABLES,
    INCIDENT_COLUMNS_3,
    INCIDENT_ESCALATION,
    SEARCH_INDEXES,
    STEP_ESCALATED_TO,
    Column,
    SearchIndex,
    Table,
)
from .views import VIEWS, View


@dataclass(frozen=True)
class AddTable:
    """A schema change: a new table (declared like those above)."""

    table: Table


@dataclass(frozen=True)
class AddColumn:
    """A schema change: a new column on an existing table (nullable or with a default)."""

    table: str
    column: Column


@dataclass(frozen=True)
class AddSearchIndex:
    """A schema change: a new search index, filled from the rows already there."""

    index: SearchIndex


@dataclass(frozen=True)
class AddGridGuard:
    """A schema change: the grids' guard triggers (sqlite/guard.py, postgres/guard.py)."""


@dataclass(frozen=True)
class AddIndex:
    """A schema change: an index on columns of a table (as schema.py declares them)."""

    table: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class DropIndex:
    """A schema change: an index schema.py no longer declares (one on more columns,
    with these first, serves its reads)."""

    table: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class AddView:
    """A schema change: a new view (and its shipped styles)."""

    view: View


# Schema 7: indexes for a district's ten years (about 200,000 incidents, 1.2 million
# moves): the activity views' counts, the figures by step, the list's overdue incidents
# and source filter, an incident's moves in order.
INDEXES_7 = (
    DropIndex("incidents", ("grid_code",)),
    AddIndex("incidents", ("grid_code", "step")),
    DropIndex("incidents", ("town_code",)),
    AddIndex("incidents", ("town_code", "step", "catalog_code")),
    DropIndex("incidents", ("step",)),
    AddIndex("incidents", ("step", "deadline_at", "closed_at")),
    AddIndex("incidents", ("source", "reported_at")),
    DropIndex("incident_steps", ("incident_id",)),
    AddIndex("incident_steps", ("incident_id", "at", "fid")),
)

# Union, not |: evaluated at run time, and QGIS on Windows may run Python 3.9.
SchemaChange = Union[
    AddTable, AddColumn, AddSearchIndex, AddView, AddGridGuard, AddIndex, DropIndex
]

# The changes that bring a store of version v to v + 1, keyed by v. A store is migrated
# inside one transaction, all steps or none. Every change here must also be reflected in
# TABLES, VIEWS and SEARCH_INDEXES, which describe the current version.
MIGRATIONS: dict[int, tuple[SchemaChange, ...]] = {
    1: (AddSearchIndex(SEARCH_INDEXES[0]),),
    2: tuple(AddColumn("incidents", column) for column in INCIDENT_COLUMNS_3),
    3: tuple(AddView(view) for view in VIEWS),
    4: (
        AddColumn("incidents", INCIDENT_ESCALATION),
        AddColumn("incident_steps", STEP_ESCALATED_TO),
    ),
    5: (*(AddTable(table) for table in GRID_TABLES), AddGridGuard()),
    6: INDEXES_7,
}
