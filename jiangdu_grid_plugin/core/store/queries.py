"""The store's reads that both backends answer with the same SQL.

A backend provides `_rows(sql, parameters)` (records as tuples, `?` placeholders, times
as the GeoPackage's DATETIME text), `_geometry_column()` (the SQL that selects a geometry
in a form `_geometries()` decodes) and `_geometries(values)` (to shapely). Routing
(`Router.from_store`) and the six-step loop (core/workflow.py) read a store only through
these methods and `record_move`, so they run on a GeoPackage and on PostGIS alike.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import ClassVar

import numpy as np
import shapely

from ..timestamps import CHINA_TZ, from_datetime_text, local_date, to_datetime_text
from .errors import StaleRowError, StoreError
from .schema import (
    INCIDENT_CARD,
    MIGRATIONS,
    SCHEMA_VERSION,
    TABLES_BY_NAME,
    Between,
    Column,
    Digits,
    OneOf,
    Table,
)

# The layers density counts: table, time column, and whether that is a DATETIME.
DENSITY_LAYERS = {
    "incidents": ("incidents", "reported_at", True),
    "enforcement_cases": ("enforcement_cases", "decided_on", False),
}

# What a placed facility code brings to the geocoding output, after the input's columns.
GEOCODED_COLUMNS = [
    ("input_row", "INTEGER"),
    ("facility_code", "TEXT"),
    ("class_code", "TEXT"),
    ("major_class", "TEXT"),
    ("class_name", "TEXT"),
    ("facility_name", "TEXT"),
    ("state", "TEXT"),
    ("in_use", "BOOLEAN"),
    ("grid_code", "TEXT"),
    ("grid_name", "TEXT"),
    ("community_code", "TEXT"),
    ("community_name", "TEXT"),
    ("town_code", "TEXT"),
    ("town_name", "TEXT"),
    ("officer_ids", "TEXT"),
    ("officer_names", "TEXT"),
    ("officer_phones", "TEXT"),
    ("note", "TEXT"),
]
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


NO_FILTER = "1 = 1"  # incident_filter_sql's condition when nothing is filtered


def quote(identifier: str) -> str:
    """An SQL identifier, quoted (both dialects)."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(value: str) -> str:
    """An SQL string literal (both dialects): values are quoted in, never pasted raw."""
    return "'" + value.replace("'", "''") + "'"


def column_sql(
    column: Column, type_sql: str, default_sql: str | None, digits: Callable[[str, Digits], str]
) -> str:
    """A column's definition (name, type, NOT NULL, UNIQUE, DEFAULT, CHECK) in a dialect:
    its type, its default and its digits test rendered by the caller."""
    parts = [quote(column.name), type_sql]
    if column.not_null:
        parts.append("NOT NULL")
    if column.unique:
        parts.append("UNIQUE")
    if default_sql is not None:
        parts.append(f"DEFAULT {default_sql}")
    if column.check is not None:
        parts.append(f"CHECK ({check_sql(column, digits)})")
    return " ".join(parts)


def check_sql(column: Column, digits: Callable[[str, Digits], str]) -> str:
    """A column's declared check in SQL; `digits(name, check)` is the dialect's test for
    a string of digits (SQLite GLOB, PostgreSQL a regular expression)."""
    name = quote(column.name)
    check = column.check
    if isinstance(check, Digits):
        return digits(name, check)
    if isinstance(check, OneOf):
        return f"{name} IN ({', '.join(literal(value) for value in check.values)})"
    if isinstance(check, Between):
        return f"{name} BETWEEN {check.low!r} AND {check.high!r}"
    raise TypeError(f"unknown check {check!r}")


INCIDENT_FILTERS = ("town_code", "grid_code", "category_code", "source", "step")


def incident_filter_sql(
    start: str | None = None,
    end: str | None = None,
    filters: Mapping[str, str | None] | None = None,
    overdue_at: str | None = None,
    alias: str = "",
) -> str:
    """An SQL condition on incidents (values quoted in, never pasted raw): reported in
    [start, end) (DATETIME text), equal to each filter given (town_code, grid_code,
    category_code, source, step), and, with `overdue_at`, open and past the deadline then.
    The same text filters the incidents layer in QGIS (a subset string); `alias` prefixes
    the columns ("i.")."""
    where = []
    for bound, operator in ((start, ">="), (end, "<")):
        if bound is not None:
            where.append(f"{alias}reported_at {operator} {literal(bound)}")
    for name, value in (filters or {}).items():
        if name not in INCIDENT_FILTERS:
            raise StoreError(f"incidents cannot be filtered by {name!r}")
        if value is None:
            continue
        if name == "category_code":
            where.append(
                f"{alias}catalog_code IN (SELECT code FROM event_catalog "
                f"WHERE category_code = {literal(value)})"
            )
        else:
            where.append(f"{alias}{name} = {literal(value)}")
    if overdue_at is not None:
        where.append(
            f"{alias}deadline_at < {literal(overdue_at)} AND {alias}step IN "
            "(SELECT code FROM incident_states WHERE phase = 'open')"
        )
    return " AND ".join(where) or NO_FILTER


