"""The grids as the grid checks see them (core/grid_checks.py), the plugin's decisions
on a save of grids for the store's guard (sqlite/guard.py, postgres/guard.py), and grid
writes through that guard."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

import shapely

from ...timestamps import to_datetime_text
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

    # The plugin's decisions on a save of grids (sqlite/guard.py, postgres/guard.py).

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
            self._rows_of(f"DELETE FROM grid_edit_guard WHERE {self.dialect.own_guard_rows}")

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
