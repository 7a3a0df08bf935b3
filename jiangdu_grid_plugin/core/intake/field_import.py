"""What comes back from the field: an officer's field package (field_package.py) merged
into the store.

- New reports (rows without a store fid) are written for the store to route as any
  report is (store/intake_rules.py): ticket, grid, first step, possible duplicates; their
  photos go with them. A report already imported (its report_uuid is in the store) is
  left alone: importing the same package twice adds nothing.
- 处理反馈 on a dispatched incident (feedback_note, and photos before and after) moves it
  to handled as the officer, at the time the feedback was written, with the row version
  the package was made from: when the office moved the incident meanwhile, that row is a
  conflict, reported and never written over. Feedback imported before is left alone.
- A report refused (no point, no item, an item the catalogue lacks, no description, a
  point outside the district, a photo that is no JPEG or PNG, too large or missing) stops
  the whole import: nothing is written, all or nothing, and every row says why.
Everything is written in one transaction.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import shapely

from ..progress import SILENT, Progress
from ..store.intake_rules import BLANKS, DEFAULT_TOLERANCE_M
from ..store.sqlite import geometry_blob
from ..text import Text, UserError
from ..timestamps import CHINA_TZ, to_datetime_text
from ..workflow import Actor, ConflictError, Workflow, move
from .package_schema import APPLICATION
from .photos import Photo, PhotoError, read_photo
from .texts import text

LOGGER = logging.getLogger(__name__)
FAR_PHOTO_M = 500.0  # a photo taken farther than this from its report is named in the note


@dataclass
class Outcome:
    """What happened to one row of the package."""

    row: int  # the row's fid in the package
    kind: str  # "report" or "feedback"
    outcome: str  # imported, already, refused, held_back, handled, handled_before, conflict,
    # photos_added
    message: Text
    x: float | None = None
    y: float | None = None
    fid: int | None = None  # the incident in the store
    ticket: str | None = None
    grid_code: str | None = None
    duplicate_of: str | None = None  # the ticket of the incident it probably repeats
    photos: int = 0


@dataclass
class FieldImport:
    """The import of one package: a row each, the officer, and whether it was written."""

    officer: dict
    rows: list[Outcome] = field(default_factory=list)
    written: bool = False

    @property
    def counts(self) -> Counter:
        return Counter(row.outcome for row in self.rows)


@dataclass
class _Planned:
    outcome: Outcome
    row: dict
    photos: list[Photo]
    note: Text | None = None


def _moment(value, default: datetime) -> str:
    """DATETIME text (UTC) of a time as a device wrote it; without a zone, China time."""
    if value in (None, ""):
        return to_datetime_text(default)
    text_value = str(value).strip().replace(" ", "T").replace("/", "-")
    try:
        moment = datetime.fromisoformat(text_value.replace("Z", "+00:00"))
    except ValueError:
        return str(value)  # the store refuses it with its own sentence
    return to_datetime_text(moment if moment.tzinfo else moment.replace(tzinfo=CHINA_TZ))


class _Package:
    """A field package, read (never written)."""

    def __init__(self, path: Path):
        self.path, self.folder = path, path.parent
        if not path.is_file():
            raise UserError(text("not_a_package", path=path, reason="no such file"))
        self.connection = sqlite3.connect(path)
        try:
            self.info = dict(self.connection.execute("SELECT key, value FROM package_info"))
        except sqlite3.DatabaseError as error:
            self.connection.close()
            raise UserError(text("not_a_package", path=path, reason=str(error))) from None
        if self.info.get("application") != APPLICATION:
            self.connection.close()
            raise UserError(text("not_a_package", path=path, reason="package_info"))

    def dicts(self, sql: str) -> list[dict]:
        cursor = self.connection.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def close(self) -> None:
        self.connection.close()


def import_field_reports(
    store,
    package_path,
    language: str = "en",
    now: datetime | None = None,
    before_commit=None,
    progress: Progress = SILENT,
) -> FieldImport:
    """Merge the field package at `package_path` into `store` (see the module).
    `before_commit(result)` runs inside the store's transaction once everything is
    written and described, so that what the caller writes beside the store (its table
    of outcomes) is all or nothing with it. `progress` reports each report checked and
    may cancel (CanceledError) until the store commits: nothing is then written."""
    now = now or datetime.now(timezone.utc)
    package = _Package(Path(package_path))
    try:
        officer = _officer(store, package)
        result = FieldImport(officer)
        incidents = package.dicts(
            "SELECT fid, store_fid, report_uuid, category_code, catalog_code, description, "
            "address, reported_at, row_version, feedback_note, feedback_at, geom "
            "FROM incidents ORDER BY fid"
        )
        photos = package.dicts(
            "SELECT fid, report_uuid, kind, path, taken_at, content, store_fid "
            "FROM incident_attachments WHERE store_fid IS NULL ORDER BY fid"
        )
    finally:
        package.close()
    points = geometry_blob.decode([i["geom"] for i in incidents])
    for incident, point in zip(incidents, points):
        empty = point is None or shapely.is_empty(point)
        incident["x"], incident["y"] = (None, None) if empty else (point.x, point.y)
    by_report: dict[str, list[dict]] = {}
    for photo in photos:
        by_report.setdefault(photo["report_uuid"], []).append(photo)
    known = store.reports_by_uuid(i["report_uuid"] for i in incidents if i["report_uuid"])
    check = _Checks(store)
    planned: list[_Planned] = []
    for number, incident in enumerate(incidents):
        progress.check()
        progress(0.8 * number / max(1, len(incidents)))
        if incident["store_fid"] is None:
            plan = _report(store, check, incident, by_report, known, package, now)
        else:
            plan = _feedback(store, incident, by_report, officer, package, now)
        if plan is not None:
            result.rows.append(plan.outcome)
            planned.append(plan)
    if any(row.outcome == "refused" for row in result.rows):
        for row in result.rows:
            if row.outcome not in ("refused", "already", "handled_before", "conflict"):
                row.outcome, row.message = "held_back", text("held_back")
        return result
    _write(store, planned, officer, now, result, before_commit, progress)
    return result


def _officer(store, package: _Package) -> dict:
    info = package.info
    officer = store.officer_card(int(info.get("officer_fid") or 0))
    if officer is None or officer["code"] != info.get("officer_code"):
        raise UserError(
            text(
                "other_store",
                path=package.path.name,
                code=info.get("officer_code"),
                name=info.get("officer_name"),
                fid=info.get("officer_fid"),
            )
        )
    return officer


class _Checks:
    """The store's refusals of a report, asked before anything is written."""

    def __init__(self, store):
        self.catalog = store.catalog_items()
        grids = store.active_grids()
        self.tree = shapely.STRtree([g["geom"] for g in grids])
        tolerance = store.info().get("route_tolerance_m")
        self.tolerance = float(tolerance) if tolerance else DEFAULT_TOLERANCE_M

    def refusal(self, incident: dict) -> str | None:
        if incident["x"] is None:
            return "no_point"
        item = (incident["catalog_code"] or "").strip()
        if not item:
            return "no_item"
        if item not in self.catalog:
            return "unknown_item"
        category = incident["category_code"]
        if category and self.catalog[item]["category_code"] != category:
            return "category"
        if not (incident["description"] or "").strip(BLANKS):
            return "no_description"
        point = shapely.Point(incident["x"], incident["y"])
        if not len(self.tree.query(point, predicate="dwithin", distance=self.tolerance)):
            return "outside"
        return None


