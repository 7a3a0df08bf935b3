"""The intake inside the GeoPackage: triggers that route a report whoever saves it (QGIS
through GDAL, QField, ogr2ogr, this package), with the rules of intake_rules.py.

SQLite's BEFORE triggers cannot change the row written, so the refusals are BEFORE
triggers and the routing an AFTER INSERT trigger that updates the new row: the columns
it fills accept the row first (ticket may be NULL; source, step and the times take their
defaults when written NULL, schema.py's `null_is_default`). The grid is found as the
grids' guard finds one (guard.py): the R-tree of grids, then GEOS through SpatiaLite
(GDAL's connections) or shapely (this package's, connection.py).

A store migrated to schema 8 has its incidents table declared anew (`relax_incidents`):
dropping a NOT NULL and adding defaults changes no stored row, so the table's SQL is
rewritten in place, as SQLite documents for such changes, inside the migration's
transaction.
"""

from __future__ import annotations

import sqlite3

from ..dialect import literal, quote
from ..errors import StoreError
from ..intake_rules import (
    BLANKS,
    DEFAULT_TICKET_PREFIX,
    DEFAULT_TOLERANCE_M,
    DUPLICATE_HOURS,
    DUPLICATE_METRES,
    PHOTO_MAX_BYTES,
    SOURCE_ACTORS,
    refusal,
)
from ..schema import TABLES_BY_NAME
from .dialect import SQLITE

NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
REPORT = "(NEW.ticket IS NULL OR NEW.ticket = '')"
TOLERANCE = (
    "coalesce((SELECT CAST(value AS REAL) FROM store_info WHERE key = 'route_tolerance_m'), "
    f"{DEFAULT_TOLERANCE_M})"
)
PREFIX = (
    "coalesce((SELECT value FROM store_info WHERE key = 'ticket_prefix'), "
    f"{literal(DEFAULT_TICKET_PREFIX)})"
)
PHOTO_LIMIT = (
    "coalesce((SELECT CAST(value AS INTEGER) FROM store_info WHERE key = 'photo_max_bytes'), "
    f"{PHOTO_MAX_BYTES})"
)
JPEG = "hex(substr({0}, 1, 3)) = 'FFD8FF'"
PNG = "hex(substr({0}, 1, 8)) = '89504E470D0A1A0A'"


def _near(table: str, alias: str, point: str, distance: str) -> str:
    """Rows of `table` whose box comes within `distance` of the point's (its R-tree)."""
    return (
        f"{alias}.fid IN (SELECT id FROM rtree_{table}_geom WHERE "
        f"minx <= ST_MaxX({point}) + {distance} AND maxx >= ST_MinX({point}) - {distance} "
        f"AND miny <= ST_MaxY({point}) + {distance} AND maxy >= ST_MinY({point}) - {distance})"
    )


def _grid(point: str, test: str, distance: str = "0") -> str:
    return f"g.status = 'active' AND {_near('grids', 'g', point, distance)} AND {test}"


def covering(point: str) -> str:
    """The code of the grid in force covering the point (the lowest on a shared edge)."""
    return (
        f"(SELECT g.code FROM grids g WHERE {_grid(point, f'ST_Covers(g.geom, {point})')} "
        "ORDER BY g.code LIMIT 1)"
    )


def nearest(point: str) -> str:
    """The code of the nearest grid in force within the tolerance (the lowest code
    among equally near ones)."""
    within = f"ST_Distance(g.geom, {point}) <= {TOLERANCE}"
    return (
        f"(SELECT g.code FROM grids g WHERE {_grid(point, within, TOLERANCE)} "
        f"ORDER BY ST_Distance(g.geom, {point}), g.code LIMIT 1)"
    )


def _rule(point: str) -> str:
    inside = f"EXISTS (SELECT 1 FROM grids g WHERE {_grid(point, f'ST_Contains(g.geom, {point})')})"
    return (
        f"CASE WHEN {covering(point)} IS NULL THEN 'nearest' WHEN {inside} THEN 'inside' "
        "ELSE 'on_boundary' END"
    )


