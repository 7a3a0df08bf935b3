"""An officer's field package (外业包): a GeoPackage that QGIS and QField open offline,
with the officer's grids and their communities, the facilities in them, the open
incidents dispatched to them (and their photos, as files beside it), and the event
catalogue; the officer's new reports and 处理反馈 go into it and come back through
field_import.py. maps/field_project.py writes the QGIS project that goes with it.

Reporters' names and phone numbers are masked (core/privacy.py): the package leaves the
office on a phone. So is personal data inside a dispatched incident's description and
address: anything shaped like a phone number, and the reporter's name.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import shapely

from ..privacy import mask_name, mask_phone, mask_text
from ..progress import SILENT, Progress
from ..store.dialect import quote
from ..store.sqlite import ddl, geometry_blob
from ..store.sqlite.connection import connect, transaction
from ..text import UserError
from ..timestamps import CHINA_TZ, to_datetime_text
from .package_schema import APPLICATION, FORMAT_VERSION, PACKAGE_TRIGGERS, package_tables
from .photos import EXTENSIONS
from .texts import text

PHOTO_FOLDER = "photos"  # the dispatched incidents' photos, beside the package


@dataclass
class FieldPackage:
    """What package_for_field wrote."""

    gpkg: Path
    officer: dict
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.gpkg.stem


def package_name(officer: dict) -> str:
    """field_<officer's code>, in characters every file system takes."""
    return "field_" + (re.sub(r"[^0-9A-Za-z_-]", "_", str(officer["code"])) or str(officer["fid"]))


def make_field_package(
    store, officer_fid: int, folder, now: datetime | None = None, progress: Progress = SILENT
) -> FieldPackage:
    """Write officer `officer_fid`'s field package into `folder` (made if missing):
    <folder>/field_<code>.gpkg and its photos. The package appears whole or not at all
    (the photos it wrote are taken away again when it fails or is cancelled: `progress`
    reports each table and may cancel, CanceledError). UserError when there is no such
    officer or they serve no grid today."""
    now = now or datetime.now(timezone.utc)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UserError(text("no_folder", folder=folder))
    officer = store.officer_card(officer_fid)
    if officer is None:
        raise UserError(text("no_officer", store=store.location.label, fid=officer_fid))
    day = now.astimezone(CHINA_TZ).date()
    scopes = [s["scope_code"] for s in store.officer_scopes(officer["fid"], day)]
    grids = store.grids_under(scopes) if scopes else []
    if not grids:
        raise UserError(
            text("no_scope", name=officer["name"], code=officer["code"], day=day.isoformat())
        )
    codes = [g["code"] for g in grids]
    wanted = {g["community_code"] for g in grids}
    communities = [
        c for c in store.rows("communities", ["code", "name", "town_code"], True)
        if c["code"] in wanted
    ]  # fmt: skip
    facilities = store.facilities_in(codes)
    incidents = store.incidents_at_step_in("dispatched", codes)
    photos = store.incident_photos([i["fid"] for i in incidents])
    progress.check()
    progress(0.3)
    folder.mkdir(parents=True, exist_ok=True)
    package = FieldPackage(folder / f"{package_name(officer)}.gpkg", officer)
    tables = {table.name: table for table in package_tables(officer["fid"])}
    partial = package.gpkg.with_name(package.gpkg.name + ".part")
    partial.unlink(missing_ok=True)
    written: list[dict] = []
    connection = connect(partial)
    try:
        _photo_files(folder, incidents, photos, written)
        progress.check()
        progress(0.5)
        with transaction(connection):
            ddl.create_metadata(connection)
            for table in tables.values():
                ddl.add_table(connection, table, connection.execute)
            for statement in PACKAGE_TRIGGERS:
                connection.execute(statement)
            info = dict(
                application=APPLICATION,
                format_version=FORMAT_VERSION,
                officer_fid=str(officer["fid"]),
                officer_code=officer["code"],
                officer_name=officer["name"],
                store=store.location.label,
                district_code=store.info().get("district_code", "321012"),
                made_at=to_datetime_text(now),
            )
            _insert(connection, "package_info", [dict(key=k, value=v) for k, v in info.items()])
            _insert(
                connection,
                "grids",
                [{k: g[k] for k in ("code", "name", "community_code", "town_code")} for g in grids],
                [g["geom"] for g in grids],
            )
            _insert(
                connection,
                "communities",
                [{k: c[k] for k in ("code", "name", "town_code")} for c in communities],
                [c["geom"] for c in communities],
            )
            _insert(
                connection,
                "facilities",
                [
                    {k: f[k] for k in ("code", "name", "class_name", "state", "grid_code")}
                    for f in facilities
                ],
                [shapely.Point(f["x"], f["y"]) for f in facilities],
            )
            _insert(
                connection, "event_categories", store.rows("event_categories", ["code", "name"])
            )
            _insert(
                connection,
                "event_catalog",
                store.rows("event_catalog", ["code", "category_code", "name", "deadline_hours"]),
            )
            _insert(
                connection,
                "incidents",
                [_dispatched(i) for i in incidents],
                [shapely.Point(i["x"], i["y"]) for i in incidents],
            )
            _insert(connection, "incident_attachments", written)
            for table in tables.values():
                _finish(connection, table)
            progress.check()  # the last moment: nothing is kept after it
        connection.close()
        os.replace(partial, package.gpkg)
        progress(1.0)
    except BaseException:
        connection.close()
        partial.unlink(missing_ok=True)
        for row in written:
            (folder / row["path"]).unlink(missing_ok=True)
        raise
    package.counts = dict(
        grids=len(grids),
        communities=len(communities),
        facilities=len(facilities),
        incidents=len(incidents),
        photos=len(written),
    )
    return package