def checked_rows(table_name: str, rows, geometries) -> Table:
    """The table rows are inserted into, once they are fit to be: every column known,
    the same columns in every row, and one geometry a row for a layer (none otherwise)."""
    table = TABLES_BY_NAME.get(table_name)
    if table is None:
        raise StoreError(f"the store has no table {table_name!r}")
    if not rows:
        return table
    keys = rows[0].keys()
    known = {column.name for column in table.columns} | {"fid"}
    unknown = [name for name in keys if name not in known]
    if unknown:
        raise StoreError(f"{table_name} has no column(s) {', '.join(unknown)}")
    if table.is_layer != (geometries is not None):
        raise StoreError(f"{table_name} {'needs' if table.is_layer else 'takes no'} geometries")
    for number, row in enumerate(rows, start=1):
        if row.keys() != keys:
            raise StoreError(
                f"{table_name}: row {number} has the columns {sorted(row)}, row 1 has "
                f"{sorted(keys)}: give every row the same columns"
            )
    if table.is_layer and len(geometries) != len(rows):
        raise StoreError(f"{table_name}: {len(rows)} rows but {len(geometries)} geometries")
    return table


_TYPE_IDS = {"POINT": 0, "MULTIPOLYGON": 6}


def conform(table: Table, geometries: Sequence) -> np.ndarray:
    """Geometries of the layer's declared type: polygons become one-part multipolygons;
    anything else of the wrong type is refused with its position."""
    geometries = np.array(geometries, dtype=object)
    kinds = shapely.get_type_id(geometries)
    promote = (kinds == 3) if table.geometry_type == "MULTIPOLYGON" else np.zeros(len(kinds), bool)
    wrong = np.flatnonzero((kinds != _TYPE_IDS[table.geometry_type]) & (kinds != -1) & ~promote)
    if len(wrong):
        index = int(wrong[0])
        raise StoreError(
            f"{table.name}: row {index + 1} has a {geometries[index].geom_type} geometry where "
            f"a {table.geometry_type.title()} is expected"
        )
    if promote.any():
        count = int(promote.sum())
        geometries[promote] = shapely.multipolygons(geometries[promote], indices=np.arange(count))
    return geometries


