"""One import of one hotline file into one store: placing, routing, checking and writing
the batch in one transaction."""

from __future__ import annotations

import math
import sqlite3
import time as clock
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import numpy as np

from .. import coords
from ..incidents import NewIncident, report
from ..progress import SILENT, Progress
from ..text import Text, UserError
from ..timestamps import CHINA_TZ, to_datetime_text
from .repeats import link_repeats
from .texts import _LABEL, _REFUSAL, _ROLES, NOTES, REASONS
from .values import (
    _ANY_CONTROL,
    EARLIEST,
    LATEST_AHEAD,
    _china_day,
    _clean,
    _text,
    is_phone_number,
    parse_number,
    parse_time,
)

REQUIRED = ("ticket", "time", "address", "longitude", "latitude", "content")


OPTIONAL = ("phone", "caller", "facility_code", "catalog_item")


LOCKED_RETRIES = 5


class _DryRunError(Exception):
    """Raised to roll a dry run back."""


class HotlineError(UserError, ValueError):
    """The whole file is refused (a required column is missing)."""


# The columns of the imported incidents' table after the input's, and of the table of
# rows not imported after the input's (core.outputs.output_columns renames an input
# column that would clash with one of them).
IMPORTED_COLUMNS = (
    ("input_row", "INTEGER"),
    ("incident_fid", "INTEGER"),
    ("ticket", "TEXT"),
    ("located_by", "TEXT"),
    ("grid_code", "TEXT"),
    ("community", "TEXT"),
    ("town", "TEXT"),
    ("officers", "TEXT"),
    ("rule", "TEXT"),
    ("reason", "TEXT"),
    ("note", "TEXT"),
)
NOT_IMPORTED_COLUMNS = (("input_row", "INTEGER"), ("reason_code", "TEXT"), ("reason", "TEXT"))


@dataclass
class ImportResult:
    imported: list[dict] = field(default_factory=list)  # per imported row
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, code, text)
    warnings: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    offset_m: float | None = None  # set when the batch looks unconverted
    dry_run: bool = False

    @staticmethod
    def imported_columns(input_columns: list[str]) -> list[tuple[str, str]]:
        from ..outputs import output_columns

        return output_columns(input_columns, IMPORTED_COLUMNS)

    @staticmethod
    def not_imported_columns(input_columns: list[str]) -> list[tuple[str, str]]:
        from ..outputs import output_columns

        return output_columns(input_columns, NOT_IMPORTED_COLUMNS)

    def imported_rows(self) -> list[list]:
        """The imported incidents' rows for imported_columns (the input row's values
        first; no incident fid in a dry run); their points are `x`, `y` of `imported`."""
        return [
            [
                *r["values"],
                r["row"],
                None if self.dry_run else r["fid"],
                r["ticket"],
                r["located_by"],
                r["grid_code"],
                r["community"],
                r["town"],
                ",".join(p.name for p in r["officers"]),
                r["rule"],
                r["reason"],
                r["note"],
            ]
            for r in self.imported
        ]

    def not_imported_rows(self, rows: list[list]) -> list[list]:
        """The rows not imported for not_imported_columns, from the input's `rows`."""
        return [[*rows[number - 1], number, code, text] for number, code, text in self.errors]


