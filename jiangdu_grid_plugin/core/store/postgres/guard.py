"""The grids' guard in a PostGIS store: the rules and history of sqlite/guard.py (the
GeoPackage's triggers) as PL/pgSQL triggers, for many editors at once.

The rules are the GeoPackage's, with its messages: a write of a grid in force is refused
when its geometry is empty or invalid, its code is malformed, not its community's, used
or retired, it reaches beyond its community or the district, it overlaps a grid in force
by more than the tolerance, it gives up ground of the district no neighbour covers in a
piece larger than the tolerance, it deletes a grid, or it changes the code of a grid
incidents name. Areas are those of the polygonal parts (ST_CollectionExtract), as
core/grid_checks.py measures them. After a write the earlier version goes to
grid_versions, the row version moves on, a deleted grid stays as a retired row,
facilities and open incidents are reassigned, and audit_log records it: all in the
writing transaction.

The plugin's decisions on a save. QGIS writes a save through its own connection, in
several transactions (changes, then deletions, then additions), so the decision that
lets a save's grids change together must reach that connection: it belongs to the
database login (`member`, the session user, which QGIS's connection and the plugin's
share), and lasts two minutes. No role writes grid_edit_guard: a decision is made only by
calling grid_guard_decide with the save as it will be written, which checks the grids as
the save leaves them (overlaps, gaps, communities, district) and refuses an unsound one
with the rule's message; the triggers then relax a rule only for a write that is part of
that save (the same grid, the same geometry), and only for its login. A row written into
grid_edit_guard by anything else, the owner included, is refused. grid_guard_refuse
blocks the login's grid writes (a save the plugin's check refused), grid_guard_clear ends
its decisions.

Town staff (members of the store's town_staff role, not of gis_editor) write only the
grids of their towns (staff_towns): a write to another town's grid is refused by name
rather than skipped, as row-level security alone would (QGIS would then believe it
saved). The trigger functions run as the store's owner (SECURITY DEFINER), so that a
town's staff, who may write only their own town's grids, still reassign the facilities and
incidents a boundary moves and write the history; the rows they may touch are the
policies'.
"""

from __future__ import annotations

import json

import shapely

from ..dialect import literal, quote
from ..guard_rules import REASSIGNED, refusal

TODAY = "(now() AT TIME ZONE 'Asia/Shanghai')::date"
# The functions of the guard (besides the triggers'): what replace_sql drops.
FUNCTIONS = (
    "grid_guard_area",
    "grid_guard_largest_piece",
    "grid_guard_beyond",
    "grid_guard_district",
    "grid_guard_allowed",
    "grid_guard_changing",
    "grid_guard_reassign",
    "grid_guard_decide",
    "grid_guard_refuse",
    "grid_guard_clear",
    "grid_guard_made_by_guard",
    "grids_guard",
    "grids_history",
)
# What the plugin's roles may call (access.py grants it to the grid editors).
DECISION_FUNCTIONS = (
    "grid_guard_decide(jsonb, text, text, double precision)",
    "grid_guard_refuse(text, text, double precision)",
    "grid_guard_clear()",
)


def _raise(key: str) -> str:
    return f"RAISE EXCEPTION USING MESSAGE = {literal(refusal(key))};"


def _member_of(schema: str, kind: str) -> str:
    """Whether the login is a member of a role of the store (false before the roles
    exist: access_sql makes them)."""
    return (
        "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
        f"{literal(f'{schema}_{kind}')} AND pg_has_role(session_user, oid, 'MEMBER'))"
    )