class StoreQueries:
    """Reads shared by GeoPackageStore and PostGISStore."""

    migrated_from: int | None = None  # the schema version it was opened at, if migrated

    def _rows(self, sql: str, parameters=()) -> list[tuple]:
        raise NotImplementedError

    def _bulk_rows(self, sql: str, parameters=()) -> list[tuple]:
        """_rows, for results of hundreds of thousands of rows (a backend may read those
        another way)."""
        return self._rows(sql, parameters)

    def _geometry_column(self) -> str:
        raise NotImplementedError

    def _geometries(self, values):
        raise NotImplementedError

    def _rows_of(self, sql: str, parameters=()) -> None:
        """Run a statement that returns no rows."""
        raise NotImplementedError

    def _next_fids(self, table_name: str, count: int) -> list[int]:
        """Fids for `count` new rows of a table (inside the inserting transaction)."""
        raise NotImplementedError

    def rows(self, table_name: str, columns=None, with_geometry: bool = False) -> list[dict]:
        """All rows of a table as dicts, by fid (and shapely geometries under "geom")."""
        raise NotImplementedError

    def _temporary(self, name: str) -> str:
        """How a temporary table of the session is named."""
        raise NotImplementedError

    def _month_sql(self, column: str) -> str:
        """The year and month ("2019-11") in Jiangdu of a DATETIME column."""
        raise NotImplementedError

    def _hours_sql(self, later: str, earlier: str) -> str:
        """The hours between two DATETIME expressions."""
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

    # Density: the points and counts of incidents and enforcement cases.

    def _density_filter(self, layer: str, filters: dict) -> tuple[str, str, list]:
        """FROM ... and WHERE ... (with parameters) for the filters: start and end
        (datetimes, end exclusive), town_code, and for incidents category_code, step and
        source. Unknown filters are refused, never pasted into SQL."""
        if layer not in DENSITY_LAYERS:
            raise StoreError(f"no density for {layer!r}: use incidents or enforcement_cases")
        table, time_column, is_datetime = DENSITY_LAYERS[layer]
        allowed = {"start", "end", "town_code"} | (
            {"category_code", "step", "source"} if layer == "incidents" else set()
        )
        unknown = sorted(k for k, v in filters.items() if v is not None and k not in allowed)
        if unknown:
            raise StoreError(f"{layer} cannot be filtered by {', '.join(unknown)}")
        source = f'"{table}" p'
        where, values = [], []
        for bound, operator in (("start", ">="), ("end", "<")):
            moment = filters.get(bound)
            if moment is not None:
                where.append(f"p.{time_column} {operator} ?")
                values.append(
                    to_datetime_text(moment)
                    if is_datetime
                    else moment.astimezone(CHINA_TZ).date().isoformat()
                )
        if filters.get("town_code"):
            where.append("p.town_code = ?")
            values.append(filters["town_code"])
        if filters.get("category_code"):
            source += " JOIN event_catalog k ON k.code = p.catalog_code"
            where.append("k.category_code = ?")
            values.append(filters["category_code"])
        for column in ("step", "source"):
            if filters.get(column):
                where.append(f"p.{column} = ?")
                values.append(filters[column])
        return source, " AND ".join(where) or "1 = 1", values

    def density_counts(self, layer: str, level: str, **filters) -> dict[str, int]:
        """Count per town or per grid (by code)."""
        if level not in ("town", "grid"):
            raise StoreError(f"counts are by town or grid, not {level!r}")
        source, where, values = self._density_filter(layer, filters)
        return dict(
            self._rows(
                f"SELECT p.{level}_code, count(*) FROM {source} WHERE {where} "
                f"AND p.{level}_code IS NOT NULL GROUP BY p.{level}_code",
                values,
            )
        )

    def activity_period(self) -> tuple[date, date] | None:
        """The first and last day (in Jiangdu) with an incident reported; None if none."""
        ((first, last),) = self._rows("SELECT min(reported_at), max(reported_at) FROM incidents")
        if first is None:
            return None
        return local_date(from_datetime_text(first)), local_date(from_datetime_text(last))

    def density_units(self, level: str, town_code: str | None = None) -> list[dict]:
        """Towns or active grids with name, area and population (and geometry)."""
        if level == "town":
            sql = "SELECT code, name, code, area_km2, population, {geom} FROM towns"
            values = []
        else:
            sql = (
                "SELECT code, name, town_code, area_km2, population, {geom} FROM grids "
                "WHERE status = 'active'"
            )
            values = []
        if town_code:
            sql += (" WHERE " if level == "town" else " AND ") + (
                "code = ?" if level == "town" else "town_code = ?"
            )
            values.append(town_code)
        sql = sql.format(geom=self._geometry_column())
        records = self._rows(sql + " ORDER BY code", values)
        geometries = self._geometries([r[5] for r in records])
        return [
            dict(
                code=code,
                name=name,
                town_code=town,
                area_km2=area,
                population=people,
                geom=geometry,
            )
            for (code, name, town, area, people, _), geometry in zip(records, geometries)
        ]

    def density_points(self, layer: str, **filters) -> tuple[np.ndarray, np.ndarray]:
        """x and y of the filtered points (NaN for a geometry that is no point)."""
        source, where, values = self._density_filter(layer, filters)
        records = self._rows(
            f"SELECT {self._geometry_column().replace('geom', 'p.geom')} FROM {source} "
            f"WHERE {where} AND p.geom IS NOT NULL",
            values,
        )
        points = self._geometries([r[0] for r in records])
        is_point = shapely.get_type_id(points) == 0
        x = np.where(is_point, shapely.get_x(points), np.nan)
        y = np.where(is_point, shapely.get_y(points), np.nan)
        return x.astype(float), y.astype(float)

    # The groups workflow figures are counted by: SQL for the key of an incident i (with
    # its catalogue item k), and for the names of the keys.
    _WORKFLOW_GROUPS: ClassVar[dict[str, tuple[str, str | None]]] = {
        "district": ("'321012'", "SELECT '321012', '江都区'"),
        "town": ("i.town_code", "SELECT code, name FROM towns"),
        "grid": ("i.grid_code", "SELECT code, name FROM grids"),
        "category": ("k.category_code", "SELECT code, name FROM event_categories"),
        "source": ("i.source", None),
        "unit": ("k.unit_code", "SELECT code, name FROM units"),
        "officer": (
            "(SELECT CAST(st.officer_id AS TEXT) FROM incident_steps st "
            "WHERE st.incident_id = i.fid AND st.to_step = 'handled' "
            "AND st.from_step <> st.to_step ORDER BY st.at DESC, st.fid DESC LIMIT 1)",
            "SELECT CAST(fid AS TEXT), name FROM officers",
        ),
        "month": ("{month}", None),
        "step": ("i.step", "SELECT code, label_zh FROM incident_states"),
    }

    def workflow_counts(
        self,
        group_by: str,
        start: str | None,
        end: str | None,
        as_of: str,
        with_hours: bool = True,
        filters: dict | None = None,
    ) -> list[dict]:
        """Per group of the incidents reported in [start, end) (DATETIME text, either may
        be None): counts by phase, closed on time, open past their deadline at `as_of`,
        and (with_hours; it takes most of the time) the mean hours each step took, keyed
        by the step reached. Sorted by key. `filters` narrow the incidents: town_code,
        grid_code, category_code, source, step (values, compared for equality)."""
        if group_by not in self._WORKFLOW_GROUPS:
            raise StoreError(
                f"cannot group by {group_by!r}: use one of {', '.join(self._WORKFLOW_GROUPS)}"
            )
        key, names_sql = self._WORKFLOW_GROUPS[group_by]
        key = key.format(month=self._month_sql("i.reported_at"))
        where = incident_filter_sql(start, end, filters, alias="i.")
        base = self._temporary("workflow_base")

        def count(condition: str) -> str:
            return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"

        previous = "lag(st.at) OVER (PARTITION BY st.incident_id ORDER BY st.at, st.fid)"
        self._rows_of(f"DROP TABLE IF EXISTS {base}")
        self._rows_of(
            f"CREATE TEMP TABLE workflow_base AS SELECT i.fid AS fid, {key} AS key, "
            "s.phase AS phase, i.deadline_at AS deadline_at, i.closed_at AS closed_at "
            "FROM incidents i JOIN incident_states s ON s.code = i.step "
            f"LEFT JOIN event_catalog k ON k.code = i.catalog_code WHERE {where}"
        )
        try:
            conditions = (
                "phase = 'closed'",
                "phase = 'open'",
                "phase = 'rejected'",
                "phase = 'closed' AND deadline_at IS NOT NULL AND closed_at <= deadline_at",
                "phase = 'closed' AND deadline_at IS NOT NULL",
                "phase = 'open' AND deadline_at < ?",
            )
            counts = self._rows(
                f"SELECT key, count(*), {', '.join(count(c) for c in conditions)} "
                # Incidents without a key (no item, no handler) last, in either dialect.
                f"FROM {base} GROUP BY key ORDER BY key IS NULL, key",
                (as_of,),
            )
            durations = (
                []
                if not with_hours
                else self._rows(
                    "SELECT b.key, d.to_step, avg(d.hours) FROM ("
                    "SELECT st.incident_id AS incident_id, st.to_step AS to_step, "
                    f"{self._hours_sql('st.at', previous)} AS hours "
                    f"FROM incident_steps st JOIN {base} w ON w.fid = st.incident_id "
                    "WHERE st.escalated_to IS NULL) d "
                    f"JOIN {base} b ON b.fid = d.incident_id "
                    "WHERE d.hours IS NOT NULL GROUP BY b.key, d.to_step"
                )
            )
        finally:
            self._rows_of(f"DROP TABLE IF EXISTS {base}")
        names = dict(self._rows(names_sql)) if names_sql else {}
        hours: dict = defaultdict(dict)
        for group, step, mean in durations:
            hours[group][step] = mean
        fields = (
            "incidents",
            "closed",
            "in_progress",
            "rejected",
            "closed_on_time",
            "closed_with_deadline",
            "overdue",
        )
        return [
            dict(
                key=group,
                name=names.get(group),
                **dict(zip(fields, (int(v or 0) for v in values))),
                hours=hours.get(group, {}),
            )
            for group, *values in counts
        ]

    def incident_list(
        self,
        as_of: str,
        start: str | None = None,
        end: str | None = None,
        filters: Mapping[str, str | None] | None = None,
        overdue_only: bool = False,
        limit: int = 500,
    ) -> list[dict]:
        """The incidents the filters select (see incident_filter_sql), overdue ones first
        (the most overdue first), then the newest; with their place (x, y)."""
        where = incident_filter_sql(
            start, end, filters, as_of if overdue_only else None, alias="i."
        )
        names = (
            "fid",
            "ticket",
            "step",
            "town_code",
            "town_name",
            "grid_code",
            "catalog_code",
            "catalog_name",
            "source",
            "reported_at",
            "deadline_at",
            "escalation",
            "row_version",
            "overdue",
        )
        overdue = "coalesce(s.phase = 'open' AND i.deadline_at < ?, 0 = 1)"
        records = self._rows(
            "SELECT i.fid, i.ticket, i.step, i.town_code, t.name, i.grid_code, i.catalog_code, "
            "k.name, i.source, i.reported_at, i.deadline_at, i.escalation, i.row_version, "
            f"{overdue} AS overdue, {self._geometry_column().replace('geom', 'i.geom')} "
            "FROM incidents i JOIN incident_states s ON s.code = i.step "
            "LEFT JOIN towns t ON t.code = i.town_code "
            "LEFT JOIN event_catalog k ON k.code = i.catalog_code "
            f"WHERE {where} ORDER BY overdue DESC, "
            f"CASE WHEN {overdue} THEN i.deadline_at END, i.reported_at DESC, i.fid DESC "
            "LIMIT ?",
            (as_of, as_of, limit),
        )
        points = self._geometries([record[-1] for record in records])
        x = shapely.get_x(points).astype(float)
        y = shapely.get_y(points).astype(float)
        return [
            dict(zip(names, record[:-1]), overdue=bool(record[-2]), x=float(px), y=float(py))
            for record, px, py in zip(records, x, y)
        ]

    def grid_geometry(self, code: str):
        """The grid's polygon (shapely), None if there is no such grid."""
        rows = self._rows(f"SELECT {self._geometry_column()} FROM grids WHERE code = ?", (code,))
        return self._geometries([rows[0][0]])[0] if rows else None

    # The facility inventory, for geocoding.

    def facility_inventory(self) -> tuple[list[str], list[int], dict[str, str]]:
        """Every facility's code and fid, and the retirement date of those retired."""
        records = self._bulk_rows("SELECT code, fid FROM facilities ORDER BY fid")
        retired = dict(
            self._rows(
                "SELECT code, coalesce(CAST(retired_on AS TEXT), '') FROM facilities "
                "WHERE NOT in_use"
            )
        )
        return [r[0] for r in records], [r[1] for r in records], retired

    def facility_class_codes(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT code FROM facility_classes")}

    def export_geocoded(
        self,
        output,
        layer: str,
        input_columns: list[str],
        placed: list[tuple],
        grid_people: dict[str, tuple],
    ) -> int:
        """Write placed input rows, joined with their facilities, as a point layer of
        `output` (an OutputGeoPackage). `placed` holds (input row number, facility fid,
        note, *input values); `grid_people` maps a grid code to (officer ids, names, masked
        phones). The GeoPackage backend does the same join inside SQLite."""
        from .schema import SRS_ID
        from .sqlite import geometry_blob

        facilities = {
            record[0]: record[1:]
            for record in self._bulk_rows(
                "SELECT f.fid, f.code, f.class_code, k.major_name, k.name, f.name, f.state, "
                "f.in_use, f.grid_code, g.name, g.community_code, m.name, g.town_code, t.name, "
                f"{self._geometry_column().replace('geom', 'f.geom')} FROM facilities f "
                "LEFT JOIN facility_classes k ON k.code = f.class_code "
                "LEFT JOIN grids g ON g.code = f.grid_code "
                "LEFT JOIN communities m ON m.code = g.community_code "
                "LEFT JOIN towns t ON t.code = g.town_code"
            )
        }
        wanted = [facilities[fid] for _, fid, *_ in placed]
        blobs = geometry_blob.encode(self._geometries([f[-1] for f in wanted]), SRS_ID)
        rows = [
            (
                blob,
                *values,
                number,
                *facility[:6],
                int(facility[6]),
                *facility[7:13],
                *grid_people.get(facility[7], (None, None, None)),
                note,
            )
            for blob, facility, (number, _, note, *values) in zip(blobs, wanted, placed)
        ]
        output.add_table(
            layer, [(name, "TEXT") for name in input_columns] + GEOCODED_COLUMNS, "POINT"
        )
        output.insert(layer, rows)
        return len(rows)

    # The grids as the grid checks see them.

    def grid_records(self) -> list[dict]:
        """Every grid row (in force or retired) with its geometry (shapely)."""
        return self.rows(
            "grids",
            ["code", "name", "community_code", "town_code", "status", "row_version"],
            with_geometry=True,
        )

    def community_geometries(self) -> dict[str, object]:
        return {r["code"]: r["geom"] for r in self.rows("communities", ["code"], True)}

    def district_geometry(self):
        """The district: the union of the towns."""
        return shapely.union_all([r["geom"] for r in self.rows("towns", ["code"], True)])

    def retired_grid_codes(self) -> set[str]:
        return {
            row[0]
            for row in self._rows(
                "SELECT code FROM grid_versions WHERE change = 'retired' "
                "UNION SELECT code FROM grids WHERE status = 'retired'"
            )
        }

    def grid_versions_now(self) -> dict[int, int]:
        """fid -> row version of every grid: what an edit session starts from."""
        return dict(self._rows("SELECT fid, row_version FROM grids"))

    def grid_tolerance(self) -> float:
        value = self.info().get("grid_tolerance_m2")
        return float(value) if value else 1.0

    # The hotline import's reads, and the writes both backends make through `insert`,
    # `_rows_of` and `_next_fids` (fids handed out for a batch, to link its rows).

    def count(self, table_name: str) -> int:
        if table_name not in TABLES_BY_NAME:
            raise StoreError(f"the store has no table {table_name!r}")
        return self._rows(f"SELECT count(*) FROM {quote(table_name)}")[0][0]

    def _points(self, sql: str, parameters=()) -> tuple[list[tuple], np.ndarray, np.ndarray]:
        """Records whose last column is a point, and the points' x and y."""
        records = self._rows(sql, parameters)
        points = self._geometries([record[-1] for record in records])
        return records, shapely.get_x(points), shapely.get_y(points)

    _LIKE = "LIKE"  # the dialect's LIKE that ignores the case of Latin letters

    def _facility_match(self, text: str) -> tuple[str, str, tuple]:
        """(FROM, WHERE, parameters) of the facilities whose code or name contains
        `text` (facilities as f)."""
        pattern = "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
        return (
            "facilities f",
            f"f.code {self._LIKE} ? ESCAPE '!' OR f.name {self._LIKE} ? ESCAPE '!'",
            (pattern, pattern),
        )

    def search_facilities(self, text: str, limit: int = 30) -> list[dict]:
        """Facilities whose code or name contains `text`, by code, at most `limit`; the
        text is always a bound parameter."""
        text = text.strip()
        if not text:
            return []
        source, where, parameters = self._facility_match(text)
        geometry = self._geometry_column().replace("geom", "f.geom")
        records, x, y = self._points(
            "SELECT f.fid, f.code, f.name, f.state, f.grid_code, f.in_use, "
            f"{geometry} FROM {source} WHERE {where} ORDER BY f.code LIMIT ?",
            (*parameters, limit),
        )
        return [
            dict(
                fid=fid,
                code=code,
                name=name,
                state=state,
                grid_code=grid,
                in_use=bool(in_use),
                x=float(px),
                y=float(py),
            )
            for (fid, code, name, state, grid, in_use, _), px, py in zip(records, x, y)
        ]

    def existing_tickets(self, tickets: list[str]) -> dict[str, str]:
        """ticket -> reported_at of the incidents that already have one of `tickets`."""
        found = {}
        for start in range(0, len(tickets), 500):
            chunk = tickets[start : start + 500]
            found.update(
                self._rows(
                    f"SELECT ticket, reported_at FROM incidents WHERE ticket IN "
                    f"({', '.join('?' * len(chunk))})",
                    chunk,
                )
            )
        return found

    def incidents_by_phone(self, phones: list[str], since: str, until: str) -> list[dict]:
        """Incidents reported from these phone numbers between two DATETIME texts, with
        their points (for spotting repeated reports)."""
        found = []
        for start in range(0, len(phones), 500):
            chunk = phones[start : start + 500]
            records, x, y = self._points(
                f"SELECT fid, reporter_phone, reported_at, {self._geometry_column()} "
                f"FROM incidents WHERE reporter_phone IN ({', '.join('?' * len(chunk))}) "
                "AND reported_at >= ? AND reported_at < ?",
                (*chunk, since, until),
            )
            found += [
                dict(fid=fid, phone=phone, reported_at=at, x=float(px), y=float(py))
                for (fid, phone, at, _), px, py in zip(records, x, y)
            ]
        return found

    def community_places(self) -> list[dict]:
        """Each community's code, name, town name and a point inside it."""
        records = self._rows(
            f"SELECT c.code, c.name, t.name, {self._geometry_column().replace('geom', 'c.geom')} "
            "FROM communities c JOIN towns t ON t.code = c.town_code ORDER BY c.code"
        )
        inside = shapely.point_on_surface(self._geometries([r[3] for r in records]))
        return [
            dict(code=code, name=name, town_name=town, x=point.x, y=point.y)
            for (code, name, town, _), point in zip(records, inside)
        ]

    def facility_points(self, fids: list[int]) -> dict[int, tuple[float, float]]:
        found = {}
        for start in range(0, len(fids), 500):
            chunk = fids[start : start + 500]
            records, x, y = self._points(
                f"SELECT fid, {self._geometry_column()} FROM facilities "
                f"WHERE fid IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.update({r[0]: (float(px), float(py)) for r, px, py in zip(records, x, y)})
        return found

    def log(
        self,
        actor: str,
        table_name: str,
        row_key: str | None,
        action: str,
        old: object,
        new: object,
        reason: str | None = None,
    ) -> None:
        """Append one row to audit_log (inside the caller's transaction, if any)."""
        self._rows_of(
            "INSERT INTO audit_log (at, actor, table_name, row_key, action, old_value, "
            "new_value, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                to_datetime_text(datetime.now(timezone.utc)),
                actor,
                table_name,
                row_key,
                action,
                None if old is None else json.dumps(old, ensure_ascii=False),
                None if new is None else json.dumps(new, ensure_ascii=False),
                reason,
            ),
        )

    def add_incidents(
        self,
        rows: list[dict],
        points: list[tuple[float, float]],
        actor_role: str,
        actor_name: str,
        reason: str,
    ) -> list[int]:
        """Insert incidents with their first step ("reported") and one audit row, in one
        transaction; returns their fids. Duplicate-of links that refer to incidents of
        the same batch are given as -1 - (position in the batch)."""
        with self.transaction():
            fids = self._next_fids("incidents", len(rows))
            numbered = []
            for fid, row in zip(fids, rows):
                link = row.get("duplicate_of")
                if link is not None and link < 0:
                    link = fids[-1 - link]
                numbered.append(dict(row, fid=fid, duplicate_of=link))
            self.insert("incidents", numbered, shapely.points(points))
            self.insert(
                "incident_steps",
                [
                    dict(
                        incident_id=fid,
                        from_step=None,
                        to_step="reported",
                        actor_role=actor_role,
                        actor_name=actor_name,
                        officer_id=None,
                        at=row["reported_at"],
                        note=None,
                    )
                    for fid, row in zip(fids, rows)
                ],
            )
            self.log(
                actor_name,
                "incidents",
                f"{fids[0]}-{fids[-1]}" if fids else None,
                "import",
                None,
                {"count": len(fids)},
                reason,
            )
        return fids

    # The plugin's decisions on a save of grids (sqlite/guard.py, postgres/guard.py).

    _OWN_GUARD_ROWS = NO_FILTER  # which rows of grid_edit_guard are this session's

    def _guard_row(self, decision, fid, actor, reason, seconds) -> tuple:
        expires = datetime.now(timezone.utc) + timedelta(seconds=seconds)
        return (decision, fid, actor, reason, to_datetime_text(expires))

    def _add_guard_rows(self, rows) -> None:
        with self.transaction():
            for row in rows:
                self._rows_of(
                    "INSERT INTO grid_edit_guard (decision, grid_fid, actor, reason, "
                    "expires_at) VALUES (?, ?, ?, ?, ?)",
                    row,
                )

    def allow_grid_changes(
        self, fids: Iterable[int], actor: str, reason: str, seconds: float = 120
    ) -> None:
        """Let these grids change together (a save the plugin's check passed): the guard
        then skips its overlap, gap and delete rules among them, and names the actor."""
        rows = [self._guard_row("allow", int(fid), actor, reason, seconds) for fid in fids]
        self._add_guard_rows(rows or [self._guard_row("allow", None, actor, reason, seconds)])

    def refuse_grid_save(self, actor: str, reason: str, seconds: float = 120) -> None:
        """Make every grid write fail for a while (a save the plugin's check refused)."""
        self._add_guard_rows([self._guard_row("refuse", None, actor, reason, seconds)])

    def clear_grid_guard(self) -> None:
        with self.transaction():
            self._rows_of(f"DELETE FROM grid_edit_guard WHERE {self._OWN_GUARD_ROWS}")

    # Grid writes through the guard (the plugin's own; QGIS writes through its provider).

    _GEOMETRY_PARAMETER = "?"  # how a geometry value is written (see _geometry_values)

    def _geometry_values(self, table: Table, geometries) -> list:
        """Shapely geometries as the backend's parameters (of the layer's type)."""
        raise NotImplementedError

    def _refusals(self) -> tuple[type[Exception], ...]:
        """The backend's errors that carry a refusal of the store's rules."""
        raise NotImplementedError

    def _guarded(self, sql: str, parameters) -> None:
        try:
            with self.transaction():
                self._rows_of(sql, parameters)
        except self._refusals() as error:
            raise StoreError(str(error).strip()) from None

    def update_grid(self, fid: int, geometry=None, **attributes) -> None:
        """Change a grid's geometry and attributes through the guard; StoreError with the
        guard's reason when it refuses."""
        table = TABLES_BY_NAME["grids"]
        for name in attributes:
            table.column(name)
        settings = [f"{quote(name)} = ?" for name in attributes]
        values = list(attributes.values())
        if geometry is not None:
            settings.append(f"geom = {self._GEOMETRY_PARAMETER}")
            values += self._geometry_values(table, [geometry])
        if settings:
            self._guarded(f"UPDATE grids SET {', '.join(settings)} WHERE fid = ?", (*values, fid))

    def delete_grid(self, fid: int) -> None:
        self._guarded("DELETE FROM grids WHERE fid = ?", (fid,))

    # Migration: one step a schema version, in one transaction, both backends.

    def _apply(self, change) -> None:
        """Make one schema change of MIGRATIONS in the backend's dialect."""
        raise NotImplementedError

    def _set_info(self, key: str, value: str) -> None:
        self._rows_of(
            "INSERT INTO store_info (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _migrate(self, version: int) -> None:
        """Bring the store from schema `version` to SCHEMA_VERSION inside one transaction
        (all the steps or none), each step logged."""
        self.migrated_from = version
        with self.transaction():
            while version < SCHEMA_VERSION:
                changes = MIGRATIONS.get(version)
                if changes is None:
                    raise StoreError(
                        f"{self.location.label} has schema version {version}, which this "
                        f"plugin cannot migrate (no step from {version} to {version + 1})"
                    )
                for change in changes:
                    self._apply(change)
                self.log(
                    "system",
                    "store_info",
                    None,
                    "update",
                    {"schema_version": version},
                    {"schema_version": version + 1},
                    "schema migrated",
                )
                version += 1
                self._set_info("schema_version", str(version))

    # The one write that moves an incident (core/workflow.py), for both backends.

    def _changed(self, sql: str, parameters) -> int:
        """Run a statement; how many rows it changed."""
        raise NotImplementedError

    def _denials(self) -> tuple[type[Exception], ...]:
        """The backend's errors for a write the user's role may not make (none in a
        file)."""
        return ()

    def record_move(self, fid: int, expected_version: int, changes: dict, step: dict) -> int:
        """Update the incident (its row version checked and moved on) and append its
        history row, in one transaction; returns the new row version. StaleRowError when
        the incident is at another version than `expected_version` (another session moved
        it: under PostgreSQL's row locks the later session waits, then finds it moved);
        StoreError when the user may not change it (row-level security hides another
        town's incidents from its staff; a role without the privilege)."""
        allowed = {"step", "updated_at", "deadline_at", "closed_at", "escalation"}
        if not changes.keys() <= allowed:
            raise StoreError(f"a move cannot change {sorted(changes.keys() - allowed)}")
        settings = ", ".join(f"{quote(name)} = ?" for name in changes)
        try:
            with self.transaction():
                updated = self._changed(
                    f"UPDATE incidents SET {settings}, row_version = row_version + 1 "
                    "WHERE fid = ? AND row_version = ?",
                    (*changes.values(), fid, expected_version),
                )
                if updated != 1:
                    found = self._rows("SELECT row_version FROM incidents WHERE fid = ?", (fid,))
                    current = found[0][0] if found else None
                    if current == expected_version:
                        raise StoreError(
                            f"incidents {fid}: you may not change it (it is another town's, "
                            "or your database role cannot move incidents)"
                        )
                    raise StaleRowError("incidents", fid, expected_version, current)
                self.insert("incident_steps", [dict(step, incident_id=fid)])
        except self._denials() as error:
            raise StoreError(
                f"incidents {fid}: your database role may not move it ({error})"
            ) from None
        return expected_version + 1