class HotlineImport:
    """One import of one file into one store."""

    def __init__(
        self,
        store,
        router,
        facilities=None,
        language: str = "en",
        coordinate_system: str = "wgs84",
        now: datetime | None = None,
        reported_by: str = "12345 政务服务热线",
    ):
        self.reported_by = reported_by  # the history's name for who reported (the system)
        self.store = store
        self.router = router
        self.facilities = facilities  # a geocoding.FacilityIndex, or None
        self.language = language
        self.now = now  # the present, for refusing times in the future (tests set it)
        self.system = coords.CoordinateSystem(coordinate_system)
        self.places = store.community_places()
        self._names = _CommunityNames(self.places)

    def run(
        self,
        columns: list[str],
        rows: list[list],
        mapping: dict[str, str],
        dry_run: bool = False,
        unreadable: Mapping[int, Text] | None = None,
        progress: Progress = SILENT,
        before_commit: Callable[[ImportResult], None] | None = None,
    ) -> ImportResult:
        """Import `rows`; with `dry_run` everything is checked, placed and routed, and the
        transaction rolled back at the end. `unreadable` gives the rows (numbered from 1)
        that the file's reader could not read, with its reason: they go to the errors.

        `before_commit(result)` is called with the whole result inside the store's
        transaction, before it commits (the caller writes its outputs there: when it
        raises, nothing is imported). `progress` reports and may cancel the import
        (CanceledError): up to the commit, a cancelled import writes nothing."""
        missing = [role for role in REQUIRED if not mapping.get(role)]
        absent = [
            mapping[role]
            for role in (*REQUIRED, *OPTIONAL)
            if mapping.get(role) and mapping[role] not in columns
        ]
        if missing or absent:
            parts = [_REFUSAL["no_role"].format(role=role, zh=_ROLES[role]) for role in missing] + [
                _REFUSAL["no_column"].format(name=name) for name in absent
            ]
            text = _REFUSAL["refused"] + parts[0]
            for part in parts[1:]:
                text = text + Text("; ", "；") + part
            raise HotlineError(text)
        unreadable = unreadable or {}
        index = {role: columns.index(name) for role, name in mapping.items() if name}
        result = ImportResult()

        def cell(row, role):
            return row[index[role]] if role in index else None

        tickets = [_text(cell(row, "ticket")).strip() for row in rows]
        readable = [t for number, t in enumerate(tickets, 1) if t and number not in unreadable]
        already = self.store.existing_tickets([t for t in readable if not _ANY_CONTROL.search(t)])
        latest = (self.now or datetime.now(timezone.utc)) + LATEST_AHEAD
        first_row = {}
        candidates = []  # (row number, row, ticket, moment)
        for number, (row, ticket) in enumerate(zip(rows, tickets), start=1):
            if number in unreadable:
                self._refuse(result, number, "unreadable_row", unreadable[number])
                continue
            if not ticket:
                self._error(result, number, "empty_ticket")
                continue
            if _ANY_CONTROL.search(ticket):
                self._error(result, number, "bad_ticket")
                continue
            if ticket in first_row:
                self._error(
                    result, number, "duplicate_ticket", ticket=ticket, other=first_row[ticket]
                )
                continue
            first_row[ticket] = number
            if ticket in already:
                self._error(result, number, "already_imported", ticket=ticket, when=already[ticket])
                continue
            moment = parse_time(cell(row, "time"))
            if moment is None:
                self._error(result, number, "bad_time", value=cell(row, "time"))
                continue
            if not EARLIEST <= moment <= latest:
                self._error(result, number, "implausible_time", value=cell(row, "time"))
                continue
            candidates.append((number, row, ticket, moment))

        placed = []  # [number, row, ticket, moment, x, y, located_by, note, lon, lat]
        by_coordinates = []
        for number, row, ticket, moment in candidates:
            lon_text, lat_text = cell(row, "longitude"), cell(row, "latitude")
            lon, lat = parse_number(lon_text), parse_number(lat_text)
            if lon is not None and lat is not None:
                problem = self._coordinate_problem(lon, lat)
                if problem:
                    self._error(result, number, problem, lon=lon_text, lat=lat_text)
                    continue
                placed.append(
                    [number, row, ticket, moment, None, None, "coordinates", "", lon, lat]
                )
                by_coordinates.append(len(placed) - 1)
                continue
            if lon is not None or lat is not None:
                self._error(result, number, "bad_coordinates", lon=lon_text, lat=lat_text)
                continue
            place = self._place_without_coordinates(row, cell)
            if place is None:
                self._error(result, number, "no_place")
                continue
            placed.append([number, row, ticket, moment, *place, None, None])
        if by_coordinates:
            # One conversion for the batch: the inverse of GCJ-02 and BD-09 is iterative.
            lon = np.array([placed[i][8] for i in by_coordinates], dtype=float)
            lat = np.array([placed[i][9] for i in by_coordinates], dtype=float)
            x, y = _to_store_crs(*coords.convert(lon, lat, self.system, "wgs84"))
            for i, px, py in zip(by_coordinates, np.atleast_1d(x), np.atleast_1d(y)):
                placed[i][4], placed[i][5] = float(px), float(py)

        self._check_offset(result, [placed[i] for i in by_coordinates], cell)
        result.dry_run = dry_run
        progress(0.3)
        progress.check()
        if not placed:
            result.errors.sort()
            if before_commit is not None:
                before_commit(result)
            return result
        return self._import(result, placed, cell, progress, before_commit)

    def _import(self, result, placed, cell, progress, before_commit) -> ImportResult:
        located = self.router.locate([p[4] for p in placed], [p[5] for p in placed])
        keep = []
        for p, rule, distance in zip(placed, located[1], located[2]):
            if rule == 3:  # unroutable: outside the district
                self._error(result, p[0], "outside_district", lon=p[8], lat=p[9], distance=distance)
            else:
                keep.append(p)
        incidents, cleaned = [], []
        for p in keep:
            incident, had_controls = self._incident(p, cell)
            incidents.append(incident)
            cleaned.append(had_controls)
        progress(0.4)
        progress.check()
        distances = self._link_duplicates(incidents)
        progress(0.5)
        progress.check()
        before = (list(result.imported), Counter(result.counts), list(result.errors))

        def written(routes) -> None:
            # Inside the transaction, before it commits (a retried batch starts again).
            result.imported, result.counts, result.errors = (
                list(before[0]),
                Counter(before[1]),
                sorted(before[2]),
            )
            self._imported(result, keep, incidents, routes, distances, cleaned)
            progress(0.8)
            progress.check()
            if before_commit is not None:
                before_commit(result)
            progress.check()

        self._write(incidents, result.dry_run, written)
        return result

    def _imported(self, result, keep, incidents, routes, distances, cleaned) -> None:
        for p, incident, (fid, route), distance, had_controls in zip(
            keep, incidents, routes, distances, cleaned
        ):
            notes = [p[7]] if p[7] else []
            if incident.catalog_code and incident.catalog_code not in self.router.catalog:
                notes.append(self._note("unknown_item", item=incident.catalog_code))
            if incident.reporter_phone and not is_phone_number(incident.reporter_phone):
                notes.append(self._note("invalid_phone"))
                result.counts["invalid_phone"] += 1
            if had_controls:
                notes.append(self._note("control_characters"))
                result.counts["control_characters_removed"] += 1
            if incident.duplicate_of is not None:
                other = (
                    incident.duplicate_of
                    if incident.duplicate_of > 0
                    else routes[-1 - incident.duplicate_of][0]
                )
                notes.append(self._note("duplicate", other=other, distance=distance))
                result.counts["possible_duplicate"] += 1
            result.imported.append(
                dict(
                    row=p[0],
                    values=p[1],
                    fid=fid,
                    ticket=incident.ticket,
                    x=p[4],
                    y=p[5],
                    located_by=incident.located_by,
                    grid_code=route.grid_code,
                    community=route.community_name,
                    town=route.town_name,
                    rule=route.rule,
                    officers=route.officers,
                    reason=route.reason,
                    note=" ".join(notes),
                    phone=incident.reporter_phone,
                )
            )
            result.counts["imported"] += 1
            result.counts[f"by_{incident.located_by}"] += 1

    # Placing

    def _coordinate_problem(self, lon: float, lat: float) -> str | None:
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return "bad_coordinates"
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return (
                "swapped"
                if (-180 <= lat <= 180 and -90 <= lon <= 90 and self._in_district_box(lat, lon))
                else "out_of_range"
            )
        if not self._in_district_box(lon, lat) and self._in_district_box(lat, lon):
            return "swapped"
        return None

    @staticmethod
    def _in_district_box(lon: float, lat: float) -> bool:
        return 118.5 <= lon <= 121.0 and 31.5 <= lat <= 33.5

    def _place_without_coordinates(self, row, cell):
        """(x, y, located_by, note) from a facility code or the address, or None."""
        code = cell(row, "facility_code")
        if code not in (None, "") and self.facilities is not None:
            from ..geocoding import normalize

            normalized = normalize(_clean(code) if isinstance(code, str) else code)
            fid = self.facilities.fid.get(normalized.code, -1) if normalized.code else -1
            if fid >= 0:
                x, y = self.store.facility_points([int(fid)])[int(fid)]
                return x, y, "facility_code", self._note("by_facility", code=normalized.code)
        community = self._community_in(cell(row, "address"))
        if community is not None:
            return (
                community["x"],
                community["y"],
                "address",
                self._note("by_address", community=community["name"]),
            )
        return None

    def _community_in(self, address) -> dict | None:
        """The community whose name the address holds (the longest such name; with its
        town's name too when names repeat across towns)."""
        return self._names.find(_text(address))

    def _check_offset(self, result, placed, cell) -> None:
        """Flag a batch whose points would lie in the community their address names far
        more often if read in another coordinate system."""
        named = [(p, self._community_in(cell(p[1], "address"))) for p in placed]
        named = [(p, c) for p, c in named if c is not None]
        if len(named) < 8:
            return
        lon = np.array([float(p[8]) for p, _ in named])
        lat = np.array([float(p[9]) for p, _ in named])
        expected = np.array([c["code"] for _, c in named], dtype=object)
        community_of_grid = np.array(
            [g["community_code"] for g in self.router.grids] + [None], dtype=object
        )

        def hit_rate(system):
            wgs = coords.convert(lon, lat, system, "wgs84")
            x, y = _to_store_crs(*wgs)
            grid = np.asarray(self.router.locate(x, y)[0])
            communities = community_of_grid[np.where(grid >= 0, grid, -1)]
            return float(np.mean(communities == expected)), x, y

        declared, x0, y0 = hit_rate(self.system)
        for system in coords.CoordinateSystem:
            if system == self.system:
                continue
            converted, x1, y1 = hit_rate(system)
            # Communities are large next to a few hundred metres: compare the two readings
            # rather than asking for most points to miss.
            if converted >= 0.9 and converted - declared >= 0.15:
                offset = float(np.median(np.hypot(x1 - x0, y1 - y0)))
                result.offset_m = offset
                result.warnings.append(
                    self._note(
                        "offset",
                        hit=declared,
                        converted=converted,
                        system=_LABEL[system],
                        declared=_LABEL[self.system],
                        offset=offset,
                    )
                )
                return

    # Writing

    def _incident(self, p, cell) -> tuple[NewIncident, bool]:
        """The incident of a placed row, and whether control characters were removed
        from its text."""
        _, row, ticket, moment, x, y, located_by = p[:7]
        texts = {
            role: _text(cell(row, role)).strip()
            for role in ("phone", "catalog_item", "content", "address", "caller")
        }
        cleaned = {role: _clean(value) for role, value in texts.items()}
        return NewIncident(
            ticket=ticket,
            source="hotline_12345",
            reported_at=moment,
            x=x,
            y=y,
            located_by=located_by,
            catalog_code=cleaned["catalog_item"] or None,
            description=cleaned["content"] or None,
            address=cleaned["address"] or None,
            reporter_name=cleaned["caller"] or None,
            reporter_phone=cleaned["phone"] or None,
        ), cleaned != texts

    def _link_duplicates(self, incidents: list[NewIncident]) -> list[float | None]:
        """Link each report to one from the same phone, within 50 m, the same (China)
        day: in the store, or earlier in the batch (negative links); see `link_repeats`.
        Returns the distance to the linked report, per incident."""
        days = [i.reported_at.astimezone(CHINA_TZ).date() for i in incidents]
        phones_by_day: dict[date, set[str]] = defaultdict(set)
        for incident, day in zip(incidents, days):
            if incident.reporter_phone:
                phones_by_day[day].add(incident.reporter_phone)
        if not phones_by_day:
            return [None] * len(incidents)
        stored = []
        for first, last, phones in _windows(phones_by_day):
            since = to_datetime_text(datetime.combine(first, datetime.min.time(), CHINA_TZ))
            until = to_datetime_text(
                datetime.combine(last + timedelta(days=1), datetime.min.time(), CHINA_TZ)
            )
            stored += [
                (o["fid"], o["phone"], _china_day(o["reported_at"]), o["x"], o["y"])
                for o in self.store.incidents_by_phone(sorted(phones), since, until)
            ]
        stored.sort()  # by fid: among equally near stored reports the oldest wins
        links = link_repeats(
            [(i.reporter_phone, day, i.x, i.y) for i, day in zip(incidents, days)], stored
        )
        distances = [None] * len(incidents)
        for position, (incident, link) in enumerate(zip(incidents, links)):
            if link is not None:
                incident.duplicate_of, distances[position] = link
        return distances

    def _write(self, incidents, dry_run: bool, written) -> None:
        """One transaction for the batch, `written(routes)` called inside it before it
        commits; the whole batch again on "database is locked". A dry run is rolled back."""
        if dry_run:
            try:
                with self.store.transaction():
                    written(self._report(incidents))
                    raise _DryRunError()
            except _DryRunError:
                return
        self.store.share_with_readers()
        for attempt in range(LOCKED_RETRIES):
            try:
                with self.store.transaction():
                    written(self._report(incidents))
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == LOCKED_RETRIES - 1:
                    raise
                clock.sleep(0.2 * 2**attempt)

    def _report(self, incidents):
        return report(
            self.store,
            self.router,
            incidents,
            "citizen",
            self.reported_by,
            reason="12345 hotline import",
        )

    def _note(self, key, /, **values) -> str:
        return NOTES[key].format(**values)(self.language)

    def _error(self, result, number, code, **values) -> None:
        self._refuse(result, number, code, REASONS[code].format(row=number, **values))

    def _refuse(self, result, number, code, text: Text) -> None:
        result.errors.append((number, code, text(self.language)))
        result.counts[code] += 1


