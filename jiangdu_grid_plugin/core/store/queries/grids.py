"""The grids as the grid checks see them (core/grid_checks.py), and grid writes through
the store's guard (sqlite/guard.py, postgres/guard.py). The plugin's decisions on a save
are each backend's own (they are bound to a connection in a GeoPackage, to a login in
PostGIS): sqlite/store.py, postgres/store.py."""

from __future__ import annotations

import shapely

from ..dialect import quote
from ..errors import StoreError
from ..schema import TABLES_BY_NAME
from .base import StoreBase


class GridQueries(StoreBase):
    """What the grid checks and the grid editor read and write."""

    def grid_geometry(self, code: str):
        """The grid's polygon (shapely), None if there is no such grid."""
        rows = self._rows(
            f"SELECT {self.dialect.geometry_select()} FROM grids WHERE code = ?", (code,)
        )
        return self.dialect.geometries([rows[0][0]])[0] if rows else None

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

    # Grid writes through the guard (the plugin's own; QGIS writes through its provider).

    def _guarded(self, sql: str, parameters) -> None:
        try:
            with self.transaction():
                self._rows_of(sql, parameters)
        except self.dialect.refusals() as error:
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
            settings.append(f"geom = {self.dialect.geometry_parameter}")
            values += self.dialect.geometry_values(table, [geometry])
        if settings:
            self._guarded(f"UPDATE grids SET {', '.join(settings)} WHERE fid = ?", (*values, fid))

    def delete_grid(self, fid: int) -> None:
        self._guarded("DELETE FROM grids WHERE fid = ?", (fid,))
