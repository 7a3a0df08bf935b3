"""The intake in a PostGIS store: the rules of intake_rules.py (sqlite/intake.py holds them
in a GeoPackage) as PL/pgSQL triggers, with the same messages.

PostgreSQL's BEFORE trigger fills the row before it is written, so one function checks
a report, routes it (the grid in force covering the point by the GiST index, the lowest
code on a shared edge, else the nearest within the tolerance), numbers it, links a
possible duplicate and writes its first history row and an audit row (the foreign keys
are deferred to the commit). Tickets of one day are numbered under an advisory lock of
that day, so sessions reporting at once never take the same number. The functions run
as the store's owner (SECURITY DEFINER): whoever may add an incident gets its history
written.
"""

from __future__ import annotations

from ..dialect import literal, quote
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


def _raise(key: str) -> str:
    return f"RAISE EXCEPTION USING MESSAGE = {literal(refusal(key))};"


def _function(schema: str, name: str, body: str) -> str:
    return (
        f"CREATE FUNCTION {quote(schema)}.{name}() RETURNS trigger LANGUAGE plpgsql "
        f"SECURITY DEFINER SET search_path = {quote(schema)}, public AS $intake$ {body} $intake$"
    )


def _incidents_body() -> str:
    roles = " ".join(f"WHEN '{s}' THEN '{role}'" for s, (role, _) in SOURCE_ACTORS.items())
    names = " ".join(f"WHEN '{s}' THEN {literal(name)}" for s, (_, name) in SOURCE_ACTORS.items())
    blank = literal(BLANKS)
    return f"""
DECLARE
  tolerance double precision := coalesce((SELECT value::double precision FROM store_info
    WHERE key = 'route_tolerance_m'), {DEFAULT_TOLERANCE_M});
  prefix text := coalesce((SELECT value FROM store_info WHERE key = 'ticket_prefix'),
    {literal(DEFAULT_TICKET_PREFIX)});
  code_ text;
  covered boolean;
  day_ text;
  officer_ record;
  role_ text;
  name_ text;
BEGIN
  IF NEW.category_code IS NOT NULL AND NEW.catalog_code IS NOT NULL
      AND left(NEW.catalog_code, 2) <> NEW.category_code
      AND (TG_OP = 'INSERT' OR NEW.category_code IS DISTINCT FROM OLD.category_code) THEN
    {_raise("category")}
  END IF;
  IF NEW.catalog_code IS NOT NULL THEN NEW.category_code := left(NEW.catalog_code, 2); END IF;
  IF TG_OP = 'UPDATE' THEN
    IF coalesce(OLD.ticket, '') <> '' AND coalesce(NEW.ticket, '') = '' THEN
      {_raise("ticket_kept")}
    END IF;
    RETURN NEW;
  END IF;
  NEW.source := coalesce(NEW.source, 'patrol');
  NEW.step := coalesce(NEW.step, 'reported');
  NEW.reported_at := coalesce(NEW.reported_at, clock_timestamp());
  NEW.updated_at := coalesce(NEW.updated_at, NEW.reported_at);
  NEW.row_version := coalesce(NEW.row_version, 1);
  IF coalesce(NEW.ticket, '') <> '' THEN RETURN NEW; END IF;
  IF NEW.geom IS NULL OR ST_IsEmpty(NEW.geom) THEN {_raise("no_point")} END IF;
  IF coalesce(btrim(NEW.catalog_code), '') = '' THEN {_raise("no_item")} END IF;
  IF NOT EXISTS (SELECT 1 FROM event_catalog WHERE code = NEW.catalog_code) THEN
    {_raise("unknown_item")}
  END IF;
  IF coalesce(btrim(NEW.description, {blank}), '') = '' THEN {_raise("no_description")} END IF;
  code_ := (SELECT g.code FROM grids g WHERE g.status = 'active' AND g.geom && NEW.geom
    AND ST_Covers(g.geom, NEW.geom) ORDER BY g.code LIMIT 1);
  covered := code_ IS NOT NULL;
  IF NOT covered THEN
    code_ := (SELECT g.code FROM grids g WHERE g.status = 'active'
      AND ST_DWithin(g.geom, NEW.geom, tolerance)
      ORDER BY ST_Distance(g.geom, NEW.geom), g.code LIMIT 1);
  END IF;
  IF code_ IS NULL THEN {_raise("outside")} END IF;
  NEW.grid_code := code_;
  NEW.town_code := left(code_, 9);
  NEW.route_rule := CASE WHEN NOT covered THEN 'nearest'
    WHEN EXISTS (SELECT 1 FROM grids g WHERE g.status = 'active' AND g.geom && NEW.geom
      AND ST_Contains(g.geom, NEW.geom)) THEN 'inside' ELSE 'on_boundary' END;
  NEW.step := 'reported';
  NEW.updated_at := NEW.reported_at;
  NEW.row_version := 1;
  NEW.deadline_at := NULL;
  NEW.closed_at := NULL;
  NEW.escalation := NULL;
  NEW.located_by := coalesce(NEW.located_by, 'coordinates');
  SELECT fid, name, phone, role INTO officer_ FROM officers WHERE fid = NEW.reported_by;
  NEW.reporter_name := coalesce(nullif(btrim(NEW.reporter_name), ''), officer_.name);
  NEW.reporter_phone := coalesce(nullif(btrim(NEW.reporter_phone), ''), officer_.phone);
  day_ := prefix || to_char(NEW.reported_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD');
  PERFORM pg_advisory_xact_lock(hashtext('jiangdu_grid ticket ' || day_));
  NEW.ticket := day_ || lpad((1 + coalesce((SELECT max(substr(t.ticket, length(day_) + 1)
    ::bigint) FROM incidents t WHERE t.ticket LIKE day_ || '%'
    AND substr(t.ticket, length(day_) + 1) ~ '^[0-9]+$'), 0))::text, 4, '0');
  IF NEW.duplicate_of IS NULL THEN
    NEW.duplicate_of := (SELECT o.fid FROM incidents o JOIN incident_states s
      ON s.code = o.step WHERE s.phase = 'open' AND o.fid <> NEW.fid
      AND o.duplicate_of IS NULL AND o.catalog_code = NEW.catalog_code
      AND ST_DWithin(o.geom, NEW.geom, {DUPLICATE_METRES})
      AND abs(extract(epoch FROM o.reported_at - NEW.reported_at)) <= {DUPLICATE_HOURS * 3600}
      ORDER BY ST_Distance(o.geom, NEW.geom), o.fid LIMIT 1);
  END IF;
  role_ := CASE WHEN officer_.fid IS NOT NULL THEN CASE officer_.role
    WHEN 'grid_leader' THEN 'grid_leader' ELSE 'grid_officer' END
    ELSE CASE NEW.source {roles} END END;
  name_ := coalesce(officer_.name, nullif(btrim(NEW.reporter_name), ''),
    CASE NEW.source {names} END);
  INSERT INTO incident_steps (incident_id, from_step, to_step, actor_role, actor_name,
    officer_id, at, note) VALUES (NEW.fid, NULL, 'reported', role_, name_, officer_.fid,
    NEW.reported_at, CASE WHEN NEW.duplicate_of IS NOT NULL THEN '疑似重复：' ||
    (SELECT ticket FROM incidents WHERE fid = NEW.duplicate_of) END);
  INSERT INTO audit_log (at, actor, table_name, row_key, action, old_value, new_value,
    reason) VALUES (clock_timestamp(), name_, 'incidents', NEW.ticket, 'insert', NULL,
    json_build_object('ticket', NEW.ticket, 'grid_code', NEW.grid_code, 'route_rule',
    NEW.route_rule, 'duplicate_of', NEW.duplicate_of)::text, 'reported');
  RETURN NEW;
END"""


