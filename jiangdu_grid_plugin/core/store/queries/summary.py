"""The store in figures: what the demo must reproduce from the report (1,102 grids,
23,923 closed and 698 in progress, 190 enforcement powers...), counted with SQL."""

from __future__ import annotations

from .base import StoreBase


class SummaryQueries(StoreBase):
    """The store's headline figures."""

    def figures(self) -> dict[str, object]:
        """The demo's headline figures, read back from the tables with SQL."""

        def one(sql: str):
            return self._rows(sql)[0][0]

        closed = one(
            "SELECT count(*) FROM incidents i JOIN incident_states s ON s.code = i.step "
            "WHERE s.phase = 'closed'"
        )
        in_progress = one(
            "SELECT count(*) FROM incidents i JOIN incident_states s ON s.code = i.step "
            "WHERE s.phase = 'open'"
        )
        leaders = dict(
            self._rows(
                "SELECT level, count(*) FROM officers WHERE role = 'grid_leader' GROUP BY level"
            )
        )
        return {
            "towns": one("SELECT count(*) FROM towns"),
            "communities": one("SELECT count(*) FROM communities"),
            "grids": one("SELECT count(*) FROM grids WHERE status = 'active'"),
            "district_area_km2": one("SELECT sum(area_km2) FROM towns"),
            "units": one("SELECT count(*) FROM units"),
            "facilities": one("SELECT count(*) FROM facilities"),
            "facilities_central_urban": one(
                "SELECT count(*) FROM facilities f JOIN grids g ON g.code = f.grid_code "
                "JOIN towns t ON t.code = g.town_code WHERE t.town_class = 1"
            ),
            "grid_leaders": sum(leaders.values()),
            "grid_leaders_by_level": leaders,
            "grid_officers": one("SELECT count(*) FROM officers WHERE role = 'grid_officer'"),
            "instructors": one("SELECT count(*) FROM officers WHERE role = 'instructor'"),
            "event_categories": one("SELECT count(*) FROM event_categories"),
            "catalog_items": one("SELECT count(*) FROM event_catalog"),
            "incidents": one("SELECT count(*) FROM incidents"),
            "incidents_closed": closed,
            "incidents_in_progress": in_progress,
            "incidents_rejected": one(
                "SELECT count(*) FROM incidents i JOIN incident_states s ON s.code = i.step "
                "WHERE s.phase = 'rejected'"
            ),
            "incident_steps": one("SELECT count(*) FROM incident_steps"),
            "superior_incidents": one("SELECT count(*) FROM incidents WHERE source = 'superior'"),
            "closure_rate": closed / (closed + in_progress) if closed + in_progress else None,
            "enforcement_powers": one("SELECT count(*) FROM enforcement_powers"),
            "enforcement_penalties": one(
                "SELECT count(*) FROM enforcement_powers WHERE kind = 'penalty'"
            ),
            "enforcement_coercive": one(
                "SELECT count(*) FROM enforcement_powers WHERE kind = 'coercive'"
            ),
            "enforcement_cases": one("SELECT count(*) FROM enforcement_cases"),
        }
