"""What every store offers its queries: the backend's part (running SQL, numbering rows,
transactions, schema changes), and the plain reads and writes all subjects use
(store_info, names, counts, whole tables, the audit log, migration).

A backend provides `_rows(sql, parameters)` (records as tuples, `?` placeholders, times
as the GeoPackage's DATETIME text) and the other methods that need its connection below;
everything else that differs between the two is its `dialect` (dialect.py). Routing
(`Router.from_store`) and the six-step loop (core/workflow.py) read a store only through
these methods and `record_move`, so they run on a GeoPackage and on PostGIS alike."""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import datetime, timezone
from typing import ClassVar

import numpy as np
import shapely

from ...timestamps import to_datetime_text
from ..dialect import Dialect, quote
from ..errors import StoreError
from ..location import StoreLocation
from ..migrations import MIGRATIONS
from ..schema import SCHEMA_VERSION, TABLES_BY_NAME

_NAMED = ("towns", "communities", "grids", "units", "event_catalog", "event_categories")


class StoreBase:
    """The backend's part of a store, and the reads and writes every subject uses."""

    migrated_from: int | None = None  # the schema version it was opened at, if migrated

    dialect: ClassVar[Dialect]
    location: StoreLocation

    # The backend's part: what needs its connection.

    def _rows(self, sql: str, parameters=()) -> list[tuple]:
        """The records of a query (as `dialect.row` gives them)."""
        raise NotImplementedError

    def _bulk_rows(self, sql: str, parameters=()) -> list[tuple]:
        """_rows, for results of hundreds of thousands of rows (a backend may read those
        another way)."""
        return self._rows(sql, parameters)

    def _rows_of(self, sql: str, parameters=()) -> None:
        """Run a statement that returns no rows."""
        raise NotImplementedError

    def _changed(self, sql: str, parameters) -> int:
        """Run a statement; how many rows it changed."""
        raise NotImplementedError

    def _next_fids(self, table_name: str, count: int) -> list[int]:
        """Fids for `count` new rows of a table (inside the inserting transaction)."""
        raise NotImplementedError

    def _apply(self, change) -> None:
        """Make one schema change of MIGRATIONS (with the backend's DDL)."""
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction: everything inside commits together or not at all."""
        raise NotImplementedError

    # Reads every subject uses.

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

    def rows(
        self, table_name: str, columns: Iterable[str] | None = None, with_geometry: bool = False
    ) -> list[dict]:
        """All rows of a table as dicts, by fid (and shapely geometries under "geom")."""
        table = TABLES_BY_NAME.get(table_name)
        if table is None:
            raise StoreError(f"the store has no table {table_name!r}")
        names = ["fid"] + (list(columns) if columns else [c.name for c in table.columns])
        for name in names[1:]:
            table.column(name)
        select = ", ".join(quote(n) for n in names)
        if with_geometry:
            select += ", " + self.dialect.geometry_select()
        records = self._bulk_rows(f"SELECT {select} FROM {quote(table_name)} ORDER BY fid")
        result = [dict(zip(names, record)) for record in records]
        if with_geometry:
            geometries = self.dialect.geometries([record[-1] for record in records])
            for row, geometry in zip(result, geometries):
                row["geom"] = geometry
        return result

    def count(self, table_name: str) -> int:
        if table_name not in TABLES_BY_NAME:
            raise StoreError(f"the store has no table {table_name!r}")
        return self._rows(f"SELECT count(*) FROM {quote(table_name)}")[0][0]

    def _points(self, sql: str, parameters=()) -> tuple[list[tuple], np.ndarray, np.ndarray]:
        """Records whose last column is a point, and the points' x and y."""
        records = self._rows(sql, parameters)
        points = self.dialect.geometries([record[-1] for record in records])
        return records, shapely.get_x(points), shapely.get_y(points)

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

    def set_info(self, key: str, value: str) -> None:
        """Set a fact of store_info (district_code, grid_tolerance_m2...)."""
        with self.transaction():
            self._set_info(key, value)

    # Migration: one step a schema version, in one transaction, both backends.

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
