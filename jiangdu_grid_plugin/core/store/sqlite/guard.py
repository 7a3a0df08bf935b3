"""The grids' guard inside the GeoPackage: triggers that keep the tiling right whoever
writes to the file (QGIS through GDAL, this package, any SQLite client with the spatial
functions), and keep its history.

Each statement that writes a grid in force is refused (RAISE ABORT, so a QGIS save fails
whole and keeps its edits) when:
- the plugin's check refused the save this connection is making;
- its geometry is empty or invalid (GEOS, through SpatiaLite in GDAL; shapely here);
- its code is not 15 digits starting with 321012, or does not start with its community's
  and town's codes, or is used by another grid, or was retired;
- it reaches beyond its community or the district by more than the tolerance
  (store_info grid_tolerance_m2, 1 m2 by default);
- it overlaps a grid in force by more than the tolerance, unless that grid changes in the
  same checked save;
- it gives up ground of the district that no neighbour covers, in a piece larger than the
  tolerance (a gap), is retired or deleted, unless the plugin's check allowed it;
- its code changes while incidents name it (their history keeps the code).
Areas are those of the polygonal parts, as core/grid_checks.py measures them (the
intersection of two grids can be a collection of a polygon and lines, whose ST_Area
SpatiaLite gives as 0).

The plugin's decisions on a save (refuse it, or let these grids change together) belong
to the connections that write: they are tables of an in-memory database attached to a
connection as `jiangdu_guard` (decision_sql), which the triggers read through
pragma_database_list and pragma_table_info, the only per-connection state a trigger of
the file can see. The plugin attaches one to its own connection (store.allow_grid_changes)
and shares one with the connections GDAL opens for a QGIS layer (SharedDecisions,
gui/grid_guard.py). Nothing in the file relaxes a rule: a row written into
grid_edit_guard (PostGIS's table, kept here for one schema) changes nothing, and a
decision ends with its connections, or two minutes after it was made.

After a write: the earlier version goes to grid_versions (valid from / to, like MapIt's
generations); the row version moves on; a deleted grid stays as a retired row (so that
closed incidents keep their grid and its code is never used again); facilities and open
incidents whose containing grid changed are reassigned, in the same transaction; and
audit_log records who (the checked save's actor), the old and new code and geometry, and
how many points moved.

SQLite's RAISE takes a fixed message: the plugin's panel names each grid and reason.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from ...timestamps import to_datetime_text
from ..dialect import literal, quote
from ..guard_rules import REASSIGNED, refusal
from .connection import transaction

NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
TODAY = "date('now', '+8 hours')"
TOLERANCE = (
    "coalesce((SELECT CAST(value AS REAL) FROM store_info WHERE key = 'grid_tolerance_m2'), 1.0)"
)
DECISIONS = "jiangdu_guard"  # the in-memory database a connection's decisions are in
_ATTACHED = f"EXISTS (SELECT 1 FROM pragma_database_list WHERE name = '{DECISIONS}')"


def _columns(table: str) -> str:
    """The columns of a table of this connection's decisions (read only when attached:
    pragma_table_info of a database not attached is an error)."""
    return f"pragma_table_info({table}, '{DECISIONS}')"


def _decided(table: str) -> str:
    """Whether this connection's decision, still in force, holds the table `table` (an
    SQL expression for its name)."""
    return (
        f"(CASE WHEN {_ATTACHED} THEN EXISTS (SELECT 1 FROM {_columns(table)}) AND "
        f"EXISTS (SELECT 1 FROM {_columns(literal('who'))} WHERE substr(name, 1, 2) = 'u:' "
        f"AND substr(name, 3) > {NOW}) ELSE 0 END)"
    )


def _said(prefix: str, default: str) -> str:
    """A value of the decision's `who` table (its columns are named "a:actor",
    "r:reason", "u:until")."""
    return (
        f"coalesce(CASE WHEN {_ATTACHED} THEN (SELECT substr(name, 3) FROM "
        f"{_columns(literal('who'))} WHERE substr(name, 1, 2) = '{prefix}:') END, "
        f"{literal(default)})"
    )


REFUSED = _decided("'refuse'")
ACTOR = _said("a", "sqlite")
REASON = _said("r", "grid edited")


def _allowed(fid: str) -> str:
    return _decided(f"'allow_' || {fid}")


def decision_sql(
    decision: str,
    fids: Iterable[int],
    actor: str,
    reason: str,
    seconds: float = 120,
    schema: str = DECISIONS,
) -> list[str]:
    """The statements that make a decision as tables of `schema` (empty before): "refuse"
    every grid write, or "allow" the grids `fids` to change together; in force for
    `seconds`."""
    until = to_datetime_text(datetime.now(timezone.utc) + timedelta(seconds=seconds))
    d = quote(schema)
    who = ", ".join(
        quote(f"{prefix}:{value}") for prefix, value in zip("aru", (actor, reason, until))
    )
    statements = [f"CREATE TABLE {d}.who ({who})"]
    if decision == "refuse":
        statements.append(f"CREATE TABLE {d}.refuse (x)")
    elif decision == "allow":
        statements += [
            f"CREATE TABLE {d}.{quote(f'allow_{int(f)}')} (x)" for f in sorted(set(fids))
        ]
    else:
        raise ValueError(f"no decision {decision!r}")
    return statements


class SharedDecisions:
    """The decisions of the plugin's grid check for the connections GDAL opens to write a
    GeoPackage through one QGIS layer: an in-memory database shared within this process
    (SQLite's shared cache, one library for Python and GDAL), which each such connection
    attaches as `jiangdu_guard` when it opens (`attach_sql`, for the GPKG driver's open
    option PRELUDE_STATEMENTS). Nothing is written to disk; another process, or a
    connection opened without the option, sees none of it; a project saved with the
    option and opened elsewhere attaches a new, empty database."""

    def __init__(self):
        self.uri = f"file:jiangdu_guard_{uuid.uuid4().hex}?mode=memory&cache=shared"
        # Held open: the database lives while a connection to it does.
        self._connection = sqlite3.connect(self.uri, uri=True, isolation_level=None)
        self._connection.execute("PRAGMA busy_timeout = 5000")

    @property
    def attach_sql(self) -> str:
        return f"ATTACH DATABASE {literal(self.uri)} AS {quote(DECISIONS)}"

    def decide(
        self, decision: str, fids: Iterable[int], actor: str, reason: str, seconds: float = 120
    ) -> None:
        with transaction(self._connection):
            self._drop_all()
            for statement in decision_sql(decision, fids, actor, reason, seconds, "main"):
                self._connection.execute(statement)

    def clear(self) -> None:
        with transaction(self._connection):
            self._drop_all()

    def _drop_all(self) -> None:
        tables = [
            row[0]
            for row in self._connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        ]
        for table in tables:
            self._connection.execute(f"DROP TABLE {quote(table)}")

    def close(self) -> None:
        self._connection.close()


# A connection's own decisions (the plugin's connection to the store).
ATTACH_SQL = f"ATTACH DATABASE ':memory:' AS {quote(DECISIONS)}"
CLEAR_SQL = f"DETACH DATABASE {quote(DECISIONS)}"


def _near(geom: str, fid: str) -> str:
    """Conditions on grids g: in force, not row `fid`, its box meeting geom's."""
    return (
        f"g.status = 'active' AND g.fid IS NOT {fid} AND g.fid IN (SELECT id FROM "
        f"rtree_grids_geom WHERE minx <= ST_MaxX({geom}) AND maxx >= ST_MinX({geom}) "
        f"AND miny <= ST_MaxY({geom}) AND maxy >= ST_MinY({geom}))"
    )


def _district_near(geom: str) -> str:
    """The towns whose boxes meet geom's, as one geometry (the district, as far as geom
    can reach); NULL when none does."""
    return (
        "(SELECT ST_Union(t.geom) FROM towns t WHERE t.fid IN (SELECT id FROM "
        f"rtree_towns_geom WHERE minx <= ST_MaxX({geom}) AND maxx >= ST_MinX({geom}) "
        f"AND miny <= ST_MaxY({geom}) AND maxy >= ST_MinY({geom})))"
    )


def _area(geometry: str) -> str:
    """The area of the polygonal parts of `geometry` (0 for none or NULL)."""
    return f"coalesce(ST_Area(CollectionExtract({geometry}, 3)), 0)"


def _beyond(geometry: str, area: str) -> str:
    """The area of `geometry` beyond `area` (all of it when `area` is NULL)."""
    beyond = _area(f"ST_Difference({geometry}, {area})")
    return f"(CASE WHEN {area} IS NULL THEN {_area(geometry)} ELSE {beyond} END)"


def _refuse(key: str) -> str:
    return f"SELECT RAISE(ABORT, {literal(refusal(key))});"


# Where a point lies now: the grid in force covering it (the lowest code on a shared edge).
def _containing(point: str, changed_fid: str) -> str:
    return (
        "(SELECT g.code FROM grids g WHERE g.status = 'active' AND (g.fid = "
        f"{changed_fid} OR g.fid IN (SELECT id FROM rtree_grids_geom WHERE minx <= "
        f"ST_MinX({point}) AND maxx >= ST_MaxX({point}) AND miny <= ST_MinY({point}) AND "
        f"maxy >= ST_MaxY({point}))) AND ST_Covers(g.geom, {point}) ORDER BY g.code LIMIT 1)"
    )


def _reassign(box: tuple[str, str, str, str], changed_fid: str, grid_code: str) -> str:
    """Statements that move facilities and open incidents in the box to the grid that
    contains them now, each followed by an audit row when any moved."""
    minx, maxx, miny, maxy = box
    statements = []
    for table, extra, sets in REASSIGNED:
        statements.append(
            f"UPDATE {table} SET {sets} FROM (SELECT p.fid AS fid, "
            f"{_containing('p.geom', changed_fid)} AS code FROM {table} p WHERE p.fid IN "
            f"(SELECT id FROM rtree_{table}_geom WHERE minx <= {maxx} AND maxx >= {minx} "
            f"AND miny <= {maxy} AND maxy >= {miny}){extra}) c "
            f"WHERE {table}.fid = c.fid AND {table}.grid_code IS NOT c.code;"
        )
        statements.append(
            "INSERT INTO audit_log (at, actor, table_name, row_key, action, old_value, "
            f"new_value, reason) SELECT {NOW}, {ACTOR}, '{table}', {grid_code}, 'update', "
            f"NULL, json_object('reassigned', changes()), {REASON} WHERE changes() > 0;"
        )
    return " ".join(statements)


def _version(row: str, change: str) -> str:
    return (
        "INSERT INTO grid_versions (geom, code, name, community_code, town_code, valid_from, "
        f"valid_to, change, grid_fid) VALUES ({row}.geom, {row}.code, {row}.name, "
        f"{row}.community_code, {row}.town_code, {row}.valid_from, {TODAY}, '{change}', "
        f"{row}.fid);"
    )


def _audit(action: str, old: str, new: str, key: str) -> str:
    return (
        "INSERT INTO audit_log (at, actor, table_name, row_key, action, old_value, new_value, "
        f"reason) VALUES ({NOW}, {ACTOR}, 'grids', {key}, '{action}', {old}, {new}, {REASON});"
    )


def _grid_json(row: str) -> str:
    return f"json_object('code', {row}.code, 'status', {row}.status, 'geom', ST_AsText({row}.geom))"


def _largest_gap(old: str, new: str) -> str:
    """The largest piece of the district's ground that grid `old` gives up and no
    neighbour in force covers (core/grid_checks.py's gaps are such pieces)."""
    lost = (
        f"(CASE WHEN {new}.status = 'active' THEN ST_Difference({old}.geom, {new}.geom) "
        f"ELSE {old}.geom END)"
    )
    cover = f"(SELECT ST_Union(g.geom) FROM grids g WHERE {_near(f'{old}.geom', f'{old}.fid')})"
    uncovered = f"(CASE WHEN {cover} IS NULL THEN {lost} ELSE ST_Difference({lost}, {cover}) END)"
    return (
        "(WITH RECURSIVE u(g) AS (SELECT CollectionExtract(ST_Intersection("
        f"{uncovered}, {_district_near(f'{old}.geom')}), 3)), "
        "n(i, k) AS (SELECT 1, (SELECT ST_NumGeometries(g) FROM u) UNION ALL "
        "SELECT i + 1, k FROM n WHERE i < k) "
        "SELECT coalesce(max(ST_Area(ST_GeometryN(u.g, n.i))), 0) FROM u, n)"
    )


def _checks(row: str) -> list[tuple[str, str]]:
    """(condition, message key) of the rules on a grid row written (NEW). SQLite fires
    the triggers of an event last made first: a write breaking several rules names the
    last of them here."""
    valid = f"{row}.status = 'active' AND coalesce(ST_IsValid({row}.geom), 0) = 1"
    community = f"(SELECT c.geom FROM communities c WHERE c.code = {row}.community_code)"
    return [
        (
            f"{row}.status = 'active' AND ({row}.geom IS NULL OR ST_IsEmpty({row}.geom) OR "
            f"coalesce(ST_IsValid({row}.geom), 0) <> 1)",
            "invalid",
        ),
        (
            f"length({row}.code) <> 15 OR {row}.code GLOB '*[^0-9]*' OR "
            f"substr({row}.code, 1, 6) <> '321012'",
            "code_format",
        ),
        (
            f"substr({row}.code, 1, 12) <> {row}.community_code OR "
            f"substr({row}.code, 1, 9) <> {row}.town_code",
            "code_prefix",
        ),
        (
            f"EXISTS (SELECT 1 FROM grids WHERE code = {row}.code AND fid IS NOT {row}.fid)",
            "code_used",
        ),
        (
            f"{valid} AND (NOT EXISTS (SELECT 1 FROM communities c WHERE c.code = "
            f"{row}.community_code) OR {_beyond(f'{row}.geom', community)} > {TOLERANCE})",
            "outside_community",
        ),
        (
            f"{valid} AND {_beyond(f'{row}.geom', _district_near(f'{row}.geom'))} > {TOLERANCE}",
            "outside_district",
        ),
        (
            f"{valid} AND EXISTS (SELECT 1 FROM grids g WHERE "
            f"{_near(f'{row}.geom', f'{row}.fid')} AND NOT {_allowed('g.fid')} AND "
            f"{_area(f'ST_Intersection(g.geom, {row}.geom)')} > {TOLERANCE})",
            "overlap",
        ),
    ]


def _box(row: str) -> tuple[str, str, str, str]:
    return tuple(f"{f}({row}.geom)" for f in ("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"))


def _before(event: str, name: str, condition: str, key: str) -> str:
    return (
        f'CREATE TRIGGER "grids_{name}" BEFORE {event} ON grids WHEN {condition} '
        f"BEGIN {_refuse(key)} END"
    )


def guard_sql() -> list[str]:
    """The CREATE TRIGGER statements of the guard (grid_versions and the R-trees of
    towns, grids, facilities and incidents must exist)."""
    statements = []
    for condition, key in _checks("NEW"):
        statements.append(_before("INSERT", f"{key}_insert", condition, key))
        statements.append(_before("UPDATE", f"{key}_update", condition, key))
    statements += [
        _before(
            "INSERT",
            "retired_code",
            "NEW.status = 'active' AND EXISTS (SELECT 1 FROM grid_versions WHERE code = "
            "NEW.code AND change = 'retired')",
            "retired_code",
        ),
        _before(
            "UPDATE",
            "code_kept",
            "NEW.code <> OLD.code AND EXISTS (SELECT 1 FROM incidents WHERE grid_code = OLD.code)",
            "code_kept",
        ),
        _before(
            "UPDATE",
            "gap",
            f"OLD.status = 'active' AND NOT {_allowed('OLD.fid')} AND (NEW.status <> 'active' "
            f"OR coalesce(ST_IsValid(NEW.geom), 0) = 1) AND {_largest_gap('OLD', 'NEW')} > "
            f"{TOLERANCE}",
            "gap",
        ),
        _before(
            "DELETE",
            "delete",
            f"OLD.status = 'active' AND NOT {_allowed('OLD.fid')}",
            "delete",
        ),
    ]
    # Created last, so SQLite fires them first: a refused save names the refusal.
    statements += [
        _before(event, f"refused_{event.lower()}", REFUSED, "refused")
        for event in ("INSERT", "UPDATE", "DELETE")
    ]
    old_new_box = (
        "min(ST_MinX(OLD.geom), ST_MinX(NEW.geom))",
        "max(ST_MaxX(OLD.geom), ST_MaxX(NEW.geom))",
        "min(ST_MinY(OLD.geom), ST_MinY(NEW.geom))",
        "max(ST_MaxY(OLD.geom), ST_MaxY(NEW.geom))",
    )
    statements += [
        "CREATE TRIGGER \"grids_inserted\" AFTER INSERT ON grids WHEN NEW.status = 'active' "
        f"BEGIN {_audit('insert', 'NULL', _grid_json('NEW'), 'NEW.code')} "
        f"{_reassign(_box('NEW'), 'NEW.fid', 'NEW.code')} END",
        'CREATE TRIGGER "grids_updated" AFTER UPDATE ON grids WHEN OLD.geom IS NOT NEW.geom '
        "OR OLD.code IS NOT NEW.code OR OLD.status IS NOT NEW.status "
        f"BEGIN {_version('OLD', 'changed')} "
        f"UPDATE grids SET valid_from = {TODAY}, row_version = CASE WHEN NEW.row_version = "
        "OLD.row_version THEN OLD.row_version + 1 ELSE NEW.row_version END WHERE fid = NEW.fid; "
        f"{_audit('update', _grid_json('OLD'), _grid_json('NEW'), 'NEW.code')} "
        f"{_reassign(old_new_box, 'NEW.fid', 'NEW.code')} END",
        'CREATE TRIGGER "grids_row_version" AFTER UPDATE ON grids WHEN NEW.row_version = '
        "OLD.row_version AND OLD.geom IS NEW.geom AND OLD.code IS NEW.code AND OLD.status IS "
        "NEW.status BEGIN UPDATE grids SET row_version = OLD.row_version + 1 WHERE fid = "
        "NEW.fid; END",
        "CREATE TRIGGER \"grids_deleted\" AFTER DELETE ON grids WHEN OLD.status = 'active' "
        f"BEGIN {_version('OLD', 'retired')} "
        "INSERT INTO grids (geom, code, name, community_code, town_code, status, population, "
        "area_km2, valid_from, row_version) VALUES (OLD.geom, OLD.code, OLD.name, "
        "OLD.community_code, OLD.town_code, 'retired', OLD.population, OLD.area_km2, "
        "OLD.valid_from, OLD.row_version + 1); "
        f"{_audit('retire', _grid_json('OLD'), 'NULL', 'OLD.code')} "
        f"{_reassign(_box('OLD'), 'NULL', 'OLD.code')} END",
    ]
    return statements


CHECKED = tuple(key for _, key in _checks("NEW"))
GUARD_TRIGGERS = tuple(
    name
    for name in (
        *(f"grids_refused_{e}" for e in ("insert", "update", "delete")),
        *(f"grids_{key}_{e}" for key in CHECKED for e in ("insert", "update")),
        "grids_retired_code",
        "grids_code_kept",
        "grids_gap",
        "grids_delete",
        "grids_inserted",
        "grids_updated",
        "grids_row_version",
        "grids_deleted",
    )
)


def drop_guard_sql(connection) -> list[str]:
    """The statements that drop the guard's triggers, whichever version made them (every
    trigger on grids named grids_..., not the R-tree's)."""
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'grids' "
            "AND substr(name, 1, 6) = 'grids_'"
        )
    ]
    return [f"DROP TRIGGER {quote(name)}" for name in names]
