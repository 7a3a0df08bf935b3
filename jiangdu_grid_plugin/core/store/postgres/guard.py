"""The grids' guard in a PostGIS store: the rules and history of sqlite/guard.py (the
GeoPackage's triggers) as PL/pgSQL triggers, for many editors at once.

The rules are the GeoPackage's, with its messages: a write of a grid in force is refused
when its geometry is empty or invalid, its code is malformed, not its community's, used
or retired, it overlaps a grid in force by more than the tolerance, it gives up ground no
neighbour covers, it deletes a grid, or it changes the code of a grid incidents name.
After a write the earlier version goes to grid_versions, the row version moves on, a
deleted grid stays as a retired row, facilities and open incidents are reassigned, and
audit_log records it: all in the writing transaction.

What differs is who the plugin's decisions concern. In a GeoPackage one editor writes at
a time, so a refused save blocks every grid write for two minutes. Here each row of
grid_edit_guard belongs to the database login that wrote it (`member`, the session user,
which QGIS's connection and the plugin's share): an editor's refused save blocks only
that editor's writes, and the grids allowed to change together are allowed only to them.

Town staff (members of the store's town_staff role, not of gis_editor) write only the
grids of their towns (staff_towns): a write to another town's grid is refused by name
rather than skipped, as row-level security alone would (QGIS would then believe it
saved). The trigger functions run as the store's owner (SECURITY DEFINER), so that a town's staff,
who may write only their own town's grids, still reassign the facilities and incidents a
boundary moves and write the history; the rows they may touch are the policies'.
"""

from __future__ import annotations

from ..dialect import literal, quote
from ..guard_rules import REASSIGNED, refusal

TODAY = "(now() AT TIME ZONE 'Asia/Shanghai')::date"


def _raise(key: str) -> str:
    return f"RAISE EXCEPTION USING MESSAGE = {literal(refusal(key))};"


def _member_of(schema: str, kind: str) -> str:
    """Whether the login is a member of a role of the store (false before the roles
    exist: access_sql makes them)."""
    return (
        "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
        f"{literal(f'{schema}_{kind}')} AND pg_has_role(session_user, oid, 'MEMBER'))"
    )


def _function(schema: str, name: str, arguments: str, returns: str, body: str) -> str:
    return (
        f"CREATE FUNCTION {quote(schema)}.{name}({arguments}) RETURNS {returns} "
        f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = {quote(schema)}, public "
        f"AS $guard$ {body} $guard$"
    )


def _guard_rows(decision: str) -> str:
    return (
        f"grid_edit_guard WHERE decision = '{decision}' AND member = session_user "
        "AND expires_at > clock_timestamp()"
    )


def _grid_json(row: str) -> str:
    return (
        f"json_build_object('code', {row}.code, 'status', {row}.status, "
        f"'geom', ST_AsText({row}.geom))::text"
    )


def _audit(action: str, key: str, old: str, new: str) -> str:
    return (
        "INSERT INTO audit_log (at, actor, table_name, row_key, action, old_value, new_value, "
        f"reason) VALUES (clock_timestamp(), actor_, 'grids', {key}, '{action}', {old}, {new}, "
        "reason_);"
    )


def _version(change: str) -> str:
    return (
        "INSERT INTO grid_versions (geom, code, name, community_code, town_code, valid_from, "
        "valid_to, change, grid_fid) VALUES (OLD.geom, OLD.code, OLD.name, OLD.community_code, "
        f"OLD.town_code, OLD.valid_from, {TODAY}, '{change}', OLD.fid);"
    )


