"""The intake's reads and writes (core/intake): reports written for the store to route,
their photos, possible duplicates and their marks, and what an officer's field package
holds (their grids, communities, facilities, the incidents dispatched to them)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date

import shapely

from ..errors import StaleRowError
from .base import StoreBase

_PHOTO = (
    "fid",
    "incident_id",
    "step",
    "kind",
    "taken_at",
    "file_name",
    "media_type",
    "path",
    "longitude",
    "latitude",
)
_BRIEF = (
    "fid",
    "ticket",
    "step",
    "catalog_code",
    "grid_code",
    "town_code",
    "route_rule",
    "duplicate_of",
    "reported_at",
    "description",
    "row_version",
)
_PAIR = ("fid", "ticket", "step", "reported_at", "description", "row_version")


def _chunks(values: Sequence, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


class IntakeQueries(StoreBase):
    """What the intake reads and writes."""

    # Reports and photos

    def add_reports(self, rows: list[dict], points: list[tuple[float, float]]) -> list[int]:
        """Write reports (rows without a ticket: the store checks, routes and numbers
        them, store/intake_rules.py) in one transaction; their fids, in order."""
        if not rows:
            return []
        with self.transaction():
            fids = self._next_fids("incidents", len(rows))
            numbered = [dict(row, fid=fid) for fid, row in zip(fids, rows)]
            self.insert("incidents", numbered, shapely.points(points))
        return fids

    def reports_by_uuid(self, uuids: Iterable[str]) -> dict[str, dict]:
        """report_uuid -> the incident (fid, ticket) of the reports already in the store."""
        found = {}
        for chunk in _chunks(sorted(set(uuids))):
            for uuid, fid, ticket in self._rows(
                "SELECT report_uuid, fid, ticket FROM incidents WHERE report_uuid IN "
                f"({', '.join('?' * len(chunk))})",
                chunk,
            ):
                found[uuid] = dict(fid=fid, ticket=ticket)
        return found

    def incidents_brief(self, fids: Sequence[int]) -> dict[int, dict]:
        """fid -> ticket, step, item, grid, town, route rule, duplicate link, reported
        time, description and row version of these incidents, with their x and y."""
        found = {}
        for chunk in _chunks(list(fids)):
            records, x, y = self._points(
                f"SELECT {', '.join(_BRIEF)}, {self.dialect.geometry_select()} FROM incidents "
                f"WHERE fid IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            for record, px, py in zip(records, x, y):
                found[record[0]] = dict(zip(_BRIEF, record[:-1]), x=float(px), y=float(py))
        return found

    def incident_photos(self, fids: Sequence[int], with_content: bool = True) -> list[dict]:
        """The photos of these incidents, oldest first (their bytes under "content")."""
        columns = list(_PHOTO) + (["content"] if with_content else [])
        found = []
        for chunk in _chunks(list(fids)):
            found += self._dicts(
                f"SELECT {', '.join(columns)} FROM incident_attachments WHERE incident_id IN "
                f"({', '.join('?' * len(chunk))}) ORDER BY incident_id, fid",
                columns,
                chunk,
            )
        for photo in found:
            if photo.get("content") is not None:
                photo["content"] = bytes(photo["content"])
        return found

    def handled_by(self, fid: int, officer_id: int, at: str) -> bool:
        """Whether the officer's 处理反馈 of `at` (DATETIME text) is in the history."""
        return bool(
            self._rows(
                "SELECT 1 FROM incident_steps WHERE incident_id = ? AND to_step = 'handled' "
                "AND officer_id = ? AND at = ?",
                (fid, officer_id, at),
            )
        )

    # Possible duplicates (duplicate_of): listed beside their originals, confirmed or cleared

    def possible_duplicates(self, open_only: bool = True) -> list[dict]:
        """Each incident marked as a possible duplicate, beside its original: both
        incidents' fid, ticket, step, reported time, description and row version, the
        item's name, and how far apart (metres) and how long apart (hours) they are.
        Newest first; with `open_only`, the duplicates still at an open step."""
        open_step = (
            "AND d.step IN (SELECT code FROM incident_states WHERE phase = 'open') "
            if open_only
            else ""
        )
        names = [f"d.{c}" for c in _PAIR] + [f"o.{c}" for c in _PAIR]
        geometry = self.dialect.geometry_select
        records = self._rows(
            f"SELECT {', '.join(names)}, k.name, {geometry('d.geom')}, {geometry('o.geom')} "
            "FROM incidents d JOIN incidents o ON o.fid = d.duplicate_of "
            f"LEFT JOIN event_catalog k ON k.code = d.catalog_code WHERE 1 = 1 {open_step}"
            "ORDER BY d.reported_at DESC, d.fid DESC"
        )
        pairs = []
        first = self.dialect.geometries([r[-2] for r in records])
        second = self.dialect.geometries([r[-1] for r in records])
        for record, a, b in zip(records, first, second):
            duplicate = dict(zip(_PAIR, record[: len(_PAIR)]))
            original = dict(zip(_PAIR, record[len(_PAIR) : 2 * len(_PAIR)]))
            distance = float(shapely.distance(a, b)) if a is not None and b is not None else None
            pairs.append(
                dict(
                    duplicate=duplicate,
                    original=original,
                    item=record[2 * len(_PAIR)],
                    metres=None if distance is None or math.isnan(distance) else distance,
                    hours=_hours_between(duplicate["reported_at"], original["reported_at"]),
                )
            )
        return pairs

    def duplicate_links(self, fid: int) -> dict:
        """The incident's original (when it is marked a possible duplicate) and the
        incidents marked as possible duplicates of it (fid, ticket, step each)."""
        original = self._dicts(
            "SELECT o.fid, o.ticket, o.step FROM incidents i JOIN incidents o "
            "ON o.fid = i.duplicate_of WHERE i.fid = ?",
            ("fid", "ticket", "step"),
            (fid,),
        )
        duplicates = self._dicts(
            "SELECT fid, ticket, step FROM incidents WHERE duplicate_of = ? ORDER BY fid",
            ("fid", "ticket", "step"),
            (fid,),
        )
        return dict(original=original[0] if original else None, duplicates=duplicates)

    def clear_duplicate(self, fid: int, expected_version: int, actor: str, at: str) -> int:
        """Clear the incident's possible-duplicate mark (its row version checked and
        moved on) with an audit row, in one transaction; returns the new row version.
        StaleRowError when someone changed the incident since `expected_version`."""
        with self.transaction():
            found = self._rows("SELECT duplicate_of FROM incidents WHERE fid = ?", (fid,))
            updated = self._changed(
                "UPDATE incidents SET duplicate_of = NULL, updated_at = ?, "
                "row_version = row_version + 1 WHERE fid = ? AND row_version = ?",
                (at, fid, expected_version),
            )
            if updated != 1:
                current = self._rows("SELECT row_version FROM incidents WHERE fid = ?", (fid,))
                raise StaleRowError(
                    "incidents", fid, expected_version, current[0][0] if current else None
                )
            self.log(
                actor,
                "incidents",
                str(fid),
                "update",
                {"duplicate_of": found[0][0] if found else None},
                {"duplicate_of": None},
                "not a duplicate",
            )
        return expected_version + 1

    # What an officer's field package holds

    def officer_card(self, fid: int) -> dict | None:
        names = ("fid", "code", "name", "phone", "role", "level")
        rows = self._dicts(
            f"SELECT {', '.join(names)} FROM officers WHERE fid = ?", names, (int(fid),)
        )
        return rows[0] if rows else None

    def officer_scopes(self, fid: int, day: date) -> list[dict]:
        """The officer's assignments in force on `day`: role, scope level and code."""
        text = day.isoformat()
        return self._dicts(
            "SELECT role, scope_level, scope_code FROM assignments WHERE officer_id = ? "
            "AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) ORDER BY scope_code",
            ("role", "scope_level", "scope_code"),
            (int(fid), text, text),
        )

    def grids_under(self, scope_codes: Sequence[str]) -> list[dict]:
        """The grids in force whose code starts with one of the scope codes (a grid's,
        a community's, a town's or the district's), with their geometries."""
        rows = self.rows("grids", ["code", "name", "community_code", "town_code", "status"], True)
        prefixes = tuple(scope_codes)
        return [r for r in rows if r["status"] == "active" and r["code"].startswith(prefixes)]

    def facilities_in(self, grid_codes: Sequence[str]) -> list[dict]:
        """The facilities in use in these grids, with their class's name and points."""
        names = ("code", "name", "class_code", "class_name", "state", "grid_code")
        found = []
        for chunk in _chunks(list(grid_codes)):
            records, x, y = self._points(
                "SELECT f.code, f.name, f.class_code, c.name, f.state, f.grid_code, "
                f"{self.dialect.geometry_select('f.geom')} FROM facilities f "
                "JOIN facility_classes c ON c.code = f.class_code WHERE f.in_use = ? AND "
                f"f.grid_code IN ({', '.join('?' * len(chunk))}) ORDER BY f.code",
                (True, *chunk),
            )
            found += [
                dict(zip(names, record[:-1]), x=float(px), y=float(py))
                for record, px, py in zip(records, x, y)
            ]
        return found

    def incidents_at_step_in(self, step: str, grid_codes: Sequence[str]) -> list[dict]:
        """The incidents at `step` in these grids (all their columns, and x and y)."""
        from ..schema import TABLES_BY_NAME

        names = ["fid", *(c.name for c in TABLES_BY_NAME["incidents"].columns)]
        found = []
        for chunk in _chunks(list(grid_codes)):
            records, x, y = self._points(
                f"SELECT {', '.join(names)}, {self.dialect.geometry_select()} FROM incidents "
                f"WHERE step = ? AND grid_code IN ({', '.join('?' * len(chunk))}) ORDER BY fid",
                (step, *chunk),
            )
            found += [
                dict(zip(names, record[:-1]), x=float(px), y=float(py))
                for record, px, py in zip(records, x, y)
            ]
        return found


def _hours_between(first: str | None, second: str | None) -> float | None:
    from ...timestamps import from_datetime_text

    if not first or not second:
        return None
    return abs((from_datetime_text(first) - from_datetime_text(second)).total_seconds()) / 3600