def _photos_of(uuid, by_report, package: _Package, kept: set[str]):
    """The package's new photos of a report, read and checked; a PhotoError (or a
    missing file) refuses the row. Photos already in the store (by file name) are left."""
    found = []
    for photo in by_report.get(uuid, ()):
        name = Path(str(photo["path"] or f"photo_{photo['fid']}.jpg")).name
        if name in kept:
            continue
        content = photo["content"]
        if content is None:
            file = package.folder / str(photo["path"] or "")
            if not photo["path"] or not file.is_file():
                raise PhotoError(text("photo_missing", file=photo["path"] or name))
            content = file.read_bytes()
        read = read_photo(bytes(content), name)
        if read.taken_at is None and photo["taken_at"]:
            read = replace(read, taken_at=_moment(photo["taken_at"], datetime.now(timezone.utc)))
        found.append((photo["kind"] or "report", read))
    return found


def _report(store, check, incident, by_report, known, package, now) -> _Planned:
    uuid = incident["report_uuid"] or f"{package.info.get('made_at')}#{incident['fid']}"
    outcome = Outcome(
        incident["fid"], "report", "imported", Text("", ""), incident["x"], incident["y"]
    )
    if uuid in known:
        outcome.outcome, outcome.fid = "already", known[uuid]["fid"]
        outcome.ticket = known[uuid]["ticket"]
        outcome.message = text("already", ticket=outcome.ticket)
        return _Planned(outcome, {}, [])
    refusal = check.refusal(incident)
    photos = []
    if refusal is None:
        try:
            photos = _photos_of(uuid, by_report, package, set())
        except PhotoError as error:
            outcome.outcome, outcome.message = "refused", error.message
            return _Planned(outcome, {}, [])
    if refusal is not None:
        outcome.outcome, outcome.message = "refused", text(refusal)
        return _Planned(outcome, {}, [])
    row = dict(
        source="patrol",
        catalog_code=incident["catalog_code"].strip(),
        category_code=incident["category_code"] or None,
        description=incident["description"].strip(BLANKS),
        address=(incident["address"] or "").strip() or None,
        reported_at=_moment(incident["reported_at"], now),
        located_by="coordinates",
        report_uuid=uuid,
    )
    return _Planned(outcome, row, photos, _far(photos, incident))


