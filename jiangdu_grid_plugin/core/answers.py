"""Answers go back to where the cases came from: the 12345 hotline office's reply table
(办理结果回复), and Open311 GeoReport v2 files for other systems, and requests from
another system read back in through the hotline import's checks.

Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): `services.json` is the
GET services response, an array of services (service_code, service_name, description,
metadata, type, keywords, group); `requests.json` is the GET requests response, an array
of requests (service_request_id, status open|closed, status_notes, service_name,
service_code, description, agency_responsible, service_notice, requested_datetime,
updated_datetime, expected_datetime, address, address_id, zipcode, lat, long,
media_url). Times are ISO 8601 with their offset (+08:00 here); lat/long are WGS-84
(CGCS2000 differs from it by centimetres). No personal data goes out: no caller's name
or phone, no staff names or notes; phone-shaped text in a description or address is
masked. media_url: GeoReport v2 gives a request one, so an incident's first photo that can
be read is written beside the files (write_open311_media) and its address given.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from .privacy import mask_name, mask_phone, mask_text
from .progress import SILENT, Progress
from .text import Text
from .timestamps import CHINA_TZ, from_datetime_text, to_datetime_text
from .workflow.steps import SATISFACTION_LABELS

JURISDICTION = "jiangdu.yangzhou.gov.cn"


def china_iso(text: str | None) -> str | None:
    """Stored DATETIME text as ISO 8601 in China time with its offset."""
    if not text:
        return None
    return from_datetime_text(text).astimezone(CHINA_TZ).isoformat(timespec="seconds")


def _local(text: str | None) -> str | None:
    if not text:
        return None
    return from_datetime_text(text).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


@lru_cache(maxsize=1)
def _to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs(4549, 4326, always_xy=True)


# The hotline office's reply table ---------------------------------------------------------

REPLY_COLUMNS = (
    ("工单编号", "ticket"),
    ("来电时间", "called"),
    ("来电人", "caller"),
    ("来电号码", "phone"),
    ("诉求内容", "content"),
    ("地址", "address"),
    ("办理状态", "state"),
    ("承办单位", "unit"),
    ("派遣时间", "dispatched"),
    ("办理时限", "deadline"),
    ("处置时间", "handled"),
    ("办理结果", "result"),
    ("办结时间", "closed"),
    ("回访时间", "followed_up"),
    ("满意度", "satisfaction"),
    ("回访意见", "follow_up_note"),
    ("返工次数", "reworked"),
)


def hotline_replies(store, start: datetime, end: datetime) -> list[dict]:
    """One reply per 12345 ticket that moved in [start, end): its state, unit, times,
    result and follow-up (REPLY_COLUMNS' keys), caller and phone masked."""
    incidents = store.answer_incidents(
        to_datetime_text(start), to_datetime_text(end), "hotline_12345"
    )
    histories = store.incident_histories([i["fid"] for i in incidents])
    units = store.names("units")
    replies = []
    for incident in incidents:
        moves = [m for m in histories.get(incident["fid"], []) if m["escalated_to"] is None]

        dispatch = _last(moves, "dispatch", "reassign", "rework")
        handled = _last(moves, "handle")
        follow = _last(moves, "follow_up", "rework")
        assigned = next((m["unit_code"] for m in reversed(moves) if m["unit_code"]), None)
        satisfaction = follow and follow["satisfaction"]
        replies.append(
            dict(
                ticket=incident["ticket"],
                called=_local(incident["reported_at"]),
                caller=mask_name(incident["reporter_name"]),
                phone=mask_phone(incident["reporter_phone"]),
                content=mask_text(incident["description"] or ""),
                address=mask_text(incident["address"] or ""),
                state=incident["step_zh"],
                unit=units.get(assigned) if assigned else incident["unit_name"],
                dispatched=_local(dispatch and dispatch["at"]),
                deadline=_local(incident["deadline_at"]),
                handled=_local(handled and handled["at"]),
                result=mask_text(handled["note"] or "") if handled else None,
                closed=_local(incident["closed_at"]),
                followed_up=_local(follow and follow["at"]),
                satisfaction=SATISFACTION_LABELS[satisfaction].zh if satisfaction else None,
                follow_up_note=mask_text(follow["note"] or "") if follow else None,
                reworked=sum(m["move"] == "rework" for m in moves),
            )
        )
    return replies


def _last(moves: list[dict], *codes: str) -> dict | None:
    return next((m for m in reversed(moves) if m["move"] in codes), None)


# Open311 GeoReport v2 ---------------------------------------------------------------------

SERVICE_FIELDS = (
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
)
REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)


