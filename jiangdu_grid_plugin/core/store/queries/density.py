"""Density (core/density.py): the points and counts of incidents and enforcement cases,
filtered, and the towns and grids they are counted in."""

from __future__ import annotations

from datetime import date

import numpy as np
import shapely

from ...timestamps import CHINA_TZ, from_datetime_text, local_date, to_datetime_text
from ..errors import StoreError
from .base import StoreBase

DENSITY_LAYERS = {
    "incidents": ("incidents", "reported_at", True),
    "enforcement_cases": ("enforcement_cases", "decided_on", False),
}

# What a placed facility code brings to the geocoding output, after the input's columns.


class DensityQueries(StoreBase):
    """What density reads."""

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
        sql = sql.format(geom=self.dialect.geometry_select())
        records = self._rows(sql + " ORDER BY code", values)
        geometries = self.dialect.geometries([r[5] for r in records])
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
        records = self._bulk_rows(  # ten years of incidents are 200,000 points
            f"SELECT {self.dialect.geometry_select('p.geom')} FROM {source} "
            f"WHERE {where} AND p.geom IS NOT NULL",
            values,
        )
        points = self.dialect.geometries([r[0] for r in records])
        is_point = shapely.get_type_id(points) == 0
        x = np.where(is_point, shapely.get_x(points), np.nan)
        y = np.where(is_point, shapely.get_y(points), np.nan)
        return x.astype(float), y.astype(float)
