"""How an older store is brought to the current schema: the changes of each version, in
order. A store is migrated in one transaction (queries/base.py), each backend making a
change in its own dialect."""

from __future__ import annotations

from dataclasses import dataclass

from .schema import (
    ATTACHMENTS,
    CALENDAR_OVERRIDES,
    CATALOG_DEADLINE_UNIT,
    GRID_TABLES,
    INCIDENT_COLUMNS_3,
    INCIDENT_COLUMNS_8,
    INCIDENT_ESCALATION,
    SEARCH_INDEXES,
    STEP_COLUMNS_7,
    STEP_ESCALATED_TO,
    TRANSITION_COLUMNS_7,
    TRANSITION_UNIQUE_6,
    TRANSITION_UNIQUE_7,
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
class AddIntake:
    """A schema change: reports routed by the store (sqlite/intake.py, postgres/intake.py):
    the incidents' columns it fills declared with their defaults, the indexes and the
    triggers."""


@dataclass(frozen=True)
class ReplaceGridGuard:
    """A schema change: the grids' guard made again (sqlite/guard.py, postgres/guard.py):
    decisions bound to their connection or login, and the rules on communities, the
    district and polygonal areas."""


@dataclass(frozen=True)
class ReplaceReportChecks:
    """A schema change: a GeoPackage's checks of a report made again (sqlite/intake.py),
    so that a row written with its ticket is never refused as an incomplete report
    (PostGIS's were right)."""


@dataclass(frozen=True)
class AddView:
    """A schema change: a new view (and its shipped styles)."""

    view: View


@dataclass(frozen=True)
class ReplaceUnique:
    """A schema change: a table's unique constraint on `old` columns replaced by one on
    `new` (SQLite rebuilds the table, PostgreSQL swaps the constraint)."""

    table: str
    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class SeedWorkflow:
    """A data change: the workflow's steps and moves of reference_data added to a store
    (what it has is kept), and the moves it has named by their codes."""

    def apply(self, store) -> None:
        from ..reference_data import INCIDENT_STATES, WORKFLOW_TRANSITIONS

        states = {row["code"] for row in store.rows("incident_states", ["code"])}
        store.insert(
            "incident_states", [s._asdict() for s in INCIDENT_STATES if s.code not in states]
        )
        existing = {
            (r["from_step"], r["to_step"], r["actor_role"]): r
            for r in store.rows("workflow_transitions", ["from_step", "to_step", "actor_role"])
        }
        new = []
        for move in WORKFLOW_TRANSITIONS:
            row = existing.pop((move.from_step, move.to_step, move.actor_role), None)
            if row is None:
                new.append(move._asdict())
                continue
            store._rows_of(
                "UPDATE workflow_transitions SET move = ?, needs = ?, deadline_rule = ?, "
                "source = ? WHERE fid = ?",
                (move.move, move.needs, move.deadline_rule, move.source, row["fid"]),
            )
        store.insert("workflow_transitions", new)
        # The history's moves named as the transitions they were (none was ambiguous
        # before: the moves that share their steps are new).
        store._rows_of(
            "UPDATE incident_steps SET move = (SELECT w.move FROM workflow_transitions w "
            "WHERE w.from_step = incident_steps.from_step AND w.to_step = "
            "incident_steps.to_step AND w.actor_role = incident_steps.actor_role "
            "ORDER BY w.fid LIMIT 1) WHERE move IS NULL AND escalated_to IS NULL"
        )


# Schema 10: indexes for a district's ten years (about 200,000 incidents, 1.2 million
# moves): the activity views' counts, the figures by step, the list's overdue incidents
# and source filter, an incident's moves in order.
INDEXES_10 = (
    DropIndex("incidents", ("grid_code",)),
    AddIndex("incidents", ("grid_code", "step")),
    DropIndex("incidents", ("town_code",)),
    AddIndex("incidents", ("town_code", "step", "catalog_code", "deadline_at", "closed_at")),
    AddIndex("incidents", ("town_code", "reported_at")),
    DropIndex("incidents", ("step",)),
    AddIndex("incidents", ("step", "deadline_at", "closed_at")),
    AddIndex("incidents", ("source", "reported_at")),
    DropIndex("incident_steps", ("incident_id",)),
    AddIndex("incident_steps", ("incident_id", "at", "fid")),
)


# The changes that bring a store of version v to v + 1, keyed by v. A store is migrated
# inside one transaction, all steps or none. Every change here must also be reflected in
# TABLES, VIEWS and SEARCH_INDEXES, which describe the current version.
MIGRATIONS: dict[
    int,
    tuple[
        AddTable
        | AddColumn
        | AddSearchIndex
        | AddView
        | AddGridGuard
        | ReplaceUnique
        | SeedWorkflow
        | AddIntake
        | ReplaceGridGuard
        | ReplaceReportChecks
        | AddIndex
        | DropIndex,
        ...,
    ],
] = {
    1: (AddSearchIndex(SEARCH_INDEXES[0]),),
    2: tuple(AddColumn("incidents", column) for column in INCIDENT_COLUMNS_3),
    3: tuple(AddView(view) for view in VIEWS),
    4: (
        AddColumn("incidents", INCIDENT_ESCALATION),
        AddColumn("incident_steps", STEP_ESCALATED_TO),
    ),
    5: (*(AddTable(table) for table in GRID_TABLES), AddGridGuard()),
    6: (
        *(AddColumn("workflow_transitions", column) for column in TRANSITION_COLUMNS_7),
        ReplaceUnique("workflow_transitions", TRANSITION_UNIQUE_6, TRANSITION_UNIQUE_7),
        *(AddColumn("incident_steps", column) for column in STEP_COLUMNS_7),
        AddColumn("event_catalog", CATALOG_DEADLINE_UNIT),
        AddTable(CALENDAR_OVERRIDES),
        SeedWorkflow(),
    ),
    7: (
        *(AddColumn("incidents", column) for column in INCIDENT_COLUMNS_8),
        AddTable(ATTACHMENTS),
        AddIntake(),
    ),
    8: (ReplaceGridGuard(),),
    9: INDEXES_10,
    10: (ReplaceReportChecks(),),
}
