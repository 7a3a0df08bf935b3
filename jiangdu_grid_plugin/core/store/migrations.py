"""How an older store is brought to the current schema: the changes of each version, in
order. A store is migrated in one transaction (queries/base.py), each backend making a
change in its own dialect."""

from __future__ import annotations

from dataclasses import dataclass

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
class ReplaceGridGuard:
    """A schema change: the grids' guard made again (sqlite/guard.py, postgres/guard.py):
    decisions bound to their connection or login, and the rules on communities, the
    district and polygonal areas."""


@dataclass(frozen=True)
class AddView:
    """A schema change: a new view (and its shipped styles)."""

    view: View


# The changes that bring a store of version v to v + 1, keyed by v. A store is migrated
# inside one transaction, all steps or none. Every change here must also be reflected in
# TABLES, VIEWS and SEARCH_INDEXES, which describe the current version.
MIGRATIONS: dict[
    int,
    tuple[AddTable | AddColumn | AddSearchIndex | AddView | AddGridGuard | ReplaceGridGuard, ...],
] = {
    1: (AddSearchIndex(SEARCH_INDEXES[0]),),
    2: tuple(AddColumn("incidents", column) for column in INCIDENT_COLUMNS_3),
    3: tuple(AddView(view) for view in VIEWS),
    4: (
        AddColumn("incidents", INCIDENT_ESCALATION),
        AddColumn("incident_steps", STEP_ESCALATED_TO),
    ),
    5: (*(AddTable(table) for table in GRID_TABLES), AddGridGuard()),
    6: (ReplaceGridGuard(),),
}
