"""The database roles of a store and who may change what: privileges, row-level
security and the views that mask personal data."""

from __future__ import annotations

from ..dialect import literal, quote
from ..errors import StoreError
from ..location import StoreLocation
from ..schema import TABLES
from .connection import connect, postgis_parts, schema_exists
from .guard import grant_decisions_sql

# Database roles of a store, and who may change what. Role names start with the schema's.
ROLE_KINDS = ("supervisor", "command_centre", "town_staff", "gis_editor")
# Personal data: what supervisors read only masked (the rules of core/privacy.py).
_MASK_SQL = (
    "CREATE FUNCTION {s}.mask_phone(text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ "
    "SELECT CASE WHEN $1 IS NULL THEN NULL WHEN length(btrim($1)) < 8 THEN "
    "repeat('*', length(btrim($1))) ELSE left(btrim($1), 3) || repeat('*', "
    "length(btrim($1)) - 7) || right(btrim($1), 4) END $$",
    "CREATE FUNCTION {s}.mask_name(text) RETURNS text IMMUTABLE LANGUAGE sql AS $$ "
    "SELECT CASE WHEN $1 IS NULL THEN NULL WHEN length(btrim($1)) <= 1 THEN btrim($1) "
    "WHEN length(btrim($1)) = 2 THEN left(btrim($1), 1) || '*' ELSE left(btrim($1), 1) || "
    "repeat('*', length(btrim($1)) - 2) || right(btrim($1), 1) END $$",
)
_PERSONAL = {"officers": ("phone",), "incidents": ("reporter_name", "reporter_phone")}


def role_name(schema: str, kind: str) -> str:
    return f"{schema}_{kind}"


def access_sql(schema: str) -> list[str]:
    """Roles, privileges, row-level security and masked views of the store in `schema`.

    - supervisors read everything but personal data, which they read masked in the views
      officers_masked and incident_reporters_masked;
    - the command centre reads everything and moves any incident;
    - town staff read everything, and move only their own town's incidents and edit only
      its grids (the towns of a login role are rows of staff_towns);
    - GIS editors maintain towns, communities, grids and facilities.
    Grid edits pass the grids' guard whoever makes them; the grid editors make the
    guard's decisions on their saves through its functions only, each login its own."""
    s = quote(schema)
    roles = {kind: quote(role_name(schema, kind)) for kind in ROLE_KINDS}
    statements = [
        "DO $$ BEGIN "
        + " ".join(
            f"IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
            f"{literal(role_name(schema, kind))}) THEN CREATE ROLE {roles[kind]} NOLOGIN; "
            "END IF;"
            for kind in ROLE_KINDS
        )
        + " END $$",
        *(statement.format(s=s) for statement in _MASK_SQL),
        f"CREATE VIEW {s}.officers_masked AS SELECT fid, code, name, "
        f"{s}.mask_phone(phone) AS phone, role, level, post FROM {s}.officers",
        f"CREATE VIEW {s}.incident_reporters_masked AS SELECT fid, ticket, "
        f"{s}.mask_name(reporter_name) AS reporter_name, {s}.mask_phone(reporter_phone) AS "
        f"reporter_phone FROM {s}.incidents",
    ]
    everyone = ", ".join(roles.values())
    statements += [
        f"GRANT USAGE ON SCHEMA {s} TO {everyone}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {everyone}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {s} TO {everyone}",
    ]
    for table, hidden in _PERSONAL.items():
        visible = ["fid"] + [c.name for c in next(t for t in TABLES if t.name == table).columns]
        visible += ["geom"] if table == "incidents" else []
        statements += [
            f"REVOKE SELECT ON {s}.{table} FROM {roles['supervisor']}",
            f"GRANT SELECT ({', '.join(quote(c) for c in visible if c not in hidden)}) "
            f"ON {s}.{table} TO {roles['supervisor']}",
        ]
    movers = f"{roles['command_centre']}, {roles['town_staff']}"
    statements += [
        f"GRANT UPDATE ON {s}.incidents TO {movers}",
        f"GRANT INSERT ON {s}.incidents, {s}.incident_attachments TO {roles['command_centre']}",
        f"GRANT INSERT ON {s}.incident_steps, {s}.audit_log TO {movers}",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.towns, {s}.communities, {s}.facilities, "
        f"{s}.audit_log TO {roles['gis_editor']}",
        f"GRANT INSERT, UPDATE, DELETE ON {s}.grids TO {roles['gis_editor']}, "
        f"{roles['town_staff']}",
        # Decisions on grid saves only through the guard's functions (guard.py).
        *grant_decisions_sql(schema),
        f"ALTER TABLE {s}.grid_edit_guard ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY own_rows ON {s}.grid_edit_guard USING (member = session_user) "
        "WITH CHECK (member = session_user)",
    ]
    own_towns = f"(SELECT town_code FROM {s}.staff_towns WHERE member = current_user)"
    writers = {
        "incidents": roles["command_centre"],
        "incident_steps": roles["command_centre"],
        "grids": roles["gis_editor"],
    }
    for table, writer in writers.items():
        statements += [
            f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY everyone_reads ON {s}.{table} FOR SELECT USING (true)",
            f"CREATE POLICY all_rows ON {s}.{table} FOR ALL TO {writer} "
            "USING (true) WITH CHECK (true)",
        ]
    statements += [
        # Their grids: the guard names a write to another town's (guard.py).
        f"CREATE POLICY own_town ON {s}.grids FOR ALL TO {roles['town_staff']} "
        f"USING (true) WITH CHECK (town_code IN {own_towns})",
        f"CREATE POLICY own_town ON {s}.incidents FOR UPDATE TO {roles['town_staff']} "
        f"USING (town_code IN {own_towns}) WITH CHECK (town_code IN {own_towns})",
        f"CREATE POLICY own_town ON {s}.incident_steps FOR INSERT TO {roles['town_staff']} "
        f"WITH CHECK (incident_id IN (SELECT fid FROM {s}.incidents WHERE town_code IN "
        f"{own_towns}))",
    ]
    return statements


def grant_access(location: StoreLocation) -> list[str]:
    """Create the roles and rules (access_sql) of the PostGIS store at `location` in one
    transaction; returns the role names. Needs a user that may create roles."""
    conninfo, schema = postgis_parts(location)
    with connect(conninfo) as connection, connection.cursor() as cursor:
        if not schema_exists(cursor, schema):
            raise StoreError(f"the database has no schema {schema}")
        try:
            for statement in access_sql(schema):
                cursor.execute(statement)
        except Exception as error:
            raise StoreError(f"cannot set up the roles of {schema}: {error}") from error
    return [role_name(schema, kind) for kind in ROLE_KINDS]
