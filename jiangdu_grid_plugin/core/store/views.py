"""The store's activity views: layers computed from the tables whenever they are read
(a GeoPackage view, a PostgreSQL view), declared once like the tables of schema.py."""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Column


def _c(name, type_, alias="") -> Column:
    return Column(name, type_, alias=alias)


@dataclass(frozen=True)
class View:
    """A read-only layer computed from the tables whenever it is read: a GeoPackage view,
    which GDAL and QGIS read like a table (OGC_FID is its key). `select` computes the
    key, the geometry and then `columns`, in that order."""

    name: str
    title: str
    description: str
    base: str  # the table whose rows the view's rows are (and whose fid is their key)
    columns: tuple[Column, ...]
    select: str
    geometry_type: str = "MULTIPOLYGON"

    @property
    def is_layer(self) -> bool:
        return True


# Incident and enforcement figures of a town or grid over the whole record: the counts,
# per km2 and per 10,000 people, and the closure rate (办结率) of the loop.
_ACTIVITY_COLUMNS = (
    _c("incidents", "INTEGER", "事件数"),
    _c("incidents_per_km2", "REAL", "事件/平方公里"),
    _c("incidents_per_10k", "REAL", "事件/万人"),
    _c("closed", "INTEGER", "办结"),
    _c("in_progress", "INTEGER", "在办"),
    _c("closure_rate", "REAL", "办结率"),
    _c("enforcement_cases", "INTEGER", "执法案件数"),
    _c("enforcement_per_km2", "REAL", "执法案件/平方公里"),
    _c("enforcement_per_10k", "REAL", "执法案件/万人"),
)


def _activity_select(unit: str, key: str, keys: str, extra: str = "", where: str = "") -> str:
    """The activity figures of each row of `unit` (alias u), whose incidents and cases
    carry its code in `key`: `keys` are the unit's own columns to show first, `extra`
    more columns to show last."""
    return (
        f"SELECT u.fid AS OGC_FID, u.geom AS geom, {keys}, "
        "u.population AS population, u.area_km2 AS area_km2, "
        "coalesce(a.incidents, 0) AS incidents, "
        "coalesce(a.incidents, 0) / u.area_km2 AS incidents_per_km2, "
        "CASE WHEN u.population > 0 THEN coalesce(a.incidents, 0) * 10000.0 / u.population "
        "END AS incidents_per_10k, "
        "coalesce(a.closed, 0) AS closed, coalesce(a.in_progress, 0) AS in_progress, "
        "CASE WHEN a.closed + a.in_progress > 0 "
        "THEN 1.0 * a.closed / (a.closed + a.in_progress) END AS closure_rate, "
        "coalesce(e.cases, 0) AS enforcement_cases, "
        "coalesce(e.cases, 0) / u.area_km2 AS enforcement_per_km2, "
        "CASE WHEN u.population > 0 THEN coalesce(e.cases, 0) * 10000.0 / u.population "
        f"END AS enforcement_per_10k{extra} "
        f"FROM {unit} u "
        f"LEFT JOIN (SELECT i.{key} AS code, count(*) AS incidents, "
        "sum(s.phase = 'closed') AS closed, sum(s.phase = 'open') AS in_progress "
        "FROM incidents i JOIN incident_states s ON s.code = i.step "
        f"GROUP BY i.{key}) a ON a.code = u.code "
        f"LEFT JOIN (SELECT {key} AS code, count(*) AS cases FROM enforcement_cases "
        f"GROUP BY {key}) e ON e.code = u.code{where}"
    )


VIEWS: tuple[View, ...] = (
    View(
        "town_activity",
        "镇事件与执法",
        "Incidents and enforcement cases of each town: counts, per km2, per 10,000 "
        "people, closure rate and the three commonest event categories.",
        "towns",
        (
            _c("code", "TEXT", "统计代码"),
            _c("name", "TEXT", "名称"),
            _c("population", "INTEGER", "人口"),
            _c("area_km2", "REAL", "面积（平方公里）"),
            *_ACTIVITY_COLUMNS,
            _c("top_categories", "TEXT", "主要事件类别"),
        ),
        _activity_select(
            "towns",
            "town_code",
            "u.code AS code, u.name AS name",
            extra=", (SELECT group_concat(label, '、') FROM ("
            "SELECT c.name || ' ' || count(*) AS label FROM incidents i "
            "JOIN event_catalog k ON k.code = i.catalog_code "
            "JOIN event_categories c ON c.code = k.category_code "
            "WHERE i.town_code = u.code GROUP BY c.code, c.name ORDER BY count(*) DESC, c.code "
            "LIMIT 3) AS t) AS top_categories",
        ),
    ),
    View(
        "grid_activity",
        "网格事件与执法",
        "Incidents and enforcement cases of each grid in force: counts, per km2, per "
        "10,000 people and closure rate.",
        "grids",
        (
            _c("code", "TEXT", "网格编码"),
            _c("name", "TEXT", "名称"),
            _c("community_code", "TEXT", "所属村（社区）"),
            _c("town_code", "TEXT", "所属镇"),
            _c("population", "INTEGER", "人口"),
            _c("area_km2", "REAL", "面积（平方公里）"),
            *_ACTIVITY_COLUMNS,
        ),
        _activity_select(
            "grids",
            "grid_code",
            "u.code AS code, u.name AS name, u.community_code AS community_code, "
            "u.town_code AS town_code",
            where=" WHERE u.status = 'active'",
        ),
    ),
)
VIEWS_BY_NAME = {view.name: view for view in VIEWS}
