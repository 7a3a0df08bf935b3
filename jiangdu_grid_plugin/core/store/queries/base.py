"""What every store offers its queries: the backend's part (running SQL, reading
geometries, numbering rows, transactions), and the plain reads and writes all subjects
use (store_info, names, counts, the audit log, migration).

A backend provides `_rows(sql, parameters)` (records as tuples, `?` placeholders, times
as the GeoPackage's DATETIME text), `_geometry_column()` (the SQL that selects a geometry
in a form `_geometries()` decodes) and `_geometries(values)` (to shapely). Routing
(`Router.from_store`) and the six-step loop (core/workflow.py) read a store only through
these methods and `record_move`, so they run on a GeoPackage and on PostGIS alike."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import numpy as np
import shapely

from ...timestamps import to_datetime_text
from ..dialect import quote
from ..errors import StoreError
from ..migrations import MIGRATIONS
from ..schema import SCHEMA_VERSION, TABLES_BY_NAME, Table

_NAMED = ("towns", "communities", "grids", "units", "event_catalog", "event_categories")


class StoreBase:
    """The backend's part of a store, and the reads and writes every subject uses."""

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

    def count(self, table_name: str) -> int:
        if table_name not in TABLES_BY_NAME:
            raise StoreError(f"the store has no table {table_name!r}")
        return self._rows(f"SELECT count(*) FROM {quote(table_name)}")[0][0]

    def _points(self, sql: str, parameters=()) -> tuple[list[tuple], np.ndarray, np.ndarray]:
        """Records whose last column is a point, and the points' x and y."""
        records = self._rows(sql, parameters)
        points = self._geometries([record[-1] for record in records])
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

    def _geometry_values(self, table: Table, geometries) -> list:
        """Shapely geometries as the backend's parameters (of the layer's type)."""
        raise NotImplementedError

    def _refusals(self) -> tuple[type[Exception], ...]:
        """The backend's errors that carry a refusal of the store's rules."""
        raise NotImplementedError

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

    def _changed(self, sql: str, parameters) -> int:
        """Run a statement; how many rows it changed."""
        raise NotImplementedError

    def _denials(self) -> tuple[type[Exception], ...]:
        """The backend's errors for a write the user's role may not make (none in a
        file)."""
        return ()