def _feedback(store, incident, by_report, officer, package, now) -> _Planned | None:
    note = (incident["feedback_note"] or "").strip(BLANKS)
    fid = incident["store_fid"]
    outcome = Outcome(
        incident["fid"], "feedback", "handled", Text("", ""), incident["x"], incident["y"], fid=fid
    )
    current = store.incident(fid)
    if current is None:
        outcome.outcome, outcome.message = "conflict", text("gone", fid=fid)
        return _Planned(outcome, {}, [])
    outcome.ticket, outcome.grid_code = current["ticket"], current["grid_code"]
    kept = {p["file_name"] for p in store.incident_photos([fid], with_content=False)}
    try:
        photos = _photos_of(incident["report_uuid"], by_report, package, kept)
    except PhotoError as error:
        outcome.outcome, outcome.message = "refused", error.message
        return _Planned(outcome, {}, [])
    if not note and not photos:
        return None  # the officer left this incident as it came
    at = _moment(incident["feedback_at"], now)
    if note and store.handled_by(fid, officer["fid"], at):
        outcome.outcome, outcome.message = (
            "handled_before",
            text("handled_before", ticket=current["ticket"]),
        )
        return _Planned(outcome, {}, [])
    had = incident["row_version"]
    if note and (current["row_version"] != had or current["step"] != "dispatched"):
        steps = Workflow.from_store(store)
        outcome.outcome = "conflict"
        outcome.message = Text(
            *(
                text(
                    "conflict",
                    ticket=current["ticket"],
                    step=steps.label(current["step"], language),
                    now=current["row_version"],
                    had=had,
                )(language)
                for language in ("en", "zh")
            )
        )
        return _Planned(outcome, {}, [])
    if not note:
        outcome.outcome = "photos_added"
        outcome.message = text("photos_only", count=len(photos), ticket=current["ticket"])
    return _Planned(outcome, dict(note=note, at=at, version=had), photos)


