"""A store taken back to schema 6 (before the loop's moves as data, deadline units and
the district's calendar), on either backend, to test the migration of schema 7."""

from __future__ import annotations

import dataclasses
import sqlite3

from jiangdu_grid_plugin.core.reference_data import WORKFLOW_TRANSITIONS
from jiangdu_grid_plugin.core.store import schema
from jiangdu_grid_plugin.core.store.dialect import quote
from jiangdu_grid_plugin.core.store.sqlite import ddl
from jiangdu_grid_plugin.core.store.sqlite.dialect import SQLITE

OLD_MOVES = ("register", "reject", "dispatch", "handle", "close", "check_failed", "evaluate")
OLD_TRANSITIONS = [
    (t.from_step, t.to_step, t.actor_role, t.label_zh, t.label_en)
    for t in WORKFLOW_TRANSITIONS
    if t.move in OLD_MOVES and t.from_step != "extension_requested"
]


def _without(table: schema.Table, columns, uniques=None) -> schema.Table:
    kept = tuple(c for c in table.columns if c not in columns)
    return dataclasses.replace(table, columns=kept, uniques=uniques or table.uniques)


def sqlite_back_to_6(connection: sqlite3.Connection) -> None:
    """(Inside the caller's transaction; the tables must hold no rows that others
    reference.)"""
    old = {
        "workflow_transitions": _without(
            schema.TABLES_BY_NAME["workflow_transitions"],
            schema.TRANSITION_COLUMNS_7,
            (schema.TRANSITION_UNIQUE_6,),
        ),
        "incident_steps": _without(schema.TABLES_BY_NAME["incident_steps"], schema.STEP_COLUMNS_7),
    }
    for name, table in old.items():
        connection.execute(f"DROP TABLE {quote(name)}")
        for statement in ddl.create_table_sql(table) + ddl._count_triggers(name):
            connection.execute(statement)
    connection.executemany(
        "INSERT INTO workflow_transitions (from_step, to_step, actor_role, label_zh, label_en) "
        "VALUES (?, ?, ?, ?, ?)",
        OLD_TRANSITIONS,
    )
    connection.execute("ALTER TABLE event_catalog DROP COLUMN deadline_unit")
    connection.execute("DROP TABLE calendar_overrides")
    for meta in ("gpkg_contents", "gpkg_ogr_contents"):
        connection.execute(f"DELETE FROM {meta} WHERE table_name = 'calendar_overrides'")
    connection.execute("DELETE FROM incident_states WHERE ordinal > 7")
    connection.execute("UPDATE store_info SET value = '6' WHERE key = 'schema_version'")
    assert SQLITE  # the DDL above is the GeoPackage's own


def postgres_back_to_6(db, s: str) -> None:
    t = f"{s}.workflow_transitions"
    db.execute(f"DELETE FROM {t}")
    for column in schema.TRANSITION_COLUMNS_7:
        db.execute(f"ALTER TABLE {t} DROP COLUMN {quote(column.name)}")
    db.execute(f"ALTER TABLE {t} ADD UNIQUE (from_step, to_step, actor_role)")
    for from_step, to_step, role, zh, en in OLD_TRANSITIONS:
        db.execute(
            f"INSERT INTO {t} (from_step, to_step, actor_role, label_zh, label_en) "
            "VALUES (%s, %s, %s, %s, %s)",
            (from_step, to_step, role, zh, en),
        )
    for column in schema.STEP_COLUMNS_7:
        db.execute(f"ALTER TABLE {s}.incident_steps DROP COLUMN {quote(column.name)}")
    db.execute(f"ALTER TABLE {s}.event_catalog DROP COLUMN deadline_unit")
    db.execute(f"DROP TABLE {s}.calendar_overrides")
    db.execute(f"DELETE FROM {s}.incident_states WHERE ordinal > 7")


def indexes_before_10(execute, schema_name: str | None = None) -> None:
    """The incident indexes as they were before schema 10 widened four of them and added
    two for the ten-year reads; `execute` is the connection's (either backend)."""
    p = f"{schema_name}." if schema_name else ""
    for table, old, new in (
        ("incidents", "grid_code", "grid_code_step"),
        ("incidents", "town_code", "town_code_step_catalog_code_deadline_at_closed_at"),
        ("incidents", "step", "step_deadline_at_closed_at"),
        ("incident_steps", "incident_id", "incident_id_at_fid"),
    ):
        execute(f"DROP INDEX {p}idx_{table}_{new}")
        execute(f"CREATE INDEX idx_{table}_{old} ON {p}{table} ({old})")
    execute(f"DROP INDEX {p}idx_incidents_source_reported_at")
    execute(f"DROP INDEX {p}idx_incidents_town_code_reported_at")
