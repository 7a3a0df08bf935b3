"""Helpers of the intake's tests: a store taken back to schema 6 (before reports were
routed by the store), and reports written as plain SQL rows."""

from __future__ import annotations

import re

import shapely

from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.store.sqlite import geometry_blob
from jiangdu_grid_plugin.core.workflow import Actor, move
from tests.core.activity_fixture import OX, OY
from tests.core.routing_fixture import build_store_file

CENTRE = Actor("command_centre", "指挥中心值班员")

INTAKE_COLUMNS = ("reported_by", "report_uuid", "category_code")


def undo_intake_sqlite(connection) -> None:
    """Undo schema 8 (the intake) in a GeoPackage store (sqlite3 connection, outside a
    transaction):
    the intake's triggers and indexes, the photos table, the new columns, and the
    incidents table declared as schema 6 declared it."""
    names = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
            "(name LIKE 'incidents\\_%' ESCAPE '\\' OR name LIKE 'incident\\_attachments\\_%' "
            "ESCAPE '\\')"
        )
    ]
    for name in names:
        connection.execute(f'DROP TRIGGER "{name}"')
    for index in ("idx_incidents_report_uuid", "idx_incidents_duplicate_of"):
        connection.execute(f'DROP INDEX "{index}"')
    connection.execute("DROP TABLE incident_attachments")
    for meta in ("gpkg_contents", "gpkg_ogr_contents"):
        connection.execute(f"DELETE FROM {meta} WHERE table_name = 'incident_attachments'")
    for column in INTAKE_COLUMNS:
        connection.execute(f"ALTER TABLE incidents DROP COLUMN {column}")
    (sql,) = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'incidents'"
    ).fetchone()
    old = sql.replace('"ticket" TEXT UNIQUE', '"ticket" TEXT NOT NULL UNIQUE')
    old = old.replace("NOT NULL ON CONFLICT REPLACE", "NOT NULL")
    old = re.sub(r" DEFAULT (?:'patrol'|'reported'|\(strftime\('[^']*','now'\)\))", "", old)
    version = connection.execute("PRAGMA schema_version").fetchone()[0]
    connection.execute("PRAGMA writable_schema = ON")
    connection.execute(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'incidents'", (old,)
    )
    connection.execute(f"PRAGMA schema_version = {version + 1}")
    connection.execute("PRAGMA writable_schema = OFF")


def undo_intake_postgis(db, schema: str) -> None:
    """Undo schema 8 (the intake) in a PostGIS store (a psycopg connection in autocommit)."""
    s = schema
    db.execute(f"DROP TRIGGER incidents_intake ON {s}.incidents")
    db.execute(f"DROP TABLE {s}.incident_attachments")
    db.execute(f"DROP FUNCTION {s}.incidents_intake()")
    db.execute(f"DROP FUNCTION {s}.incident_attachments_intake()")
    for index in ("ticket_prefix", "duplicate_of"):
        db.execute(f"DROP INDEX {s}.idx_incidents_{index}")
    for column in INTAKE_COLUMNS:
        db.execute(f"ALTER TABLE {s}.incidents DROP COLUMN {column}")
    db.execute(f"ALTER TABLE {s}.incidents ALTER COLUMN ticket SET NOT NULL")
    for column in ("source", "step", "reported_at", "updated_at"):
        db.execute(f"ALTER TABLE {s}.incidents ALTER COLUMN {column} DROP DEFAULT")


def blob(x: float, y: float) -> bytes:
    return geometry_blob.encode([shapely.Point(x, y)], 4549)[0]


def build_district(path):
    """The small district (routing_fixture) with a second item of category 01 and one of
    category 02."""
    build_store_file(path)
    with open_store(path) as store, store.transaction():
        store.insert("event_categories", [dict(code="02", name="市容环境", name_en="Appearance")])
        store.insert(
            "event_catalog",
            [
                dict(code=c, category_code=c[:2], name=n, unit_code="046", deadline_hours=8)
                for c, n in (("01002", "路灯不亮"), ("02001", "乱堆物料"))
            ],
        )
    return path


def report(store, x, y, **values):
    """Write a report as any writer would (no ticket), and read it back."""
    row = dict(dict(catalog_code="01001", description="井盖破损"), **values)
    store.insert("incidents", [row], [shapely.Point(OX + x, OY + y)])
    return store.rows("incidents")[-1]


def dispatched(store, x, y, **values) -> dict:
    """A report registered and dispatched by the command centre; the incident now."""
    fid = report(store, x, y, **values)["fid"]
    version = move(store, fid, "registered", CENTRE, 1)
    move(store, fid, "dispatched", CENTRE, version)
    return store.incident(fid)