def moment(value: str) -> str:
    """DATETIME text (UTC) of a time written: as written when it names its zone (Z,
    +08:00), in China time when it does not."""
    return (
        f"CASE WHEN {value} LIKE '%Z' OR {value} GLOB '*[+-][0-9][0-9]:[0-9][0-9]' "
        f"THEN strftime('%Y-%m-%dT%H:%M:%fZ', {value}) "
        f"ELSE strftime('%Y-%m-%dT%H:%M:%fZ', {value}, '-8 hours') END"
    )


def _refuse(key: str) -> str:
    return f"SELECT RAISE(ABORT, {literal(refusal(key))});"


def _before(name: str, event: str, table: str, condition: str, key: str) -> str:
    return (
        f'CREATE TRIGGER "{table}_{name}" BEFORE {event} ON {table} WHEN {condition} '
        f"BEGIN {_refuse(key)} END"
    )


def _ticket() -> str:
    """The next ticket of the row's China day (reported_at already written)."""
    day = f"{PREFIX} || strftime('%Y%m%d', incidents.reported_at, '+8 hours')"
    return (
        f"{day} || printf('%04d', 1 + coalesce((SELECT max(CAST(substr(t.ticket, "
        f"length({PREFIX}) + 9) AS INTEGER)) FROM incidents t WHERE t.ticket >= {day} AND "
        f"t.ticket < {day} || ':' AND t.ticket GLOB {day} || '[0-9]*'), 0))"
    )


def _duplicate() -> str:
    """The open incident of the same item this one probably repeats, or NULL."""
    point, hours = "NEW.geom", f"{DUPLICATE_HOURS} / 24.0"
    return (
        "(SELECT o.fid FROM incidents o JOIN incident_states s ON s.code = o.step "
        "WHERE s.phase = 'open' AND o.fid <> incidents.fid AND o.duplicate_of IS NULL "
        "AND o.catalog_code = incidents.catalog_code AND "
        f"{_near('incidents', 'o', point, str(DUPLICATE_METRES))} AND "
        f"ST_Distance(o.geom, {point}) <= {DUPLICATE_METRES} AND "
        f"abs(julianday(o.reported_at) - julianday(incidents.reported_at)) <= {hours} "
        f"ORDER BY ST_Distance(o.geom, {point}), o.fid LIMIT 1)"
    )


def _actor() -> tuple[str, str]:
    """The first step's role and name, from the officer (o) or the source of row i."""
    roles = " ".join(f"WHEN '{s}' THEN '{role}'" for s, (role, _) in SOURCE_ACTORS.items())
    names = " ".join(f"WHEN '{s}' THEN {literal(name)}" for s, (_, name) in SOURCE_ACTORS.items())
    role = (
        "CASE WHEN o.fid IS NOT NULL THEN CASE o.role WHEN 'grid_leader' THEN 'grid_leader' "
        f"ELSE 'grid_officer' END ELSE CASE i.source {roles} END END"
    )
    name = f"coalesce(o.name, nullif(trim(i.reporter_name), ''), CASE i.source {names} END)"
    return role, name


def _route_report() -> str:
    role, name = _actor()
    officer = "(SELECT {0} FROM officers WHERE fid = incidents.reported_by)"
    return (
        f'CREATE TRIGGER "incidents_report" AFTER INSERT ON incidents WHEN {REPORT} BEGIN '
        f"UPDATE incidents SET reported_at = {moment('reported_at')} WHERE fid = NEW.fid; "
        "UPDATE incidents SET updated_at = reported_at, step = 'reported', row_version = 1, "
        "deadline_at = NULL, closed_at = NULL, escalation = NULL, "
        f"grid_code = coalesce({covering('NEW.geom')}, {nearest('NEW.geom')}), "
        f"town_code = substr(coalesce({covering('NEW.geom')}, {nearest('NEW.geom')}), 1, 9), "
        f"route_rule = {_rule('NEW.geom')}, located_by = coalesce(located_by, 'coordinates'), "
        "category_code = substr(catalog_code, 1, 2), "
        f"reporter_name = coalesce(nullif(trim(reporter_name), ''), {officer.format('name')}), "
        f"reporter_phone = coalesce(nullif(trim(reporter_phone), ''), "
        f"{officer.format('phone')}), ticket = {_ticket()} WHERE fid = NEW.fid; "
        f"UPDATE incidents SET duplicate_of = {_duplicate()} "
        "WHERE fid = NEW.fid AND duplicate_of IS NULL; "
        "INSERT INTO incident_steps (incident_id, from_step, to_step, actor_role, actor_name, "
        f"officer_id, at, note) SELECT i.fid, NULL, 'reported', {role}, {name}, o.fid, "
        "i.reported_at, CASE WHEN i.duplicate_of IS NOT NULL THEN '疑似重复：' || "
        "(SELECT ticket FROM incidents WHERE fid = i.duplicate_of) END FROM incidents i "
        "LEFT JOIN officers o ON o.fid = i.reported_by WHERE i.fid = NEW.fid; "
        "INSERT INTO audit_log (at, actor, table_name, row_key, action, old_value, new_value, "
        f"reason) SELECT {NOW}, {name}, 'incidents', i.ticket, 'insert', NULL, "
        "json_object('ticket', i.ticket, 'grid_code', i.grid_code, 'route_rule', i.route_rule, "
        "'duplicate_of', i.duplicate_of), 'reported' FROM incidents i LEFT JOIN officers o "
        "ON o.fid = i.reported_by WHERE i.fid = NEW.fid; END"
    )


