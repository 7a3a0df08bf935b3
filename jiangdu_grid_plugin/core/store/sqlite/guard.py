"""The grids' guard inside the GeoPackage: triggers that keep the tiling right whoever
writes to the file (QGIS through GDAL, this package, any SQLite client with the spatial
functions), and keep its history.

Each statement that writes a grid in force is refused (RAISE ABORT, so a QGIS save fails
whole and keeps its edits) when:
- the plugin's check of the save refused it (a 'refuse' row in grid_edit_guard);
- its geometry is empty or invalid (GEOS, through SpatiaLite in GDAL; shapely here);
- its code is not 15 digits starting with 321012, or does not start with its community's
  and town's codes, or is used by another grid, or was retired;
- it overlaps a grid in force by more than the tolerance (store_info grid_tolerance_m2,
  1 m2 by default), unless that grid changes in the same checked save;
- it gives up ground that no neighbour covers (a gap), is retired or deleted, unless the
  plugin's check allowed it ('allow' rows: the grids of one checked save);
- its code changes while incidents name it (their history keeps the code).

After a write: the earlier version goes to grid_versions (valid from / to, like MapIt's
generations); the row version moves on; a deleted grid stays as a retired row (so that
closed incidents keep their grid and its code is never used again); facilities and open
incidents whose containing grid changed are reassigned, in the same transaction; and
audit_log records who (the checked save's actor), the old and new code and geometry, and
how many points moved.

SQLite's RAISE takes a fixed message: the plugin's panel names each grid and reason.
"""

from __future__ import annotations

from ..dialect import literal
from ..guard_rules import REASSIGNED, refusal

NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
TODAY = "date('now', '+8 hours')"
TOLERANCE = (
    "coalesce((SELECT CAST(value AS REAL) FROM store_info WHERE key = 'grid_tolerance_m2'), 1.0)"
)
REFUSED = f"EXISTS (SELECT 1 FROM grid_edit_guard WHERE decision = 'refuse' AND expires_at > {NOW})"
ACTOR = (
    "coalesce((SELECT actor FROM grid_edit_guard WHERE decision = 'allow' "
    f"AND expires_at > {NOW} ORDER BY fid DESC LIMIT 1), 'sqlite')"
)
REASON = (
    "coalesce((SELECT reason FROM grid_edit_guard WHERE decision = 'allow' "
    f"AND expires_at > {NOW} ORDER BY fid DESC LIMIT 1), 'grid edited')"
)


def _allowed(fid: str) -> str:
    return (
        "EXISTS (SELECT 1 FROM grid_edit_guard WHERE decision = 'allow' "
        f"AND grid_fid = {fid} AND expires_at > {NOW})"
    )


def _near(geom: str, fid: str) -> str:
    """Conditions on grids g: in force, not row `fid`, its box meeting geom's."""
    return (
        f"g.status = 'active' AND g.fid IS NOT {fid} AND g.fid IN (SELECT id FROM "
        f"rtree_grids_geom WHERE minx <= ST_MaxX({geom}) AND maxx >= ST_MinX({geom}) "
        f"AND miny <= ST_MaxY({geom}) AND maxy >= ST_MinY({geom}))"
    )


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


def _lost(old: str, new: str) -> str:
    """The ground grid `old` gives up (NULL for none)."""
    return (
        f"(CASE WHEN {new}.status = 'active' THEN ST_Difference({old}.geom, {new}.geom) "
        f"ELSE {old}.geom END)"
    )


def _gap(old: str, new: str) -> str:
    """The area of the ground given up that no neighbour in force covers."""
    lost = _lost(old, new)
    cover = f"(SELECT ST_Union(g.geom) FROM grids g WHERE {_near(f'{old}.geom', f'{old}.fid')})"
    return (
        f"(CASE WHEN {lost} IS NULL THEN 0 WHEN {cover} IS NULL THEN ST_Area({lost}) "
        f"ELSE coalesce(ST_Area(ST_Difference({lost}, {cover})), 0) END)"
    )


def _checks(row: str) -> list[tuple[str, str]]:
    """(condition, message key) of the rules on a grid row written (NEW)."""
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
            f"{row}.status = 'active' AND coalesce(ST_IsValid({row}.geom), 0) = 1 AND "
            f"EXISTS (SELECT 1 FROM grids g WHERE "
            f"{_near(f'{row}.geom', f'{row}.fid')} AND NOT {_allowed('g.fid')} AND "
            f"coalesce(ST_Area(ST_Intersection(g.geom, {row}.geom)), 0) > {TOLERANCE})",
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
    """The CREATE TRIGGER statements of the guard (grid_versions, grid_edit_guard and the
    R-trees of grids, facilities and incidents must exist)."""
    statements = []
    for index, (condition, key) in enumerate(_checks("NEW")):
        statements.append(_before("INSERT", f"check{index}_insert", condition, key))
        statements.append(_before("UPDATE", f"check{index}_update", condition, key))
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
            f"OR coalesce(ST_IsValid(NEW.geom), 0) = 1) AND {_gap('OLD', 'NEW')} > {TOLERANCE}",
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


GUARD_TRIGGERS = tuple(
    name
    for name in (
        *(f"grids_refused_{e}" for e in ("insert", "update", "delete")),
        *(f"grids_check{i}_{e}" for i in range(5) for e in ("insert", "update")),
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