def guard_sql(schema: str) -> list[str]:
    """The functions and triggers of the guard on `schema`.grids (grid_versions,
    grid_edit_guard, audit_log and the GiST indexes must exist)."""
    own_towns = "SELECT town_code FROM staff_towns WHERE member = session_user"
    allowed = f"EXISTS (SELECT 1 FROM {_guard_rows('allow')} AND grid_fid = fid_)"
    before = f"""
DECLARE
  tolerance double precision := coalesce((SELECT value::double precision FROM store_info
    WHERE key = 'grid_tolerance_m2'), 1.0);
  lost geometry;
  cover geometry;
BEGIN
  IF EXISTS (SELECT 1 FROM {_guard_rows("refuse")}) THEN {_raise("refused")} END IF;
  IF {_member_of(schema, "town_staff")} AND NOT {_member_of(schema, "gis_editor")}
      AND (OLD.town_code NOT IN ({own_towns}) OR NEW.town_code NOT IN ({own_towns})) THEN
    RAISE EXCEPTION USING MESSAGE = format({literal(refusal("other_town"))},
      coalesce(OLD.code, NEW.code), coalesce(OLD.code, NEW.code));
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'active' AND NOT grid_guard_allowed(OLD.fid) THEN {_raise("delete")}
    END IF;
    RETURN OLD;
  END IF;
  IF NEW.status = 'active' AND (NEW.geom IS NULL OR ST_IsEmpty(NEW.geom)
      OR NOT ST_IsValid(NEW.geom)) THEN {_raise("invalid")} END IF;
  IF NEW.code !~ '^321012[0-9]{{9}}$' THEN {_raise("code_format")} END IF;
  IF left(NEW.code, 12) <> NEW.community_code OR left(NEW.code, 9) <> NEW.town_code THEN
    {_raise("code_prefix")} END IF;
  IF EXISTS (SELECT 1 FROM grids WHERE code = NEW.code AND fid IS DISTINCT FROM NEW.fid)
    THEN {_raise("code_used")} END IF;
  IF NEW.status = 'active' AND EXISTS (SELECT 1 FROM grids g WHERE g.status = 'active'
      AND g.fid IS DISTINCT FROM NEW.fid AND g.geom && NEW.geom
      AND NOT grid_guard_allowed(g.fid)
      AND ST_Area(ST_Intersection(g.geom, NEW.geom)) > tolerance) THEN {_raise("overlap")}
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'active' AND EXISTS (SELECT 1 FROM grid_versions WHERE code = NEW.code
        AND change = 'retired') THEN {_raise("retired_code")} END IF;
    RETURN NEW;
  END IF;
  IF NEW.code <> OLD.code AND EXISTS (SELECT 1 FROM incidents WHERE grid_code = OLD.code)
    THEN {_raise("code_kept")} END IF;
  IF OLD.status = 'active' AND NOT grid_guard_allowed(OLD.fid) THEN
    lost := CASE WHEN NEW.status = 'active' THEN ST_Difference(OLD.geom, NEW.geom)
      ELSE OLD.geom END;
    IF NOT ST_IsEmpty(lost) THEN
      cover := (SELECT ST_Union(g.geom) FROM grids g WHERE g.status = 'active'
        AND g.fid <> OLD.fid AND g.geom && OLD.geom);
      IF cover IS NOT NULL THEN lost := ST_Difference(lost, cover); END IF;
      IF ST_Area(lost) > tolerance THEN {_raise("gap")} END IF;
    END IF;
  END IF;
  IF NEW.geom IS DISTINCT FROM OLD.geom OR NEW.code <> OLD.code
      OR NEW.status <> OLD.status THEN
    NEW.valid_from := {TODAY};
  END IF;
  IF NEW.row_version = OLD.row_version THEN NEW.row_version := OLD.row_version + 1; END IF;
  RETURN NEW;
END"""
    after = f"""
DECLARE
  actor_ text := coalesce((SELECT actor FROM {_guard_rows("allow")} ORDER BY fid DESC
    LIMIT 1), session_user);
  reason_ text := coalesce((SELECT reason FROM {_guard_rows("allow")} ORDER BY fid DESC
    LIMIT 1), 'grid edited');
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'active' THEN
      {_audit("insert", "NEW.code", "NULL", _grid_json("NEW"))}
      PERFORM grid_guard_reassign(ST_Envelope(NEW.geom), NEW.code, actor_, reason_);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW.geom IS DISTINCT FROM OLD.geom OR NEW.code <> OLD.code
        OR NEW.status <> OLD.status THEN
      {_version("changed")}
      {_audit("update", "NEW.code", _grid_json("OLD"), _grid_json("NEW"))}
      PERFORM grid_guard_reassign(ST_Envelope(ST_Collect(OLD.geom, NEW.geom)), NEW.code,
        actor_, reason_);
    END IF;
  ELSIF OLD.status = 'active' THEN
    {_version("retired")}
    INSERT INTO grids (geom, code, name, community_code, town_code, status, population,
      area_km2, valid_from, row_version) VALUES (OLD.geom, OLD.code, OLD.name,
      OLD.community_code, OLD.town_code, 'retired', OLD.population, OLD.area_km2,
      OLD.valid_from, OLD.row_version + 1);
    {_audit("retire", "OLD.code", _grid_json("OLD"), "NULL")}
    PERFORM grid_guard_reassign(ST_Envelope(OLD.geom), OLD.code, actor_, reason_);
  END IF;
  RETURN NULL;
END"""
    containing = (
        "(SELECT g.code FROM grids g WHERE g.status = 'active' AND g.geom && p.geom "
        "AND ST_Covers(g.geom, p.geom) ORDER BY g.code LIMIT 1)"
    )
    reassign = ["DECLARE moved bigint; BEGIN"]
    for table, extra, sets in REASSIGNED:
        reassign.append(
            f"UPDATE {table} SET {sets} FROM (SELECT p.fid, {containing} AS code "
            f"FROM {table} p WHERE p.geom && area_{extra}) c WHERE {table}.fid = c.fid "
            f"AND {table}.grid_code IS DISTINCT FROM c.code; "
            "GET DIAGNOSTICS moved = ROW_COUNT; "
            "IF moved > 0 THEN INSERT INTO audit_log (at, actor, table_name, row_key, action, "
            f"old_value, new_value, reason) VALUES (clock_timestamp(), actor_, '{table}', "
            "code_, 'update', NULL, json_build_object('reassigned', moved)::text, reason_); "
            "END IF;"
        )
    reassign.append("END")
    s = quote(schema)
    return [
        # Which towns a login of the town staff answers for (rows made by the district).
        f"CREATE TABLE IF NOT EXISTS {s}.staff_towns (member text NOT NULL, "
        f"town_code text NOT NULL REFERENCES {s}.towns(code), PRIMARY KEY (member, town_code))",
        f"ALTER TABLE {s}.grid_edit_guard ADD COLUMN member text NOT NULL DEFAULT session_user",
        f"CREATE INDEX grid_edit_guard_member ON {s}.grid_edit_guard (member, decision)",
        _function(
            schema,
            "grid_guard_allowed",
            "fid_ bigint",
            "boolean",
            f"BEGIN RETURN {allowed}; END",
        ),
        _function(
            schema,
            "grid_guard_reassign",
            "area_ geometry, code_ text, actor_ text, reason_ text",
            "void",
            " ".join(reassign),
        ),
        _function(schema, "grids_guard", "", "trigger", before),
        _function(schema, "grids_history", "", "trigger", after),
        f"CREATE TRIGGER grids_guard BEFORE INSERT OR UPDATE OR DELETE ON {s}.grids "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.grids_guard()",
        f"CREATE TRIGGER grids_history AFTER INSERT OR UPDATE OR DELETE ON {s}.grids "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.grids_history()",
    ]