def _photos_body() -> str:
    return f"""
DECLARE
  limit_ bigint := coalesce((SELECT value::bigint FROM store_info
    WHERE key = 'photo_max_bytes'), {PHOTO_MAX_BYTES});
  path_ text := lower(coalesce(NEW.path, ''));
BEGIN
  IF NEW.content IS NULL AND path_ = '' THEN {_raise("photo_missing")} END IF;
  IF NEW.content IS NOT NULL THEN
    IF substring(NEW.content FROM 1 FOR 3) = '\\xffd8ff'::bytea THEN
      NEW.media_type := 'image/jpeg';
    ELSIF substring(NEW.content FROM 1 FOR 8) = '\\x89504e470d0a1a0a'::bytea THEN
      NEW.media_type := 'image/png';
    ELSE {_raise("photo_type")}
    END IF;
    IF octet_length(NEW.content) > limit_ THEN {_raise("photo_size")} END IF;
  ELSIF path_ LIKE '%.png' THEN NEW.media_type := 'image/png';
  ELSIF path_ LIKE '%.jpg' OR path_ LIKE '%.jpeg' THEN NEW.media_type := 'image/jpeg';
  ELSE {_raise("photo_type")}
  END IF;
  NEW.file_name := coalesce(nullif(NEW.file_name, ''),
    nullif(regexp_replace(coalesce(NEW.path, ''), '^.*[/\\\\]', ''), ''),
    'photo_' || NEW.fid || CASE NEW.media_type WHEN 'image/png' THEN '.png' ELSE '.jpg' END);
  RETURN NEW;
END"""


def intake_sql(schema: str) -> list[str]:
    """The intake's statements on `schema`: categories of the incidents already there,
    indexes, the functions and their triggers."""
    s = quote(schema)
    return [
        f"UPDATE {s}.incidents SET category_code = left(catalog_code, 2) "
        "WHERE category_code IS NULL AND catalog_code IS NOT NULL",
        f"CREATE UNIQUE INDEX idx_incidents_report_uuid ON {s}.incidents (report_uuid)",
        f"CREATE INDEX idx_incidents_duplicate_of ON {s}.incidents (duplicate_of)",
        # The day's tickets by their prefix (LIKE 'JD20191125%'), whatever the collation.
        f"CREATE INDEX idx_incidents_ticket_prefix ON {s}.incidents (ticket text_pattern_ops)",
        _function(schema, "incidents_intake", _incidents_body()),
        _function(schema, "incident_attachments_intake", _photos_body()),
        f"CREATE TRIGGER incidents_intake BEFORE INSERT OR UPDATE ON {s}.incidents "
        f"FOR EACH ROW EXECUTE FUNCTION {s}.incidents_intake()",
        "CREATE TRIGGER incident_attachments_intake BEFORE INSERT OR UPDATE ON "
        f"{s}.incident_attachments FOR EACH ROW EXECUTE FUNCTION "
        f"{s}.incident_attachments_intake()",
    ]


def relax_sql(schema: str) -> list[str]:
    """An older store's incidents as schema.py declares them now: the ticket filled by
    the store, defaults for what it fills (the trigger gives a NULL written its
    default)."""
    table = f"{quote(schema)}.incidents"
    return [
        f"ALTER TABLE {table} ALTER COLUMN ticket DROP NOT NULL",
        f"ALTER TABLE {table} ALTER COLUMN source SET DEFAULT 'patrol'",
        f"ALTER TABLE {table} ALTER COLUMN step SET DEFAULT 'reported'",
        f"ALTER TABLE {table} ALTER COLUMN reported_at SET DEFAULT now()",
        f"ALTER TABLE {table} ALTER COLUMN updated_at SET DEFAULT now()",
    ]