def open311_services(store) -> list[dict]:
    """GeoReport v2 services: the event catalogue's items."""
    categories = store.names("event_categories")
    units = store.names("units")
    items = store.rows(
        "event_catalog",
        ["code", "category_code", "name", "unit_code", "deadline_hours", "deadline_unit"],
    )
    unit_words = {"hours": "小时", "working_hours": "工作小时", "working_days": "工作日"}
    return [
        dict(
            service_code=item["code"],
            service_name=item["name"],
            description=(
                f"{categories.get(item['category_code'], '')}：{item['name']}，责任单位"
                f"{units.get(item['unit_code'], item['unit_code'])}，处置时限 "
                f"{item['deadline_hours']} {unit_words.get(item['deadline_unit'], '')}"
            ),
            metadata=False,
            type="realtime",
            keywords=[categories.get(item["category_code"], ""), item["name"]],
            group=categories.get(item["category_code"], ""),
        )
        for item in items
    ]


def open311_requests(store, media_urls: Mapping[str, str] | None = None) -> list[dict]:
    """GeoReport v2 requests: one per incident, without personal data. `media_urls`:
    ticket -> the address of its photo, where one exists."""
    import numpy as np

    incidents = store.answer_incidents()
    histories = store.incident_histories()
    units = store.names("units")
    if incidents:
        lon, lat = _to_wgs84().transform(
            np.array([i["x"] for i in incidents]), np.array([i["y"] for i in incidents])
        )
    else:
        lon = lat = []
    media_urls = media_urls or {}
    requests = []
    for incident, longitude, latitude in zip(incidents, np.atleast_1d(lon), np.atleast_1d(lat)):
        moves = histories.get(incident["fid"], [])
        assigned = next((m["unit_code"] for m in reversed(moves) if m["unit_code"]), None)
        request = dict(
            service_request_id=incident["ticket"],
            status="open" if incident["phase"] == "open" else "closed",
            status_notes=incident["step_zh"],
            service_name=incident["catalog_name"],
            service_code=incident["catalog_code"],
            description=mask_text(incident["description"] or "") or None,
            agency_responsible=units.get(assigned) if assigned else incident["unit_name"],
            service_notice=None,
            requested_datetime=china_iso(incident["reported_at"]),
            updated_datetime=china_iso(incident["updated_at"]),
            expected_datetime=china_iso(incident["deadline_at"]),
            address=mask_text(incident["address"] or "") or None,
            address_id=None,
            zipcode=None,
            lat=round(float(latitude), 7),
            long=round(float(longitude), 7),
        )
        if incident["ticket"] in media_urls:
            request["media_url"] = media_urls[incident["ticket"]]
        requests.append(request)
    return requests


MEDIA_FOLDER = "media"  # beside requests.json
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s]')
PHOTO_MISSING = Text(
    "incident {ticket}: its photo {path} no longer exists; it is not exported",
    "事件 {ticket} 的照片 {path} 已不存在，未导出",
)


@dataclass
class Open311Media:
    """What write_open311_media wrote: media_url by ticket, the files, and a sentence for
    each photo it could not find."""

    urls: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    missing: list[Text] = field(default_factory=list)


