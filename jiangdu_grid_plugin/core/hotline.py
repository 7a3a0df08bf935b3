"""Importing 12345 hotline records as routed incidents (12345热线工单导入).

A hotline export has one row per ticket. Each row becomes an incident (source
hotline_12345, step "reported"), placed by its coordinates, else by a facility code,
else by an address that names a community, and routed. The whole batch is written in one
transaction: it lands whole or not at all; "database is locked" retries the whole batch.

Rows that cannot be imported come back with a reason code:

- ``empty_ticket``, ``duplicate_ticket`` (twice in the file), ``already_imported``;
- ``bad_time``: the time cannot be read;
- ``no_place``: no coordinates, no known facility code, no community in the address;
- ``bad_coordinates``: not numbers, NaN or infinite; ``out_of_range``: beyond -180..180,
  -90..90; ``swapped``: latitude and longitude exchanged (they land in the district
  when swapped back); ``outside_district``: farther from every grid than the routing
  tolerance.

Also: a batch whose points mostly miss the community their address names, and hit it when
read as GCJ-02 or BD-09, is flagged with the offset found; a report from the same phone
within 50 m on the same day as another is linked to it as a possible duplicate, never
merged; re-importing a file changes nothing (ticket ids are unique).
"""

from __future__ import annotations

import math
import re
import sqlite3
import time as clock
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import numpy as np

from . import coords
from .incidents import NewIncident, report
from .timestamps import CHINA_TZ, to_datetime_text

REQUIRED = ("ticket", "time", "address", "longitude", "latitude", "content")
OPTIONAL = ("phone", "caller", "facility_code", "catalog_item")
DUPLICATE_DISTANCE_M = 50.0
LOCKED_RETRIES = 5

_TIME = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})"
    r"(?:[:分](\d{1,2})(?:\.\d+)?秒?)?分?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)

_REASONS = {
    "en": {
        "empty_ticket": "Row {row}: the ticket id is empty.",
        "duplicate_ticket": "Row {row}: the ticket id {ticket} is also in row {other}.",
        "already_imported": "Row {row}: ticket {ticket} was imported before (reported {when}).",
        "bad_time": "Row {row}: the time {value} cannot be read (use 2019-11-25 08:30).",
        "no_place": "Row {row}: no coordinates, no known facility code and no community "
        "named in the address.",
        "bad_coordinates": "Row {row}: the coordinates {lon}, {lat} are not numbers.",
        "out_of_range": "Row {row}: the coordinates {lon}, {lat} are out of range.",
        "swapped": "Row {row}: longitude and latitude are swapped ({lon}, {lat}).",
        "outside_district": "Row {row}: {lon}, {lat} lies {distance:.0f} m outside the district.",
        "imported": "Imported as {ticket}.",
        "duplicate": "Possibly the same as incident {other} (same caller, {distance:.0f} m "
        "away, same day).",
        "by_facility": "Placed at facility {code}.",
        "by_address": "Placed at the centre of {community}, named in the address.",
        "unknown_item": "The catalogue item {item} is not in the event catalogue.",
        "offset": "Only {hit:.0%} of the points lie in the community their address names; "
        "read as {system} {converted:.0%} would. The file is probably in {system}, not "
        "{declared}: the offset is about {offset:.0f} m. Import it again with the right "
        "coordinate system.",
    },
    "zh": {
        "empty_ticket": "第{row}行：工单编号为空。",
        "duplicate_ticket": "第{row}行：工单编号 {ticket} 与第{other}行重复。",
        "already_imported": "第{row}行：工单 {ticket} 已于此前导入（上报时间 {when}）。",
        "bad_time": "第{row}行：无法识别时间 {value}（格式如 2019-11-25 08:30）。",
        "no_place": "第{row}行：没有坐标、没有可识别的部件编码，地址中也没有村（社区）名称。",
        "bad_coordinates": "第{row}行：坐标 {lon}, {lat} 不是数值。",
        "out_of_range": "第{row}行：坐标 {lon}, {lat} 超出范围。",
        "swapped": "第{row}行：经度和纬度颠倒（{lon}, {lat}）。",
        "outside_district": "第{row}行：{lon}, {lat} 位于区界外 {distance:.0f} 米。",
        "imported": "已导入为 {ticket}。",
        "duplicate": "可能与事件 {other} 重复（同一来电人，相距 {distance:.0f} 米，同一天）。",
        "by_facility": "按部件 {code} 定位。",
        "by_address": "按地址中的 {community} 定位到其中心。",
        "unknown_item": "事项 {item} 不在事件责任清单中。",
        "offset": "只有 {hit:.0%} 的点位在地址所写的村（社区）内；按 {system} 解读则为 "
        "{converted:.0%}。该文件很可能是 {system} 坐标而不是 {declared}，偏移约 {offset:.0f} 米。"
        "请选择正确的坐标系重新导入。",
    },
}


