"""The store's reads that both backends answer with the same SQL.

A backend provides `_rows(sql, parameters)` (records as tuples, `?` placeholders, times
as the GeoPackage's DATETIME text), `_geometry_column()` (the SQL that selects a geometry
in a form `_geometries()` decodes) and `_geometries(values)` (to shapely). Routing
(`Router.from_store`) and the six-step loop (core/workflow.py) read a store only through
these methods and `record_move`, so they run on a GeoPackage and on PostGIS alike.
"""

from __future__ import annotations

from datetime import date

from .errors import StoreError
from .schema import INCIDENT_CARD

_NAMED = ("towns", "communities", "grids", "units", "event_catalog", "event_categories")
_ASSIGNMENT = (
    "officer_id",
    "name",
    "phone",
    "role",
    "level",
    "scope_level",
    "scope_code",
    "valid_from",
    "valid_to",
)
_GRID = ("code", "name", "community_code", "town_code")
_STEP = (
    "from_step",
    "to_step",
    "actor_role",
    "actor_name",
    "officer_id",
    "at",
    "note",
    "escalated_to",
)


class StoreQueries:
    """Reads shared by GeoPackageStore and PostGISStore."""

    def _rows(self, sql: str, parameters=()) -> list[tuple]:
        raise NotImplementedError

    def _geometry_column(self) -> str:
        raise NotImplementedError

    def _geometries(self, values):
        raise NotImplementedError

    def _dicts(self, sql: str, names, parameters=()) -> list[dict]:
        return [dict(zip(names, row)) for row in self._rows(sql, parameters)]

    def info(self) -> dict[str, str]:
        return dict(self._rows("SELECT key, value FROM store_info"))

    def names(self, table_name: str) -> dict[str, str]:
        """code -> name for towns, communities, grids, units, event_catalog or
        event_categories."""
        if table_name not in _NAMED:
            raise StoreError(f"{table_name} has no code and name")
        return dict(self._rows(f'SELECT code, name FROM "{table_name}"'))

    def _grids(self, sql: str, parameters=()) -> list[dict]:
        records = self._rows(sql.format(geom=self._geometry_column()), parameters)
        geometries = self._geometries([record[4] for record in records])
        return [dict(zip(_GRID, r[:4]), geom=g) for r, g in zip(records, geometries)]

    def active_grids(self) -> list[dict]:
        """The grids in force, sorted by code, with their geometries."""
        return self._grids(
            "SELECT code, name, community_code, town_code, {geom} FROM grids "
            "WHERE status = 'active' AND geom IS NOT NULL ORDER BY code"
        )

    def grids_in_force(self, day: date) -> list[dict]:
        """The grids as they were on `day`: today's rows in force since then, and the
        earlier versions in force that day (code, name, community, town, geometry)."""
        text = day.isoformat()
        return self._grids(
            "SELECT code, name, community_code, town_code, {geom} FROM grids "
            "WHERE status = 'active' AND valid_from <= ? "
            "UNION ALL SELECT code, name, community_code, town_code, {geom} FROM grid_versions "
            "WHERE valid_from <= ? AND ? < valid_to ORDER BY code",
            (text, text, text),
        )

    def grid_change_days(self) -> list[date]:
        """The days the tiling changed (a boundary, a split, a merge), oldest first."""
        rows = self._rows("SELECT DISTINCT valid_to FROM grid_versions ORDER BY valid_to")
        return [date.fromisoformat(day) for (day,) in rows]

    def assignments_with_officers(self) -> list[dict]:
        """Every assignment with the officer's name, phone and leader level."""
        return self._dicts(
            "SELECT a.officer_id, o.name, o.phone, a.role, o.level, a.scope_level, "
            "a.scope_code, a.valid_from, a.valid_to FROM assignments a "
            "JOIN officers o ON o.fid = a.officer_id ORDER BY a.scope_code, a.officer_id",
            _ASSIGNMENT,
        )

    def catalog_items(self) -> dict[str, dict]:
        """Catalogue item code -> its name, category, responsible unit and deadline."""
        rows = self._rows(
            "SELECT c.code, c.name, c.category_code, c.unit_code, u.name, c.deadline_hours "
            "FROM event_catalog c JOIN units u ON u.code = c.unit_code"
        )
        return {
            code: dict(
                name=name,
                category_code=category,
                unit_code=unit,
                unit_name=unit_name,
                deadline_hours=hours,
            )
            for code, name, category, unit, unit_name, hours in rows
        }

    # The six-step loop's data.

    def incident_states(self) -> list[dict]:
        names = ("code", "ordinal", "label_zh", "label_en", "phase")
        return self._dicts(
            f"SELECT {', '.join(names)} FROM incident_states ORDER BY ordinal", names
        )

    def workflow_transitions(self) -> list[dict]:
        names = ("from_step", "to_step", "actor_role", "label_zh", "label_en")
        return self._dicts(
            f"SELECT {', '.join(names)} FROM workflow_transitions ORDER BY fid", names
        )

    def incident(self, fid: int) -> dict | None:
        """An incident's workflow facts (no geometry, no reporter); None if there is none."""
        rows = self._dicts(
            f"SELECT {', '.join(INCIDENT_CARD)} FROM incidents WHERE fid = ?", INCIDENT_CARD, (fid,)
        )
        return rows[0] if rows else None

    def incident_history(self, fid: int) -> list[dict]:
        """The incident's moves, oldest first."""
        return self._dicts(
            f"SELECT {', '.join(_STEP)} FROM incident_steps WHERE incident_id = ? ORDER BY at, fid",
            _STEP,
            (fid,),
        )

    def catalog_deadline_hours(self, code: str | None) -> int | None:
        """The deadline of a catalogue item, in hours (None without item or deadline)."""
        if code is None:
            return None
        rows = self._rows("SELECT deadline_hours FROM event_catalog WHERE code = ?", (code,))
        return rows[0][0] if rows else None

    def overdue_incidents(self, now: str) -> list[dict]:
        """Open incidents whose deadline (DATETIME text) is before `now`, oldest first."""
        return self._dicts(
            f"SELECT {', '.join('i.' + n for n in INCIDENT_CARD)} FROM incidents i "
            "JOIN incident_states s ON s.code = i.step WHERE s.phase = 'open' AND "
            "i.deadline_at < ? ORDER BY i.deadline_at, i.fid",
            INCIDENT_CARD,
            (now,),
        )