def write_open311_media(
    store, folder: Path, base_url: str | None = None, progress: Progress = SILENT
) -> Open311Media:
    """Each incident's first photo that can be read (GeoReport v2 has one media_url per
    request), written into `folder` as <ticket>_<n>.<jpg|png>, n its place among the
    incident's photos (oldest first, from 1). Its media_url is media/<file> (relative to
    requests.json, the files going into MEDIA_FOLDER beside it), or <base_url>/<file>
    where the folder is published. A photo given by a path (relative to a GeoPackage's
    folder) that no longer exists is left out, with a sentence in `missing`."""
    folder = Path(folder)
    attached = {r["incident_id"] for r in store.rows("incident_attachments", ["incident_id"])}
    media = Open311Media()
    if not attached:
        return media
    with_photos = sorted(attached)
    tickets = {
        r["fid"]: r["ticket"] for r in store.rows("incidents", ["ticket"]) if r["fid"] in attached
    }
    location = getattr(store, "location", None)
    home = location.path.parent if location is not None and location.is_file else None
    folder.mkdir(parents=True, exist_ok=True)
    stems: set[str] = set()  # the file names' stems used so far, case folded
    chunk = 100  # incidents whose photos are in memory at once
    for start in range(0, len(with_photos), chunk):
        progress.check()
        photos: dict[int, list[dict]] = {}
        for photo in store.incident_photos(with_photos[start : start + chunk]):
            photos.setdefault(photo["incident_id"], []).append(photo)
        for fid, found in photos.items():
            ticket = tickets[fid]
            for number, photo in enumerate(found, 1):
                content = photo.get("content")
                if content is None:
                    content = _read(photo["path"], home)
                if content is None:
                    media.missing.append(PHOTO_MISSING.format(ticket=ticket, path=photo["path"]))
                    continue
                name = f"{_file_stem(ticket, stems)}_{number}.{_extension(photo, content)}"
                (folder / name).write_bytes(content)
                media.files.append(name)
                address = quote(name)
                media.urls[ticket] = (
                    f"{base_url.rstrip('/')}/{address}" if base_url else f"{MEDIA_FOLDER}/{address}"
                )
                break
        progress(min(1.0, (start + chunk) / len(with_photos)))
    return media


def _file_stem(ticket: str, used: set[str]) -> str:
    """The ticket as the start of a file name on any system: a ticket with characters
    no file name may hold ("12345/1"), or one that differs from another only in case
    (which Windows and macOS do not tell apart), is followed by a digest of it, so two
    tickets never write the same file."""
    stem = _NOT_IN_FILE_NAMES.sub("_", ticket)
    if stem != ticket or stem.casefold() in used:
        stem = f"{stem}_{hashlib.sha256(ticket.encode()).hexdigest()[:8]}"
    used.add(stem.casefold())
    return stem


def _read(path: str | None, home: Path | None) -> bytes | None:
    if not path:
        return None
    file = Path(path)
    if not file.is_absolute():
        if home is None:  # a relative path in PostGIS: relative to nothing this run knows
            return None
        file = home / file
    try:
        return file.read_bytes()
    except OSError:
        return None


def _extension(photo: dict, content: bytes) -> str:
    if photo.get("media_type") in _EXTENSIONS:
        return _EXTENSIONS[photo["media_type"]]
    return "png" if content.startswith(b"\x89PNG") else "jpg"


# Requests from another system, for the hotline import ---------------------------------------

OPEN311_MAPPING = {
    "ticket": "service_request_id",
    "time": "requested_datetime",
    "address": "address",
    "longitude": "long",
    "latitude": "lat",
    "content": "description",
    "catalog_item": "service_code",
}


def open311_table(requests: list) -> tuple[list[str], list[list]]:
    """The columns and rows of GeoReport v2 requests (a GET requests response) for the
    hotline import, which places, routes and checks them (OPEN311_MAPPING). A request
    that is not an object comes as an empty row (refused there as having no id)."""
    columns = list(REQUEST_FIELDS)
    rows = []
    for request in requests:
        if not isinstance(request, Mapping):
            rows.append([None] * len(columns))
            continue
        rows.append([_cell(request.get(column)) for column in columns])
    return columns, rows


def _cell(value):
    if value is None or isinstance(value, (str, int, float)):
        return value
    return str(value)