def _report_checks() -> list[tuple[str, str, str]]:
    """What a report (a row without a ticket) must have: (trigger name, condition that
    refuses, refusal key), in the order a report lacking several things is told them."""
    point = "NEW.geom"
    blank = literal(BLANKS)
    return [
        ("report_point", f"{point} IS NULL OR ST_IsEmpty({point})", "no_point"),
        ("report_item", "NEW.catalog_code IS NULL OR trim(NEW.catalog_code) = ''", "no_item"),
        (
            "report_known_item",
            "NEW.catalog_code IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM event_catalog WHERE code = NEW.catalog_code)",
            "unknown_item",
        ),
        (
            "report_description",
            f"NEW.description IS NULL OR trim(NEW.description, {blank}) = ''",
            "no_description",
        ),
        (
            "report_time",
            "NEW.reported_at IS NOT NULL AND julianday(NEW.reported_at) IS NULL",
            "bad_time",
        ),
        (
            "report_outside",
            f"NOT EXISTS (SELECT 1 FROM grids g WHERE "
            f"{_grid(point, f'ST_Distance(g.geom, {point}) <= {TOLERANCE}', TOLERANCE)})",
            "outside",
        ),
    ]


def report_checks_sql() -> list[str]:
    """The BEFORE triggers that refuse an incomplete report, created last first: SQLite
    fires the newest first, so a report lacking several things is told the first of
    them. A row that comes with its ticket is never one of them (its condition in
    brackets: several contain OR)."""
    return [
        _before(name, "INSERT", "incidents", f"{REPORT} AND ({condition})", key)
        for name, condition, key in reversed(_report_checks())
    ]


def drop_report_checks_sql() -> list[str]:
    """Drop the report checks (schema 11 makes them again: before it, a row with its
    ticket and an empty description, item or point was refused as a report)."""
    return [f'DROP TRIGGER IF EXISTS "incidents_{name}"' for name, _, _ in _report_checks()]


def _refusals() -> list[str]:
    """The BEFORE triggers: the report checks, and an item's category kept with it and a
    ticket kept once given, whoever writes."""
    mismatch = (
        "NEW.category_code IS NOT NULL AND NEW.catalog_code IS NOT NULL AND "
        "substr(NEW.catalog_code, 1, 2) <> NEW.category_code"
    )
    statements = report_checks_sql()
    statements += [
        _before("category_insert", "INSERT", "incidents", mismatch, "category"),
        _before(
            "category_update",
            "UPDATE",
            "incidents",
            f"{mismatch} AND NEW.category_code IS NOT OLD.category_code",
            "category",
        ),
        _before(
            "ticket_kept",
            "UPDATE",
            "incidents",
            "coalesce(OLD.ticket, '') <> '' AND coalesce(NEW.ticket, '') = ''",
            "ticket_kept",
        ),
    ]
    return statements


