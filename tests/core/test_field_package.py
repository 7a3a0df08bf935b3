"""An officer's field package and its way back: packaged from the store, written to as
QField writes (GDAL, plain GeoPackage rows and photo files), imported once and only
once, with conflicts reported and refusals stopping everything."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from osgeo import ogr

from jiangdu_grid_plugin.core.intake.field_import import import_field_reports
from jiangdu_grid_plugin.core.intake.field_package import make_field_package
from jiangdu_grid_plugin.core.text import UserError
from jiangdu_grid_plugin.core.workflow import escalate
from tests.core.activity_fixture import OX, OY
from tests.core.backends import BACKENDS, store_on
from tests.core.intake_fixture import CENTRE, build_district, dispatched
from tests.core.test_intake_photos import GPS, jpeg
from tests.helpers import validate_gpkg

# GDAL's errors are read from return codes: ogr.UseExceptions() would change GDAL for the
# whole test process.


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """The small district with an incident dispatched in officer 1's grid (with a photo
    and a caller's name and phone) and one in another grid."""
    path = build_district(tmp_path / "district.gpkg")
    with store_on(request, request.param, path) as opened:
        mine = dispatched(opened, 30, 40, reporter_name="王小明", reporter_phone="14012345678")
        opened.insert(
            "incident_attachments", [dict(incident_id=mine["fid"], content=jpeg(), path=None)]
        )
        dispatched(opened, 150, 50)
        yield opened


def package_rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_the_package_holds_the_officers_part_with_reporters_masked(store, tmp_path):
    package = make_field_package(store, 1, tmp_path / "field")
    assert package.gpkg.name == "field_P001.gpkg"
    assert package.counts == dict(grids=1, communities=1, facilities=2, incidents=1, photos=1)
    assert package_rows(package.gpkg, "SELECT code FROM grids") == [("321012100001001",)]
    (incident,) = package_rows(
        package.gpkg,
        "SELECT store_fid, step, reporter_name, reporter_phone, row_version FROM incidents",
    )
    assert incident == (1, "dispatched", "王*明", "140****5678", 3)
    ((path,),) = package_rows(package.gpkg, "SELECT path FROM incident_attachments")
    assert (package.gpkg.parent / path).read_bytes()[:3] == b"\xff\xd8\xff"
    info = dict(package_rows(package.gpkg, "SELECT key, value FROM package_info"))
    assert (info["officer_code"], info["officer_name"]) == ("P001", "人员1")
    assert validate_gpkg(package.gpkg).returncode == 0


def test_personal_data_in_a_dispatched_incidents_text_is_masked(store, tmp_path):
    """The reporter's name and phone numbers inside the description and the address."""
    talked = dispatched(
        store,
        35,
        45,
        reporter_name="欧阳明华",
        reporter_phone="13987654321",
        description="欧阳明华反映井盖丢了，回电 139 8765 4321",
        address="仙女镇欧阳明华家门口，门卫 0514-86421234",
    )
    package = make_field_package(store, 1, tmp_path / "field")
    rows = package_rows(
        package.gpkg,
        "SELECT store_fid, description, address, reporter_name, reporter_phone FROM incidents "
        "ORDER BY store_fid",
    )
    assert rows == [
        (1, "井盖破损", None, "王*明", "140****5678"),
        (
            talked["fid"],
            "欧**华反映井盖丢了，回电 139******4321",
            "仙女镇欧**华家门口，门卫 051******1234",
            "欧**华",
            "139****4321",
        ),
    ]
    with sqlite3.connect(package.gpkg) as connection:
        dumped = "\n".join(connection.iterdump())
    for personal in ("欧阳明华", "8765 4321", "86421234", "王小明", "14012345678"):
        assert personal not in dumped
    assert store.incident(talked["fid"])["description"].startswith("欧阳明华反映")  # kept


def test_no_package_for_an_unknown_officer_or_one_without_a_grid(store, tmp_path):
    with pytest.raises(UserError, match="has no officer 99"):
        make_field_package(store, 99, tmp_path)
    with pytest.raises(UserError, match=r"officer 人员4 \(P004\) serves no grid"):
        store._rows_of("UPDATE assignments SET valid_to = '2019-02-01' WHERE officer_id = 4")
        make_field_package(store, 4, tmp_path)