class _CommunityNames:
    """Finding the community an address names, by looking its substrings up (rather
    than testing every community's name against every address)."""

    def __init__(self, places: list[dict]):
        # Longest names first: "仙城新村" before "仙城"; equal lengths in code order.
        self.order = sorted(places, key=lambda p: -len(p["name"]))
        self.by_name: dict[str, list[int]] = {}
        for position, place in enumerate(self.order):
            self.by_name.setdefault(place["name"], []).append(position)
        self.lengths = sorted({len(name) for name in self.by_name if name}, reverse=True)

    def find(self, text: str) -> dict | None:
        """The longest name the text holds; among equal ones, the one whose town the
        text also names, else the first in code order."""
        if not text:
            return None
        for length in self.lengths:
            found = sorted(
                {
                    position
                    for start in range(len(text) - length + 1)
                    for position in self.by_name.get(text[start : start + length], ())
                }
            )
            if found:
                places = [self.order[position] for position in found]
                with_town = [p for p in places if p["town_name"] in text]
                return (with_town or places)[0]
        return None


def _windows(phones_by_day: Mapping[date, set[str]], most: int = 500):
    """(first day, last day, phones) windows of consecutive days with about `most`
    phones each, for asking the store for earlier reports: each question then reads the
    store's incidents of its days only (by the index on reported_at), not those of the
    whole batch's period once per 500 phones, which grew with the batch times the store."""
    window: set[str] = set()
    first = last = None
    for day in sorted(phones_by_day):
        phones = phones_by_day[day]
        if window and len(window) + len(phones) > most:
            yield first, last, window
            window, first = set(), None
        window |= phones
        first = first or day
        last = day
    if window:
        yield first, last, window


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs(4490, 4549, always_xy=True)


def _to_store_crs(lon, lat):
    """EPSG:4549 x, y for CGCS2000 longitude and latitude."""
    return _transformer().transform(lon, lat)