class _DryRunError(Exception):
    """Raised to roll a dry run back."""

    def __init__(self, routes):
        super().__init__("dry run")
        self.routes = routes


class HotlineError(ValueError):
    """The whole file is refused (a required column is missing)."""


@dataclass
class ImportResult:
    imported: list[dict] = field(default_factory=list)  # per imported row
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row, code, text)
    warnings: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    offset_m: float | None = None  # set when the batch looks unconverted


def parse_time(value) -> datetime | None:
    """An aware datetime for the usual ways hotline systems and Excel write times;
    times without a zone are China time."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=CHINA_TZ)
    text = str(value or "").strip()
    match = _TIME.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    if zone is None:
        return moment.replace(tzinfo=CHINA_TZ)
    if zone == "Z":
        return moment.replace(tzinfo=timezone.utc)
    sign = 1 if zone[0] == "+" else -1
    hours, minutes = int(zone[1:3]), int(zone[-2:])
    return moment.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))


def parse_number(value) -> float | None:
    """A float for a cell, None when empty, NaN when it is not a number."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("，", ".").replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return math.nan


class HotlineImport:
    """One import of one file into one store."""

    def __init__(
        self, store, router, facilities=None, language: str = "en", coordinate_system: str = "wgs84"
    ):
        self.store = store
        self.router = router
        self.facilities = facilities  # a geocoding.FacilityIndex, or None
        self.texts = _REASONS[language]
        self.system = coords.CoordinateSystem(coordinate_system)
        self.places = store.community_places()
        # Longest names first: "仙城新村" before "仙城".
        self.communities = sorted(self.places, key=lambda p: -len(p["name"]))

    def run(
        self, columns: list[str], rows: list[list], mapping: dict[str, str], dry_run: bool = False
    ) -> ImportResult:
        """Import `rows`; with `dry_run` everything is checked, placed and routed, and the
        transaction rolled back at the end."""
        missing = [role for role in REQUIRED if not mapping.get(role)]
        absent = [
            mapping[role]
            for role in (*REQUIRED, *OPTIONAL)
            if mapping.get(role) and mapping[role] not in columns
        ]
        if missing or absent:
            raise HotlineError(
                "the file is refused: "
                + "; ".join(
                    [f"no column is given for {role}" for role in missing]
                    + [f"it has no column {name}" for name in absent]
                )
            )
        index = {role: columns.index(name) for role, name in mapping.items() if name}
        result = ImportResult()

        def cell(row, role):
            return row[index[role]] if role in index else None

        tickets = [str(cell(row, "ticket") or "").strip() for row in rows]
        already = self.store.existing_tickets([t for t in tickets if t])
        first_row = {}
        candidates = []  # (row number, row, ticket, moment)
        for number, (row, ticket) in enumerate(zip(rows, tickets), start=1):
            if not ticket:
                self._error(result, number, "empty_ticket")
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
            candidates.append((number, row, ticket, moment))

        placed = []  # (number, row, ticket, moment, x, y, located_by, note, lon, lat)
        by_coordinates = []
        for number, row, ticket, moment in candidates:
            lon_text, lat_text = cell(row, "longitude"), cell(row, "latitude")
            lon, lat = parse_number(lon_text), parse_number(lat_text)
            if lon is not None and lat is not None:
                problem = self._coordinate_problem(lon, lat)
                if problem:
                    self._error(result, number, problem, lon=lon_text, lat=lat_text)
                    continue
                wgs_lon, wgs_lat = coords.convert(lon, lat, self.system, "wgs84")
                x, y = _to_store_crs(float(wgs_lon), float(wgs_lat))
                placed.append([number, row, ticket, moment, x, y, "coordinates", "", lon, lat])
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

        self._check_offset(result, [placed[i] for i in by_coordinates], cell)
        if not placed:
            return result
        try:
            return self._import(result, placed, cell, dry_run)
        finally:
            result.errors.sort()

    def _import(self, result, placed, cell, dry_run) -> ImportResult:
        located = self.router.locate([p[4] for p in placed], [p[5] for p in placed])
        keep = []
        for p, rule, distance in zip(placed, located[1], located[2]):
            if rule == 3:  # unroutable: outside the district
                self._error(result, p[0], "outside_district", lon=p[8], lat=p[9], distance=distance)
            else:
                keep.append(p)
        incidents = [self._incident(p, cell) for p in keep]
        distances = self._link_duplicates(incidents)
        routes = self._write(incidents, dry_run)
        for p, incident, (fid, route), distance in zip(keep, incidents, routes, distances):
            note = p[7]
            if incident.catalog_code and incident.catalog_code not in self.router.catalog:
                note += " " + self.texts["unknown_item"].format(item=incident.catalog_code)
            if incident.duplicate_of is not None:
                other = (
                    incident.duplicate_of
                    if incident.duplicate_of > 0
                    else routes[-1 - incident.duplicate_of][0]
                )
                note += " " + self.texts["duplicate"].format(other=other, distance=distance)
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
                    note=note.strip(),
                    phone=incident.reporter_phone,
                )
            )
            result.counts["imported"] += 1
            result.counts[f"by_{incident.located_by}"] += 1
        return result

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
            from .geocoding import normalize

            normalized = normalize(code)
            fid = self.facilities.fid.get(normalized.code, -1) if normalized.code else -1
            if fid >= 0:
                x, y = self.store.facility_points([int(fid)])[int(fid)]
                return x, y, "facility_code", self.texts["by_facility"].format(code=normalized.code)
        community = self._community_in(cell(row, "address"))
        if community is not None:
            return (
                community["x"],
                community["y"],
                "address",
                self.texts["by_address"].format(community=community["name"]),
            )
        return None

    def _community_in(self, address) -> dict | None:
        """The community whose name the address holds (the longest such name; with its
        town's name too when names repeat across towns)."""
        text = str(address or "")
        if not text:
            return None
        found = [c for c in self.communities if c["name"] in text]
        if not found:
            return None
        longest = [c for c in found if len(c["name"]) == len(found[0]["name"])]
        with_town = [c for c in longest if c["town_name"] in text]
        return (with_town or longest)[0]

    def _check_offset(self, result, placed, cell) -> None:
        """Flag a batch whose points would lie in the community their address names far
        more often if read in another coordinate system."""
        named = [(p, self._community_in(cell(p[1], "address"))) for p in placed]
        named = [(p, c) for p, c in named if c is not None]
        if len(named) < 8:
            return
        lon = np.array([float(p[8]) for p, _ in named])
        lat = np.array([float(p[9]) for p, _ in named])
        expected = [c["code"] for _, c in named]

        def hit_rate(system):
            wgs = coords.convert(lon, lat, system, "wgs84")
            x, y = _to_store_crs(*wgs)
            grid = self.router.locate(x, y)[0]
            communities = [self.router.grids[g]["community_code"] if g >= 0 else None for g in grid]
            return float(np.mean([a == b for a, b in zip(communities, expected)])), x, y

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
                    self.texts["offset"].format(
                        hit=declared,
                        converted=converted,
                        system=_LABEL[system],
                        declared=_LABEL[self.system],
                        offset=offset,
                    )
                )
                return

    # Writing

    def _incident(self, p, cell) -> NewIncident:
        _, row, ticket, moment, x, y, located_by = p[:7]
        phone = str(cell(row, "phone") or "").strip() or None
        item = str(cell(row, "catalog_item") or "").strip() or None
        return NewIncident(
            ticket=ticket,
            source="hotline_12345",
            reported_at=moment,
            x=x,
            y=y,
            located_by=located_by,
            catalog_code=item,
            description=str(cell(row, "content") or "").strip() or None,
            address=str(cell(row, "address") or "").strip() or None,
            reporter_name=str(cell(row, "caller") or "").strip() or None,
            reporter_phone=phone,
        )

    def _link_duplicates(self, incidents: list[NewIncident]) -> list[float | None]:
        """Link each report to an earlier one from the same phone, within 50 m, the same
        (China) day: in the store, or earlier in the batch (negative links). Returns the
        distance to the linked report, per incident."""
        distances = [None] * len(incidents)
        phones = sorted({i.reporter_phone for i in incidents if i.reporter_phone})
        if not phones:
            return distances
        days = [i.reported_at.astimezone(CHINA_TZ).date() for i in incidents]
        since = to_datetime_text(datetime.combine(min(days), datetime.min.time(), CHINA_TZ))
        until = to_datetime_text(
            datetime.combine(max(days) + timedelta(days=1), datetime.min.time(), CHINA_TZ)
        )
        earlier = self.store.incidents_by_phone(phones, since, until)
        for position, incident in enumerate(incidents):
            if not incident.reporter_phone:
                continue
            day = days[position]
            best = None
            for other in earlier:
                if other["phone"] != incident.reporter_phone:
                    continue
                moment = datetime.fromisoformat(other["reported_at"].replace("Z", "+00:00"))
                if moment.astimezone(CHINA_TZ).date() != day:
                    continue
                distance = math.hypot(other["x"] - incident.x, other["y"] - incident.y)
                if distance <= DUPLICATE_DISTANCE_M and (best is None or distance < best[1]):
                    best = (other["fid"], distance)
            for earlier_position in range(position):
                other = incidents[earlier_position]
                if (
                    other.reporter_phone == incident.reporter_phone
                    and days[earlier_position] == day
                ):
                    distance = math.hypot(other.x - incident.x, other.y - incident.y)
                    if distance <= DUPLICATE_DISTANCE_M and (best is None or distance < best[1]):
                        best = (-1 - earlier_position, distance)
            if best is not None:
                incident.duplicate_of, distances[position] = best
        return distances

    def _write(self, incidents, dry_run: bool):
        """One transaction for the batch; the whole batch again on "database is locked"."""
        if dry_run:
            try:
                with self.store.transaction():
                    raise _DryRunError(self._report(incidents))
            except _DryRunError as done:
                return done.routes
        self.store.share_with_readers()
        for attempt in range(LOCKED_RETRIES):
            try:
                return self._report(incidents)
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == LOCKED_RETRIES - 1:
                    raise
                clock.sleep(0.2 * 2**attempt)
        return []

    def _report(self, incidents):
        return report(
            self.store,
            self.router,
            incidents,
            "citizen",
            "12345 政务服务热线",
            reason="12345 hotline import",
        )

    def _error(self, result, number, code, **values) -> None:
        result.errors.append((number, code, self.texts[code].format(row=number, **values)))
        result.counts[code] += 1


_LABEL = {
    coords.CoordinateSystem.WGS84: "WGS84/CGCS2000",
    coords.CoordinateSystem.GCJ02: "GCJ-02",
    coords.CoordinateSystem.BD09: "BD-09",
}


@lru_cache(maxsize=1)
def _transformer():
    from pyproj import Transformer

    return Transformer.from_crs(4490, 4549, always_xy=True)


def _to_store_crs(lon, lat):
    """EPSG:4549 x, y for CGCS2000 longitude and latitude."""
    return _transformer().transform(lon, lat)