def add_report(package: Path, x, y, item="01001", text="树枝压住电线", photos=()):
    """A report as QField saves it: a feature with the form's uuid, and photo files in
    DCIM with their rows."""
    source = ogr.Open(str(package), 1)
    layer = source.GetLayerByName("incidents")
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT ({OX + x} {OY + y})"))
    report_uuid = str(uuid.uuid4())
    for name, value in (
        ("report_uuid", report_uuid),
        ("catalog_code", item),
        ("category_code", item and item[:2]),
        ("description", text),
    ):
        if value is not None:
            feature.SetField(name, value)
    assert layer.CreateFeature(feature) == ogr.OGRERR_NONE
    _add_photos(source, package, report_uuid, photos)
    return report_uuid


def _add_photos(source, package: Path, report_uuid: str, photos) -> None:
    layer = source.GetLayerByName("incident_attachments")
    for name, content, kind in photos:
        (package.parent / "DCIM").mkdir(exist_ok=True)
        (package.parent / "DCIM" / name).write_bytes(content)
        feature = ogr.Feature(layer.GetLayerDefn())
        for field, value in (
            ("report_uuid", report_uuid),
            ("path", f"DCIM/{name}"),
            ("kind", kind),
        ):
            feature.SetField(field, value)
        assert layer.CreateFeature(feature) == ogr.OGRERR_NONE


def add_feedback(package: Path, note: str, photos=()):
    """The officer's 处理反馈 on the dispatched incident, as QField saves an edit."""
    source = ogr.Open(str(package), 1)
    layer = source.GetLayerByName("incidents")
    layer.SetAttributeFilter("store_fid IS NOT NULL")
    feature = layer.GetNextFeature()
    feature.SetField("feedback_note", note)
    assert layer.SetFeature(feature) == ogr.OGRERR_NONE
    _add_photos(source, package, feature.GetField("report_uuid"), photos)


def outcomes(result):
    return [(row.kind, row.outcome) for row in result.rows]


def test_a_round_trip_imports_once_and_only_once(store, tmp_path):
    package = make_field_package(store, 1, tmp_path / "field").gpkg
    taken = {0x8769: {0x9003: "2019:11:25 09:14:00"}, 0x8825: GPS}
    add_report(package, 20, 20, photos=[("IMG_1.jpg", jpeg(taken), "report")])
    add_report(package, 30, 40, text="井盖又坏了")  # beside the dispatched one, same item
    add_report(
        package,
        250,
        50,
        item="02001",
        text="乱堆建材",
        photos=[("IMG_2.jpg", jpeg(), "report"), ("IMG_3.jpg", jpeg(), "report")],
    )
    add_feedback(package, "已更换井盖", photos=[("IMG_4.jpg", jpeg(), "after")])
    before = store.count("incidents")

    first = import_field_reports(store, package)
    assert first.written
    assert outcomes(first) == [("feedback", "handled")] + [("report", "imported")] * 3
    _, *reports = first.rows
    assert [r.grid_code for r in reports] == [
        "321012100001001",
        "321012100001001",
        "321012101001001",
    ]
    assert [r.photos for r in reports] == [1, 0, 2]
    assert reports[1].duplicate_of == store.incident(1)["ticket"]
    assert "possible duplicate of" in reports[1].message.en
    new = store.incidents_brief([r.fid for r in reports])
    assert {b["step"] for b in new.values()} == {"reported"}
    assert [s["actor_name"] for s in store.incident_history(reports[0].fid)] == ["人员1"]
    handled = store.incident(1)
    assert (handled["step"], handled["row_version"]) == ("handled", 4)
    last = store.incident_history(1)[-1]
    assert (last["to_step"], last["note"], last["officer_id"]) == ("handled", "已更换井盖", 1)
    photos = store.incident_photos([1, *(r.fid for r in reports)])
    assert sorted((p["incident_id"], p["kind"], p["step"]) for p in photos) == sorted(
        [(1, "report", "reported"), (1, "after", "handled"), (reports[0].fid, "report", "reported")]
        + [(reports[2].fid, "report", "reported")] * 2
    )
    exif = next(p for p in photos if p["file_name"] == "IMG_1.jpg")
    assert exif["taken_at"] == "2019-11-25T01:14:00.000Z" and exif["latitude"] > 32

    second = import_field_reports(store, package)
    assert outcomes(second) == [("feedback", "handled_before")] + [("report", "already")] * 3
    assert [r.ticket for r in second.rows[1:]] == [r.ticket for r in reports]
    assert store.count("incidents") == before + 3
    assert store.count("incident_attachments") == 5