def _function(
    schema: str, name: str, arguments: str, returns: str, body: str, language="plpgsql"
) -> str:
    return (
        f"CREATE FUNCTION {quote(schema)}.{name}({arguments}) RETURNS {returns} "
        f"LANGUAGE {language} SECURITY DEFINER SET search_path = {quote(schema)}, public, "
        # pg_temp last: a caller's temporary tables never stand in for the store's.
        "pg_temp "
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


TOLERANCE = (
    "coalesce((SELECT value::double precision FROM store_info WHERE key = "
    "'grid_tolerance_m2'), 1.0)"
)
_COMMUNITY = "(SELECT c.geom FROM communities c WHERE c.code = {row}.community_code)"


def _measures(schema: str) -> list[str]:
    """Helper functions: areas of polygonal parts, the district near a geometry."""
    return [
        _function(
            schema,
            "grid_guard_area",
            "g geometry",
            "double precision",
            "SELECT coalesce(ST_Area(ST_CollectionExtract(g, 3)), 0)",
            "sql",
        ),
        _function(
            schema,
            "grid_guard_largest_piece",
            "g geometry",
            "double precision",
            "SELECT coalesce(max(ST_Area(d.geom)), 0) FROM ST_Dump(ST_CollectionExtract(g, 3)) d",
            "sql",
        ),
        _function(
            schema,
            "grid_guard_beyond",
            "g geometry, area_ geometry",
            "double precision",
            "SELECT CASE WHEN area_ IS NULL THEN grid_guard_area(g) "
            "ELSE grid_guard_area(ST_Difference(g, area_)) END",
            "sql",
        ),
        _function(
            schema,
            "grid_guard_district",
            "g geometry",
            "geometry",
            "SELECT ST_Union(t.geom) FROM towns t WHERE t.geom && g",
            "sql",
        ),
    ]


def _decide(schema: str) -> str:
    """grid_guard_decide(save, actor, reason, seconds): check the grids as the save
    leaves them, and let its grids change together for the login (see the module). The
    save is read from its JSON in each query: no temporary table, which a caller could
    have made beforehand, with triggers of its own, under the same name."""
    own_towns = "SELECT town_code FROM staff_towns WHERE member = session_user"
    saved = (
        "(SELECT row_number() OVER () AS key, x.fid, x.code, x.community_code, x.town_code, "
        "coalesce(x.status, 'active') AS status, "
        "ST_SetSRID(ST_GeomFromWKB(decode(x.wkb, 'hex')), 4549) AS geom "
        "FROM jsonb_to_recordset(proposal) AS x(fid bigint, code text, community_code text, "
        "town_code text, status text, wkb text))"
    )
    community = _COMMUNITY.format(row="p")
    state = (
        "(SELECT NULL::bigint AS key, g.fid, g.geom FROM grids g WHERE g.status = 'active' "
        f"AND NOT g.fid = ANY(touched) UNION ALL SELECT p.key, p.fid, p.geom FROM {saved} p "
        "WHERE p.status = 'active')"
    )
    expires = "clock_timestamp() + seconds_ * interval '1 second'"
    body = f"""
DECLARE
  tolerance double precision := {TOLERANCE};
  proposal jsonb := coalesce(save -> 'changed', '[]') || coalesce(save -> 'added', '[]');
  deleted bigint[] := ARRAY(SELECT jsonb_array_elements_text(coalesce(save -> 'deleted',
    '[]'))::bigint);
  touched bigint[];
  wrong text;
  old record;
  cover geometry;
BEGIN
  touched := ARRAY(SELECT p.fid FROM {saved} p WHERE p.fid IS NOT NULL) || deleted;
  IF {_member_of(schema, "town_staff")} AND NOT {_member_of(schema, "gis_editor")} THEN
    wrong := (SELECT code FROM grids WHERE fid = ANY(touched) AND town_code NOT IN
      ({own_towns}) UNION ALL SELECT p.code FROM {saved} p WHERE p.town_code NOT IN
      ({own_towns}) LIMIT 1);
    IF wrong IS NOT NULL THEN
      RAISE EXCEPTION USING MESSAGE = format({literal(refusal("other_town"))}, wrong, wrong);
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM {saved} p WHERE p.status = 'active' AND (p.geom IS NULL
      OR ST_IsEmpty(p.geom) OR NOT ST_IsValid(p.geom))) THEN {_raise("invalid")} END IF;
  IF EXISTS (SELECT 1 FROM {saved} p WHERE p.status = 'active'
      AND grid_guard_beyond(p.geom, grid_guard_district(p.geom)) > tolerance) THEN
    {_raise("outside_district")} END IF;
  IF EXISTS (SELECT 1 FROM {saved} p WHERE p.status = 'active' AND ({community}
      IS NULL OR grid_guard_beyond(p.geom, {community}) > tolerance)) THEN
    {_raise("outside_community")} END IF;
  IF EXISTS (SELECT 1 FROM {saved} p, {state} s WHERE p.status = 'active'
      AND s.key IS DISTINCT FROM p.key AND s.geom && p.geom
      AND grid_guard_area(ST_Intersection(s.geom, p.geom)) > tolerance) THEN
    {_raise("overlap")} END IF;
  FOR old IN SELECT g.fid, g.geom FROM grids g WHERE g.fid = ANY(touched)
      AND g.status = 'active' LOOP
    cover := (SELECT ST_Union(s.geom) FROM {state} s WHERE s.geom && old.geom);
    IF grid_guard_largest_piece(ST_Intersection(CASE WHEN cover IS NULL THEN old.geom
        ELSE ST_Difference(old.geom, cover) END, grid_guard_district(old.geom))) > tolerance
      THEN {_raise("gap")} END IF;
  END LOOP;
  DELETE FROM grid_edit_guard WHERE member = session_user;
  INSERT INTO grid_edit_guard (decision, grid_fid, actor, reason, expires_at, proposed)
    SELECT 'allow', p.fid, actor_, reason_, {expires}, p.geom FROM {saved} p
      WHERE p.fid IS NOT NULL
    UNION ALL SELECT 'allow', d, actor_, reason_, {expires}, NULL FROM unnest(deleted) d;
  IF NOT FOUND THEN
    INSERT INTO grid_edit_guard (decision, grid_fid, actor, reason, expires_at)
      VALUES ('allow', NULL, actor_, reason_, {expires});
  END IF;
END"""
    return _function(
        schema,
        "grid_guard_decide",
        "save jsonb, actor_ text, reason_ text, seconds_ double precision",
        "void",
        body,
    )


def _decisions(schema: str) -> list[str]:
    s = quote(schema)
    # A row of grid_edit_guard is made only inside the decision functions: PG_CONTEXT
    # names the function a statement runs in (a plain INSERT has none).
    made_by = (
        "DECLARE context text; BEGIN GET DIAGNOSTICS context = PG_CONTEXT; "
        "IF context !~ '\\mgrid_guard_(decide\\(jsonb,text,text|refuse\\(text,text),"
        "double precision\\)' "
        f"THEN {_raise('forged')} END IF; RETURN NEW; END"
    )
    return [
        _decide(schema),
        _function(
            schema,
            "grid_guard_refuse",
            "actor_ text, reason_ text, seconds_ double precision",
            "void",
            "BEGIN DELETE FROM grid_edit_guard WHERE member = session_user; "
            "INSERT INTO grid_edit_guard (decision, grid_fid, actor, reason, expires_at) VALUES "
            "('refuse', NULL, actor_, reason_, clock_timestamp() + seconds_ * interval "
            "'1 second'); END",
        ),
        _function(
            schema,
            "grid_guard_clear",
            "",
            "void",
            "BEGIN DELETE FROM grid_edit_guard WHERE member = session_user; END",
        ),
        _function(schema, "grid_guard_made_by_guard", "", "trigger", made_by),
        f"CREATE TRIGGER grid_edit_guard_made_by_guard BEFORE INSERT OR UPDATE ON "
        f"{s}.grid_edit_guard FOR EACH ROW EXECUTE FUNCTION {s}.grid_guard_made_by_guard()",
    ]


def guard_sql(schema: str) -> list[str]:
    """The functions and triggers of the guard on `schema`.grids (grid_versions,
    grid_edit_guard, audit_log and the GiST indexes must exist)."""
    own_towns = "SELECT town_code FROM staff_towns WHERE member = session_user"
    # The write is the save the login's decision checked: this grid, this geometry
    # (deleted: no geometry).
    allowed = (
        f"EXISTS (SELECT 1 FROM {_guard_rows('allow')} AND grid_fid = fid_ AND "
        "CASE WHEN geom_ IS NULL THEN proposed IS NULL ELSE proposed IS NOT NULL AND "
        "ST_Equals(proposed, geom_) END)"
    )
    changing = f"EXISTS (SELECT 1 FROM {_guard_rows('allow')} AND grid_fid = fid_)"
    community = _COMMUNITY.format(row="NEW")
    before = f"""
DECLARE
  tolerance double precision := {TOLERANCE};
  lost geometry;
  cover geometry;
  relaxed boolean;
BEGIN
  IF EXISTS (SELECT 1 FROM {_guard_rows("refuse")}) THEN {_raise("refused")} END IF;
  IF {_member_of(schema, "town_staff")} AND NOT {_member_of(schema, "gis_editor")}
      AND (OLD.town_code NOT IN ({own_towns}) OR NEW.town_code NOT IN ({own_towns})) THEN
    RAISE EXCEPTION USING MESSAGE = format({literal(refusal("other_town"))},
      coalesce(OLD.code, NEW.code), coalesce(OLD.code, NEW.code));
  END IF;
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'active' AND NOT grid_guard_allowed(OLD.fid, NULL) THEN
      {_raise("delete")} END IF;
    RETURN OLD;
  END IF;
  IF NEW.status = 'active' AND (NEW.geom IS NULL OR ST_IsEmpty(NEW.geom)
      OR NOT ST_IsValid(NEW.geom)) THEN {_raise("invalid")} END IF;
  IF NEW.code !~ '^321012[0-9]{{9}}$' THEN {_raise("code_format")} END IF;
  IF left(NEW.code, 12) <> NEW.community_code OR left(NEW.code, 9) <> NEW.town_code THEN
    {_raise("code_prefix")} END IF;
  IF EXISTS (SELECT 1 FROM grids WHERE code = NEW.code AND fid IS DISTINCT FROM NEW.fid)
    THEN {_raise("code_used")} END IF;
  IF NEW.status = 'active' AND grid_guard_beyond(NEW.geom, grid_guard_district(NEW.geom))
      > tolerance THEN {_raise("outside_district")} END IF;
  IF NEW.status = 'active' AND ({community} IS NULL
      OR grid_guard_beyond(NEW.geom, {community}) > tolerance) THEN
    {_raise("outside_community")} END IF;
  relaxed := TG_OP = 'UPDATE' AND grid_guard_allowed(NEW.fid, NEW.geom);
  IF NEW.status = 'active' AND EXISTS (SELECT 1 FROM grids g WHERE g.status = 'active'
      AND g.fid IS DISTINCT FROM NEW.fid AND g.geom && NEW.geom
      AND NOT (relaxed AND grid_guard_changing(g.fid))
      AND grid_guard_area(ST_Intersection(g.geom, NEW.geom)) > tolerance) THEN
    {_raise("overlap")}
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'active' AND EXISTS (SELECT 1 FROM grid_versions WHERE code = NEW.code
        AND change = 'retired') THEN {_raise("retired_code")} END IF;
    RETURN NEW;
  END IF;
  IF NEW.code <> OLD.code AND EXISTS (SELECT 1 FROM incidents WHERE grid_code = OLD.code)
    THEN {_raise("code_kept")} END IF;
  IF OLD.status = 'active' AND NOT relaxed THEN
    lost := CASE WHEN NEW.status = 'active' THEN ST_Difference(OLD.geom, NEW.geom)
      ELSE OLD.geom END;
    IF NOT ST_IsEmpty(lost) THEN
      cover := (SELECT ST_Union(g.geom) FROM grids g WHERE g.status = 'active'
        AND g.fid <> OLD.fid AND g.geom && OLD.geom);
      IF cover IS NOT NULL THEN lost := ST_Difference(lost, cover); END IF;
      IF grid_guard_largest_piece(ST_Intersection(lost, grid_guard_district(OLD.geom)))
          > tolerance THEN {_raise("gap")} END IF;
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
        f"ALTER TABLE {s}.grid_edit_guard ADD COLUMN IF NOT EXISTS member text NOT NULL "
        "DEFAULT session_user",
        f"ALTER TABLE {s}.grid_edit_guard ADD COLUMN IF NOT EXISTS proposed geometry",
        f"CREATE INDEX IF NOT EXISTS grid_edit_guard_member ON {s}.grid_edit_guard "
        "(member, decision)",
        *_measures(schema),
        _function(
            schema,
            "grid_guard_allowed",
            "fid_ bigint, geom_ geometry",
            "boolean",
            f"BEGIN RETURN {allowed}; END",
        ),
        _function(
            schema,
            "grid_guard_changing",
            "fid_ bigint",
            "boolean",
            f"BEGIN RETURN {changing}; END",
        ),
        _function(
            schema,
            "grid_guard_reassign",
            "area_ geometry, code_ text, actor_ text, reason_ text",
            "void",
            " ".join(reassign),
        ),
        *_decisions(schema),
        _function(schema, "grids_guard", "", "trigger", before),
        _function(schema, "grids_history", "", "trigger", after),
        f"CREATE TRIGGER grids_guard BEFORE INSERT OR UPDATE OR DELETE ON {s}.grids "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.grids_guard()",
        f"CREATE TRIGGER grids_history AFTER INSERT OR UPDATE OR DELETE ON {s}.grids "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.grids_history()",
        # Nobody calls the guard's functions but the guard, and the grid editors the
        # decision functions (access.py).
        *(
            f"REVOKE ALL ON FUNCTION {s}.{name} FROM PUBLIC"
            for name in (
                "grid_guard_reassign(geometry, text, text, text)",
                "grid_guard_allowed(bigint, geometry)",
                "grid_guard_changing(bigint)",
                *DECISION_FUNCTIONS,
            )
        ),
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {s}.grid_edit_guard FROM PUBLIC",
    ]


def replace_sql(schema: str) -> list[str]:
    """Statements that replace an earlier version of the guard by this one (in a
    transaction): its triggers and functions dropped, whatever their arguments, and made
    again; the store's roles, where they exist, may call the decision functions and no
    longer write grid_edit_guard themselves."""
    s = quote(schema)
    names = ", ".join(literal(name) for name in FUNCTIONS)
    return [
        f"DROP TRIGGER IF EXISTS grids_guard ON {s}.grids",
        f"DROP TRIGGER IF EXISTS grids_history ON {s}.grids",
        f"DROP TRIGGER IF EXISTS grid_edit_guard_made_by_guard ON {s}.grid_edit_guard",
        "DO $$ DECLARE f record; BEGIN FOR f IN SELECT p.oid::regprocedure AS signature "
        "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = "
        f"{literal(schema)} AND p.proname IN ({names}) LOOP "
        "EXECUTE 'DROP FUNCTION ' || f.signature; END LOOP; END $$",
        *guard_sql(schema),
        *grant_decisions_sql(schema),
    ]


def grant_decisions_sql(schema: str) -> list[str]:
    """The grid editors' roles (where they exist) may make decisions, through the
    decision functions only."""
    s = quote(schema)
    statements = []
    for kind in ("gis_editor", "town_staff"):
        role = f"{schema}_{kind}"
        grants = " ".join(
            f"EXECUTE 'GRANT EXECUTE ON FUNCTION {s}.{function} TO {quote(role)}';"
            for function in DECISION_FUNCTIONS
        )
        statements.append(
            f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {literal(role)}) "
            f"THEN EXECUTE 'REVOKE INSERT, UPDATE, DELETE ON {s}.grid_edit_guard FROM "
            f"{quote(role)}'; {grants} END IF; END $$"
        )
    return statements


def save_json(save) -> str:
    """A core.grid_checks.GridSave as grid_guard_decide's argument."""

    def record(grid) -> dict:
        return dict(
            fid=grid.fid,
            code=grid.code,
            community_code=grid.community_code,
            town_code=grid.town_code,
            status=grid.status,
            wkb=None if grid.geometry is None else shapely.to_wkb(grid.geometry, hex=True),
        )

    return json.dumps(
        dict(
            changed=[record(g) for g in save.changed],
            deleted=sorted(int(f) for f in save.deleted),
            added=[dict(record(g), fid=None) for g in save.added],
        )
    )