def _dispatched(incident: dict) -> dict:
    """An incident dispatched to the officer, as the package holds it: the reporter
    masked, and in the description and address every phone-shaped part and the
    reporter's name."""
    name = (incident["reporter_name"] or "").strip()
    names = [name] if len(name) >= 2 else []
    return dict(
        store_fid=incident["fid"],
        ticket=incident["ticket"],
        report_uuid=incident["report_uuid"] or incident["ticket"],
        category_code=incident["category_code"],
        catalog_code=incident["catalog_code"],
        description=_masked(incident["description"], names),
        address=_masked(incident["address"], names),
        step=incident["step"],
        reported_at=incident["reported_at"],
        deadline_at=incident["deadline_at"],
        grid_code=incident["grid_code"],
        reporter_name=mask_name(incident["reporter_name"]),
        reporter_phone=mask_phone(incident["reporter_phone"]),
        reported_by=incident["reported_by"],
        row_version=incident["row_version"],
        feedback_note=None,
        feedback_at=None,
    )


def _masked(text: str | None, names: list[str]) -> str | None:
    return None if text is None else mask_text(text, names)


def _photo_files(folder: Path, incidents: list[dict], photos: list[dict], rows: list) -> None:
    """Write the dispatched incidents' photos as files in <folder>/photos; their rows
    into `rows`, each as soon as its file is written."""
    by_fid = {i["fid"]: i for i in incidents}
    for number, photo in enumerate(photos, start=1):
        if photo["content"] is None:
            continue  # a photo kept as a path in the store stays there
        incident = by_fid[photo["incident_id"]]
        name = f"{incident['ticket']}_{number}{EXTENSIONS.get(photo['media_type'], '.jpg')}"
        (folder / PHOTO_FOLDER).mkdir(exist_ok=True)
        (folder / PHOTO_FOLDER / name).write_bytes(photo["content"])
        rows.append(
            dict(
                report_uuid=incident["report_uuid"] or incident["ticket"],
                kind=photo["kind"],
                path=f"{PHOTO_FOLDER}/{name}",
                taken_at=photo["taken_at"],
                content=None,
                store_fid=photo["fid"],
            )
        )


def _insert(connection, table: str, rows: list[dict], geometries=None) -> None:
    if not rows:
        return
    columns = list(rows[0])
    values = [[row[c] for c in columns] for row in rows]
    if geometries is not None:
        columns.append("geom")
        for value, blob in zip(values, geometry_blob.encode(list(geometries), 4549)):
            value.append(blob)
    connection.executemany(
        f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join('?' * len(columns))})",
        values,
    )


def _finish(connection, table) -> None:
    """Count the table's rows and record a layer's extent, as GDAL reads them."""
    connection.execute(
        "UPDATE gpkg_ogr_contents SET feature_count = (SELECT count(*) FROM "
        f"{quote(table.name)}) WHERE table_name = ?",
        (table.name,),
    )
    if table.is_layer:
        box = connection.execute(
            "SELECT min(minx), min(miny), max(maxx), max(maxy) FROM "
            f"{quote('rtree_' + table.name + '_geom')}"
        ).fetchone()
        connection.execute(
            "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? "
            "WHERE table_name = ?",
            (*box, table.name),
        )
