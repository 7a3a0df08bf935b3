"""The reads a router is built from (core/routing): grids in force now or on a day,
names, who serves where, the catalogue, and a fingerprint of them all."""

from __future__ import annotations

from datetime import date

from .base import StoreBase

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


class RoutingQueries(StoreBase):
    """What routing reads."""

    def _grids(self, sql: str, parameters=()) -> list[dict]:
        records = self._rows(sql.format(geom=self.dialect.geometry_select()), parameters)
        geometries = self.dialect.geometries([record[4] for record in records])
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

    def routing_version(self) -> tuple:
        """A fingerprint of what a router reads (grids and their history, names,
        assignments, officers, the catalogue): routers are kept while it is unchanged.
        Cheap: aggregates over small tables."""
        return tuple(
            self._rows(
                "SELECT (SELECT count(*) || '/' || coalesce(sum(row_version), 0) FROM grids), "
                "(SELECT count(*) FROM grid_versions), "
                "(SELECT count(*) || '/' || coalesce(sum(length(name)), 0) FROM communities), "
                "(SELECT count(*) || '/' || coalesce(sum(length(name)), 0) FROM towns), "
                "(SELECT count(*) || '/' || coalesce(max(fid), 0) || '/' || "
                "coalesce(sum(length(coalesce(CAST(valid_to AS TEXT), '')) "
                "+ length(scope_code)), 0) "
                "FROM assignments), "
                "(SELECT count(*) || '/' || coalesce(max(fid), 0) || '/' || "
                "coalesce(sum(length(name) + length(coalesce(phone, ''))), 0) FROM officers), "
                "(SELECT count(*) || '/' || coalesce(sum(deadline_hours), 0) || '/' || "
                "coalesce(sum(length(unit_code)), 0) FROM event_catalog), "
                "(SELECT value FROM store_info WHERE key = 'district_code')"
            )[0]
        )