def _far(photos, incident) -> Text | None:
    """A note naming the photos taken far from the report's point (by their EXIF)."""
    placed = [(kind, p) for kind, p in photos if p.longitude is not None]
    if not placed or incident["x"] is None:
        return None
    from pyproj import Transformer

    to_store = Transformer.from_crs(4490, 4549, always_xy=True)
    x, y = to_store.transform([p.longitude for _, p in placed], [p.latitude for _, p in placed])
    distance = np.hypot(np.asarray(x) - incident["x"], np.asarray(y) - incident["y"])
    notes = [
        text("photo_far", file=p.file_name, distance=float(d))
        for (_, p), d in zip(placed, distance)
        if d > FAR_PHOTO_M
    ]
    if not notes:
        return None
    return Text("; " + "; ".join(n.en for n in notes), "；" + "；".join(n.zh for n in notes))


def _attachment(fid: int, step: str, kind: str, photo: Photo) -> dict:
    return dict(
        incident_id=fid,
        step=step,
        kind=kind,
        taken_at=photo.taken_at,
        file_name=photo.file_name,
        media_type=photo.media_type,
        content=photo.content,
        path=None,
        longitude=photo.longitude,
        latitude=photo.latitude,
    )


def _write(
    store,
    planned: list[_Planned],
    officer: dict,
    now: datetime,
    result,
    before_commit,
    progress: Progress = SILENT,
) -> None:
    """Everything the import writes, in one transaction (with the caller's own writes,
    `before_commit`)."""
    reports = [p for p in planned if p.outcome.outcome == "imported"]
    feedback = [p for p in planned if p.outcome.outcome in ("handled", "photos_added")]
    actor = Actor(
        "grid_leader" if officer["role"] == "grid_leader" else "grid_officer",
        officer["name"],
        officer["fid"],
    )
    steps = Workflow.from_store(store)
    with store.transaction():
        fids = store.add_reports(
            [dict(p.row, reported_by=officer["fid"]) for p in reports],
            [(p.outcome.x, p.outcome.y) for p in reports],
        )
        photos = []
        for plan, fid in zip(reports, fids):
            plan.outcome.fid = fid
            photos += [_attachment(fid, "reported", kind, p) for kind, p in plan.photos]
        for plan in feedback:
            fid = plan.outcome.fid
            if plan.row["note"]:
                try:
                    move(
                        store,
                        fid,
                        "handled",
                        actor,
                        plan.row["version"],
                        note=plan.row["note"],
                        at=datetime.fromisoformat(plan.row["at"].replace("Z", "+00:00")),
                        workflow=steps,
                    )
                except ConflictError as error:
                    plan.outcome.outcome, plan.outcome.message = "conflict", error.message
                    continue
                plan.outcome.message = text("handled", ticket=plan.outcome.ticket)
            photos += [_attachment(fid, "handled", kind, p) for kind, p in plan.photos]
            plan.outcome.photos = len(plan.photos)
        if photos:
            store.insert("incident_attachments", photos)
        _describe(store, reports)
        progress(0.9)
        progress.check()  # the last moment a cancel leaves the store as it was
        result.written = True
        if before_commit is not None:
            before_commit(result)


def _describe(store, reports: list[_Planned]) -> None:
    """Each imported report's ticket, grid, rule and possible duplicate, as the store
    routed them."""
    brief = store.incidents_brief([p.outcome.fid for p in reports])
    originals = store.incidents_brief(
        sorted({b["duplicate_of"] for b in brief.values() if b["duplicate_of"]})
    )
    for plan in reports:
        routed, outcome = brief[plan.outcome.fid], plan.outcome
        outcome.ticket, outcome.grid_code = routed["ticket"], routed["grid_code"]
        outcome.photos = len(plan.photos)
        message = text(
            "imported", ticket=routed["ticket"], grid=routed["grid_code"], rule=routed["route_rule"]
        )
        if routed["duplicate_of"]:
            outcome.duplicate_of = originals[routed["duplicate_of"]]["ticket"]
            message = message + text("duplicate", ticket=outcome.duplicate_of)
        if plan.photos:
            message = message + text("photos", count=len(plan.photos))
        outcome.message = message + plan.note if plan.note else message
