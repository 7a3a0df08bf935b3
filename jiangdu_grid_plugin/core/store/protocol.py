"""The interface a grid store offers, declared: `GridStore` is what every caller may use
on a store of either backend (GeoPackageStore, PostGISStore; tests/core/
test_store_interface.py checks both, signatures included); `GeoPackageFile` adds what only
a GeoPackage file does (building a new store, styles kept in the file, SQLite's own
checks).

Callers open a store with `StoreLocation.open()` (or `open_store()`), which chooses the
backend; they never write SQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

import numpy as np

from .dialect import Dialect
from .location import StoreLocation

if TYPE_CHECKING:
    from ..grid_checks import GridSave


@runtime_checkable
class GridStore(Protocol):
    """A grid store open for reading and writing, on either backend."""

    location: StoreLocation  # where it is, named once (label shown in messages)
    dialect: Dialect  # its backend's SQL
    migrated_from: int | None  # the schema version it was opened at, if it was migrated

    # Its life: a context manager; writes grouped in one transaction.

    @property
    def schema_version(self) -> int: ...

    def close(self) -> None: ...

    def __enter__(self) -> GridStore: ...

    def __exit__(self, *exc) -> None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    # Any table (the demo builder, copies, tests), store_info and the audit log.

    def insert(
        self,
        table_name: str,
        rows: Sequence[Mapping[str, object]],
        geometries: Sequence | None = None,
    ) -> None: ...

    def rows(
        self, table_name: str, columns: Iterable[str] | None = None, with_geometry: bool = False
    ) -> list[dict]: ...

    def count(self, table_name: str) -> int: ...

    def info(self) -> dict[str, str]: ...

    def set_info(self, key: str, value: str) -> None: ...

    def names(self, table_name: str) -> dict[str, str]: ...

    def log(
        self,
        actor: str,
        table_name: str,
        row_key: str | None,
        action: str,
        old: object,
        new: object,
        reason: str | None = None,
    ) -> None: ...

    def figures(self) -> dict[str, object]: ...

    # Routing (core/routing): the grids in force, names, who serves where, the catalogue.

    def active_grids(self) -> list[dict]: ...

    def grids_in_force(self, day: date) -> list[dict]: ...

    def grid_change_days(self) -> list[date]: ...

    def assignments_with_officers(self) -> list[dict]: ...

    def catalog_items(self) -> dict[str, dict]: ...

    def routing_version(self) -> tuple: ...

    # The six-step loop (core/workflow.py, the supervisor's dock, workflow_report).

    def incident_states(self) -> list[dict]: ...

    def workflow_transitions(self) -> list[dict]: ...

    def incident(self, fid: int) -> dict | None: ...

    def incident_history(self, fid: int) -> list[dict]: ...

    def catalog_deadline_hours(self, code: str | None) -> int | None: ...

    def catalog_deadline(self, code: str | None) -> tuple[int, str] | None: ...

    def officer_name(self, fid: int) -> str | None: ...

    def incident_ids(self, tickets: list[str]) -> dict[str, int]: ...

    def overdue_incidents(self, now: str) -> list[dict]: ...

    def workflow_counts(
        self,
        group_by: str,
        start: str | None,
        end: str | None,
        as_of: str,
        with_hours: bool = True,
        filters: dict | None = None,
    ) -> list[dict]: ...

    def workflow_indicators(
        self,
        group_by: str,
        start: str | None,
        end: str | None,
        filters: dict | None = None,
    ) -> list[dict]: ...

    def answer_incidents(
        self, start: str | None = None, end: str | None = None, source: str | None = None
    ) -> list[dict]: ...

    def incident_histories(self, fids: list[int] | None = None) -> dict[int, list[dict]]: ...

    INCIDENT_ORDER: ClassVar[dict[str, str]]  # the columns incident_list sorts by

    def incident_count(
        self,
        as_of: str,
        start: str | None = None,
        end: str | None = None,
        filters: Mapping[str, str | None] | None = None,
        overdue_only: bool = False,
    ) -> int: ...

    def incident_list(
        self,
        as_of: str,
        start: str | None = None,
        end: str | None = None,
        filters: Mapping[str, str | None] | None = None,
        overdue_only: bool = False,
        limit: int = 500,
        offset: int = 0,
        order: str | None = None,
        descending: bool = False,
    ) -> list[dict]: ...

    def record_move(self, fid: int, expected_version: int, changes: dict, step: dict) -> int: ...

    # Density (core/density.py, density_by_town).

    def density_counts(self, layer: str, level: str, **filters) -> dict[str, int]: ...

    def activity_period(self) -> tuple[date, date] | None: ...

    def density_units(self, level: str, town_code: str | None = None) -> list[dict]: ...

    def density_points(self, layer: str, **filters) -> tuple[np.ndarray, np.ndarray]: ...

    # The grids: their checks (core/grid_checks.py, validate_grids, the grid editor's
    # guard), its decisions on a save, and writes through the store's guard.

    def grid_geometry(self, code: str): ...

    def grid_records(self) -> list[dict]: ...

    def community_geometries(self) -> dict[str, object]: ...

    def district_geometry(self): ...

    def retired_grid_codes(self) -> set[str]: ...

    def grid_versions_now(self) -> dict[int, int]: ...

    def grid_tolerance(self) -> float: ...

    def allow_grid_changes(
        self, save: GridSave, actor: str, reason: str, seconds: float = 120
    ) -> None: ...

    def refuse_grid_save(self, actor: str, reason: str, seconds: float = 120) -> None: ...

    def clear_grid_guard(self) -> None: ...

    def update_grid(self, fid: int, geometry=None, **attributes) -> None: ...

    def delete_grid(self, fid: int) -> None: ...

    # The facilities: geocoding (core/geocoding.py) and the locator's search.

    def facility_inventory(self) -> tuple[list[str], list[int], dict[str, str]]: ...

    def facility_class_codes(self) -> set[str]: ...

    def export_geocoded(
        self,
        output,
        layer: str,
        columns: list[tuple[str, str]],
        placed: list[tuple],
        grid_people: dict[str, tuple],
    ) -> int: ...

    def search_facilities(self, text: str, limit: int = 30) -> list[dict]: ...

    def facility_points(self, fids: list[int]) -> dict[int, tuple[float, float]]: ...

    # The hotline import (core/hotline.py).

    def existing_tickets(self, tickets: list[str]) -> dict[str, str]: ...

    def incidents_by_phone(self, phones: list[str], since: str, until: str) -> list[dict]: ...

    def community_places(self) -> list[dict]: ...

    def add_incidents(
        self,
        rows: list[dict],
        points: list[tuple[float, float]],
        actor_role: str,
        actor_name: str,
        reason: str,
    ) -> list[int]: ...

    def share_with_readers(self) -> None: ...

    # The intake (core/intake): reports the store routes, photos, possible duplicates,
    # and what an officer's field package holds.

    def add_reports(self, rows: list[dict], points: list[tuple[float, float]]) -> list[int]: ...

    def reports_by_uuid(self, uuids: Iterable[str]) -> dict[str, dict]: ...

    def incidents_brief(self, fids: Sequence[int]) -> dict[int, dict]: ...

    def incident_photos(self, fids: Sequence[int], with_content: bool = True) -> list[dict]: ...

    def handled_by(self, fid: int, officer_id: int, at: str) -> bool: ...

    def possible_duplicates(self, open_only: bool = True) -> list[dict]: ...

    def duplicate_links(self, fid: int) -> dict: ...

    def clear_duplicate(self, fid: int, expected_version: int, actor: str, at: str) -> int: ...

    def officer_card(self, fid: int) -> dict | None: ...

    def officer_scopes(self, fid: int, day: date) -> list[dict]: ...

    def grids_under(self, scope_codes: Sequence[str]) -> list[dict]: ...

    def facilities_in(self, grid_codes: Sequence[str]) -> list[dict]: ...

    def incidents_at_step_in(self, step: str, grid_codes: Sequence[str]) -> list[dict]: ...


@runtime_checkable
class GeoPackageFile(GridStore, Protocol):
    """What only a GeoPackage store does: a new store is built as a file (the demo, a new
    store, a copy back from PostGIS), keeps its styles in its own layer_styles (PostGIS
    keeps them in public.layer_styles, written by the copy), records layer extents in its
    metadata, and answers SQLite's integrity and R-tree checks."""

    path: Path

    @classmethod
    def build(
        cls, path: str | os.PathLike, *, overwrite: bool = False
    ) -> AbstractContextManager[GeoPackageFile]: ...

    def clear_all_tables(self) -> None: ...

    def update_extents(self) -> None: ...

    def set_style(
        self, layer: str, style_name: str, qml: str, description: str = "", default: bool = True
    ) -> None: ...

    def integrity_problems(self) -> list[str]: ...