def _photos() -> list[str]:
    content, path = "NEW.content", "lower(NEW.path)"
    typed = f"({JPEG.format(content)} OR {PNG.format(content)})"
    extension = f"({path} LIKE '%.jpg' OR {path} LIKE '%.jpeg' OR {path} LIKE '%.png')"
    checks = [
        ("missing", f"{content} IS NULL AND coalesce(NEW.path, '') = ''", "photo_missing"),
        (
            "type",
            f"CASE WHEN {content} IS NOT NULL THEN NOT {typed} ELSE NOT {extension} END",
            "photo_type",
        ),
        ("size", f"length({content}) > {PHOTO_LIMIT}", "photo_size"),
    ]
    statements = []
    for event in ("INSERT", "UPDATE"):
        statements += [
            _before(f"{name}_{event.lower()}", event, "incident_attachments", condition, key)
            for name, condition, key in reversed(checks)
        ]
    media = (
        f"CASE WHEN content IS NOT NULL THEN CASE WHEN {JPEG.format('content')} "
        "THEN 'image/jpeg' ELSE 'image/png' END WHEN lower(path) LIKE '%.png' "
        "THEN 'image/png' ELSE 'image/jpeg' END"
    )
    # The last part of a path: what is left once everything up to its last slash goes.
    slashed = "replace(path, '\\', '/')"
    base = f"replace({slashed}, rtrim({slashed}, replace({slashed}, '/', '')), '')"
    name = (
        f"coalesce(nullif(file_name, ''), nullif({base}, ''), 'photo_' || fid || "
        f"CASE WHEN {media} = 'image/png' THEN '.png' ELSE '.jpg' END)"
    )
    fill = (
        f"UPDATE incident_attachments SET media_type = {media}, file_name = {name} "
        "WHERE fid = NEW.fid;"
    )
    statements += [
        f'CREATE TRIGGER "incident_attachments_filled" AFTER INSERT ON incident_attachments '
        f"BEGIN {fill} END",
        'CREATE TRIGGER "incident_attachments_refilled" AFTER UPDATE OF content, path, '
        f"file_name, media_type ON incident_attachments BEGIN {fill} END",
    ]
    return statements


def intake_sql() -> list[str]:
    """The intake's statements: categories of the incidents already there, indexes, and
    the triggers (the incidents and incident_attachments tables and the R-trees of grids
    and incidents must exist)."""
    return [
        "UPDATE incidents SET category_code = substr(catalog_code, 1, 2) "
        "WHERE category_code IS NULL AND catalog_code IS NOT NULL",
        'CREATE UNIQUE INDEX "idx_incidents_report_uuid" ON incidents (report_uuid)',
        'CREATE INDEX "idx_incidents_duplicate_of" ON incidents (duplicate_of)',
        *_refusals(),
        _route_report(),
        'CREATE TRIGGER "incidents_category" AFTER INSERT ON incidents WHEN NOT '
        f"{REPORT} AND NEW.category_code IS NULL AND NEW.catalog_code IS NOT NULL BEGIN "
        "UPDATE incidents SET category_code = substr(catalog_code, 1, 2) WHERE fid = NEW.fid; END",
        'CREATE TRIGGER "incidents_recategorised" AFTER UPDATE OF catalog_code, category_code '
        "ON incidents WHEN NEW.catalog_code IS NOT NULL AND "
        "substr(NEW.catalog_code, 1, 2) IS NOT NEW.category_code BEGIN "
        "UPDATE incidents SET category_code = substr(catalog_code, 1, 2) WHERE fid = NEW.fid; END",
        *_photos(),
    ]


def relax_incidents(connection: sqlite3.Connection) -> None:
    """Declare an older store's incidents table as schema.py does now (ticket filled by
    the store, defaults for what it fills), once its new columns are added: the table's
    SQL is rewritten in place (SQLite's documented procedure for NOT NULL and DEFAULT
    changes, which leave every stored row as it is), inside the caller's transaction."""
    table = TABLES_BY_NAME["incidents"]
    present = [row[1] for row in connection.execute("PRAGMA table_info(incidents)")]
    expected = ["fid", "geom", *(column.name for column in table.columns)]
    if present != expected:
        raise StoreError(
            f"the incidents table has the columns {present}, not schema.py's {expected}: "
            "it cannot be migrated in place"
        )
    version = connection.execute("PRAGMA schema_version").fetchone()[0]
    connection.execute("PRAGMA writable_schema = ON")
    try:
        connection.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'incidents'",
            (SQLITE.table_sql(table, quote(table.name)),),
        )
        connection.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        # RESET also has this connection read the schema anew (else its next statement
        # finds no incidents table).
        connection.execute("PRAGMA writable_schema = RESET")


INTAKE_TRIGGERS_PREFIXES = ("incidents_", "incident_attachments_")