def test_the_office_moving_an_incident_meanwhile_is_a_conflict(store, tmp_path):
    package = make_field_package(store, 1, tmp_path / "field").gpkg
    add_report(package, 20, 20)
    add_feedback(package, "已处理")
    escalate(store, 1, CENTRE, 3)  # the office, after the package was made
    result = import_field_reports(store, package)
    assert outcomes(result) == [("feedback", "conflict"), ("report", "imported")]
    assert result.rows[0].message.en.endswith(
        "(now Dispatched, version 4; the package had version 3): the feedback was not applied"
    )
    assert store.incident(1)["step"] == "dispatched"
    again = import_field_reports(store, package)
    assert outcomes(again) == [("feedback", "conflict"), ("report", "already")]


@pytest.mark.parametrize(
    ("report", "reason"),
    [
        (dict(text=None), "a report needs a description"),
        (dict(item="09999"), "the item is not in the event catalogue"),
        (dict(x=2000), "the point is outside the district"),
        (dict(photos=[("clip.gif", b"GIF89a" + bytes(40), "report")]), "clip.gif: not a JPEG"),
        (dict(photos=[("IMG_9.jpg", None, "report")]), "DCIM/IMG_9.jpg: no such file"),
    ],
)
def test_one_refused_row_stops_the_whole_import(store, tmp_path, report, reason):
    package = make_field_package(store, 1, tmp_path / "field").gpkg
    add_report(package, 20, 20)
    values = dict(dict(x=60, item="01001", text="路灯不亮"), **report)
    photos = values.pop("photos", ())
    bad = add_report(package, values.pop("x"), 60, **values)
    for name, content, kind in photos:
        if content is None:
            source = ogr.Open(str(package), 1)
            layer = source.GetLayerByName("incident_attachments")
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetField("report_uuid", bad)
            feature.SetField("path", f"DCIM/{name}")
            assert layer.CreateFeature(feature) == ogr.OGRERR_NONE
            source = None
        else:
            _add_photos(ogr.Open(str(package), 1), package, bad, [(name, content, kind)])
    add_feedback(package, "已处理")
    before = (store.count("incidents"), store.count("incident_steps"))
    result = import_field_reports(store, package)
    assert not result.written
    assert outcomes(result) == [
        ("feedback", "held_back"),
        ("report", "held_back"),
        ("report", "refused"),
    ]
    assert reason in result.rows[2].message.en
    assert (store.count("incidents"), store.count("incident_steps")) == before


def test_a_package_of_another_store_or_no_package_is_refused(store, tmp_path):
    package = make_field_package(store, 1, tmp_path / "field").gpkg
    with sqlite3.connect(package) as connection:
        connection.execute("UPDATE package_info SET value = 'X9' WHERE key = 'officer_code'")
    with pytest.raises(UserError, match="was made for officer X9"):
        import_field_reports(store, package)
    with pytest.raises(UserError, match="is not a field package"):
        import_field_reports(store, tmp_path / "district.gpkg")


def test_a_cancelled_package_or_import_leaves_nothing(store, tmp_path):
    from jiangdu_grid_plugin.core.progress import CanceledError, Progress

    heard = []

    def cancelled_at(fraction):
        return Progress(heard.append, lambda: bool(heard) and heard[-1] >= fraction)

    folder = tmp_path / "field"
    with pytest.raises(CanceledError):
        make_field_package(store, 1, folder, progress=cancelled_at(0.5))
    assert heard == [0.3, 0.5]  # the photos were written, then the user cancelled
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == []
    heard.clear()
    package = make_field_package(store, 1, folder, progress=Progress(heard.append)).gpkg
    assert heard == [0.3, 0.5, 1.0]
    add_report(package, 20, 20, photos=[("IMG_1.jpg", jpeg(), "report")])
    add_feedback(package, "已更换井盖")
    before = (store.count("incidents"), store.count("incident_attachments"), store.incident(1))
    heard.clear()
    with pytest.raises(CanceledError):
        import_field_reports(store, package, progress=cancelled_at(0.9))
    assert heard == [0.0, 0.4, 0.9]  # two rows checked, written, cancelled before the commit
    assert (store.count("incidents"), store.count("incident_attachments")) == before[:2]
    assert store.incident(1) == before[2]
    assert import_field_reports(store, package).written  # the same package, once more
