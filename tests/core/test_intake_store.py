"""Reports routed by the store itself (sqlite/intake.py, postgres/intake.py): a row written
to incidents without a ticket is checked, routed, numbered, linked to a possible
duplicate and given its first step, on both backends; a complete row is left alone."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest
import shapely

from jiangdu_grid_plugin.core.store import StoreError, open_store
from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.core.store.sqlite import intake
from tests.core.activity_fixture import OX, OY
from tests.core.backends import BACKENDS, store_on
from tests.core.intake_fixture import build_district, report, undo_intake_sqlite
from tests.core.routing_fixture import build_store_file
from tests.helpers import validate_gpkg

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)
GIF = b"GIF89a" + bytes(100)


@pytest.fixture
def district(tmp_path):
    return build_district(tmp_path / "district.gpkg")


@pytest.fixture(params=BACKENDS)
def store(request, district):
    with store_on(request, request.param, district) as opened:
        yield opened


def first_steps(store, fid):
    return [
        (s["from_step"], s["to_step"], s["actor_role"], s["actor_name"], s["officer_id"], s["note"])
        for s in store.incident_history(fid)
    ]


def test_a_report_is_routed_numbered_and_given_its_first_step(store):
    reported = report(store, 30, 40, reported_by=1, reported_at="2019-11-25T08:30:00+08:00")
    assert {k: reported[k] for k in ("ticket", "source", "step", "grid_code", "town_code")} == {
        "ticket": "JD201911250001",
        "source": "patrol",
        "step": "reported",
        "grid_code": "321012100001001",
        "town_code": "321012100",
    }
    assert reported["reported_at"] == reported["updated_at"] == "2019-11-25T00:30:00.000Z"
    assert (reported["route_rule"], reported["row_version"], reported["category_code"]) == (
        "inside",
        1,
        "01",
    )
    # The officer who reported is the reporter and signs the first step.
    assert (reported["reporter_name"], reported["reporter_phone"]) == ("人员1", "14000000001")
    assert first_steps(store, reported["fid"]) == [
        (None, "reported", "grid_officer", "人员1", 1, None)
    ]
    second = report(store, 150, 50, reported_at="2019-11-25T23:59:00+08:00")
    assert (second["ticket"], second["grid_code"]) == ("JD201911250002", "321012100001002")
    assert first_steps(store, second["fid"]) == [
        (None, "reported", "grid_officer", "巡查上报", None, None)
    ]
    log = store.rows("audit_log")[-1]
    assert (log["action"], log["row_key"], log["reason"]) == (
        "insert",
        "JD201911250002",
        "reported",
    )


def test_the_grid_is_the_routers_on_edges_and_near_the_district(store):
    on_edge = report(store, 100, 100)  # the corner of four grids: the lowest code
    near = report(store, 450, 50)  # 50 m east of the district: the nearest grid
    assert (on_edge["grid_code"], on_edge["route_rule"]) == ("321012100001001", "on_boundary")
    assert (near["grid_code"], near["route_rule"]) == ("321012101001002", "nearest")
    assert near["town_code"] == "321012101"


@pytest.mark.parametrize(
    ("x", "values", "message"),
    [
        (30, dict(catalog_code=None), "a report needs an item of the event catalogue"),
        (30, dict(catalog_code="09999"), "the item is not in the event catalogue"),
        (30, dict(description=" \u3000\n"), "a report needs a description"),
        (30, dict(category_code="02"), "the item is not of the chosen category"),
        (900, {}, "the point is outside the district"),
    ],
)
def test_bad_reports_are_refused_with_a_sentence(store, x, values, message):
    before = store.count("incidents")
    with pytest.raises(StoreError, match=message) as refused:
        report(store, x, 40, **values)
    assert "jiangdu_grid: " in str(refused.value)  # Chinese first, then English
    assert store.count("incidents") == before
    assert store.count("incident_steps") == 0


def test_a_report_without_a_point_is_refused(store):
    with pytest.raises(StoreError, match="a report needs a point on the map"):
        store.insert(
            "incidents", [dict(catalog_code="01001", description="无位置")], [shapely.Point()]
        )


def test_a_complete_row_is_left_as_its_writer_made_it(store):
    row = dict(
        ticket="12345-0001",
        source="hotline_12345",
        catalog_code="01002",
        grid_code="321012100001002",
        town_code="321012100",
        step="dispatched",
        reported_at="2019-11-25T01:00:00.000Z",
        updated_at="2019-11-25T02:00:00.000Z",
        route_rule="inside",
        row_version=3,
        description=None,
    )
    store.insert("incidents", [row], [shapely.Point(OX + 30, OY + 40)])
    written = store.rows("incidents")[-1]
    assert {k: written[k] for k in row} == row
    assert written["category_code"] == "01"  # what its item implies, nothing else
    assert store.count("incident_steps") == 0
    # Numbering goes on from the day's complete rows.
    store.insert("incidents", [dict(row, ticket="JD201911250007")], [shapely.Point(OX, OY)])
    assert report(store, 30, 40, reported_at="2019-11-25T12:00:00+08:00")["ticket"] == (
        "JD201911250008"
    )


@pytest.mark.parametrize(
    "blank", [dict(description=""), dict(description="  "), dict(catalog_code=None)]
)
def test_a_row_with_its_ticket_is_never_refused_as_an_incomplete_report(store, blank):
    row = dict(
        ticket="12345-0002",
        source="hotline_12345",
        catalog_code="01002",
        step="reported",
        reported_at="2019-11-25T01:00:00.000Z",
        updated_at="2019-11-25T01:00:00.000Z",
        description="路灯不亮",
    )
    row.update(blank)
    store.insert("incidents", [row], [shapely.Point(OX + 30, OY + 40)])
    written = store.rows("incidents")[-1]
    assert {k: written[k] for k in ("ticket", *blank)} == {"ticket": "12345-0002", **blank}
    assert store.count("incident_steps") == 0


def test_a_schema_10_store_accepts_rows_with_their_tickets_once_migrated(district):
    """Schema 10's GeoPackage checks refused a row with its ticket and an empty
    description (a condition with OR unbracketed after the report's)."""
    with sqlite3.connect(district, isolation_level=None) as connection:
        connection.execute('DROP TRIGGER "incidents_report_description"')
        connection.execute(
            'CREATE TRIGGER "incidents_report_description" BEFORE INSERT ON incidents WHEN '
            "(NEW.ticket IS NULL OR NEW.ticket = '') AND NEW.description IS NULL OR "
            "trim(NEW.description) = '' BEGIN SELECT RAISE(ABORT, 'no description'); END"
        )
        connection.execute("UPDATE store_info SET value = '10' WHERE key = 'schema_version'")
    with open_store(district) as store:
        assert store.migrated_from == 10
        row = dict(
            ticket="T9",
            source="patrol",
            catalog_code="01001",
            step="reported",
            reported_at="2019-11-25T01:00:00.000Z",
            updated_at="2019-11-25T01:00:00.000Z",
            description="",
        )
        store.insert("incidents", [row], [shapely.Point(OX + 30, OY + 40)])
        assert [r["ticket"] for r in store.rows("incidents")] == ["T9"]
        with pytest.raises(StoreError, match="a report needs a description"):
            report(store, 30, 40, description="")


def test_an_incident_keeps_its_ticket(store):
    reported = report(store, 30, 40)
    with pytest.raises(store.dialect.refusals(), match="an incident keeps its ticket"):
        store._rows_of("UPDATE incidents SET ticket = NULL WHERE fid = ?", (reported["fid"],))


def test_a_report_near_an_open_incident_of_the_same_item_is_a_possible_duplicate(store):
    at = "2019-11-25T08:00:00+08:00"
    original = report(store, 30, 40, reported_at=at)
    near = report(store, 30, 80, reported_at="2019-11-26T07:00:00+08:00")  # 40 m, 23 h
    far = report(store, 30, 95, reported_at=at)  # 55 m
    late = report(store, 30, 40, reported_at="2019-11-26T09:00:00+08:00")  # 25 h
    other = report(store, 30, 40, catalog_code="01002", reported_at=at)
    assert near["duplicate_of"] == original["fid"]
    assert [far["duplicate_of"], late["duplicate_of"], other["duplicate_of"]] == [None] * 3
    assert first_steps(store, near["fid"])[0][5] == f"疑似重复：{original['ticket']}"
    store._rows_of("UPDATE incidents SET step = 'closed' WHERE fid = ?", (original["fid"],))
    again = report(store, 30, 41, reported_at=at)
    assert again["duplicate_of"] is None  # only open incidents are repeated


def test_photos_are_jpeg_or_png_within_the_size_limit(store):
    fid = report(store, 30, 40)["fid"]
    rows = [
        dict(incident_id=fid, content=JPEG, path=None, file_name=None),
        dict(incident_id=fid, content=PNG, path=None, file_name="现场.png"),
        dict(incident_id=fid, content=None, path="DCIM/IMG_0001.JPG", file_name=None),
    ]
    store.insert("incident_attachments", rows)
    photos = store.rows("incident_attachments", ["media_type", "file_name", "step", "kind"])
    assert [(p["media_type"], p["file_name"]) for p in photos] == [
        ("image/jpeg", f"photo_{photos[0]['fid']}.jpg"),
        ("image/png", "现场.png"),
        ("image/jpeg", "IMG_0001.JPG"),
    ]
    assert {(p["step"], p["kind"]) for p in photos} == {("reported", "report")}
    for content, path, message in (
        (GIF, None, "a photo is a JPEG or PNG image"),
        (None, "DCIM/clip.mp4", "a photo is a JPEG or PNG image"),
        (None, None, "a photo needs its bytes or the path of its file"),
    ):
        with pytest.raises(StoreError, match=message):
            store.insert(
                "incident_attachments",
                [dict(incident_id=fid, content=content, path=path, file_name=None)],
            )
    store.set_info("photo_max_bytes", "100")
    with pytest.raises(StoreError, match="the photo is larger than the store allows"):
        store.insert("incident_attachments", [dict(incident_id=fid, content=JPEG)])
    assert store.count("incident_attachments") == 3


def test_gdal_alone_writes_a_report_the_store_routes(district):
    """ogr2ogr appends a report from a GeoJSON file with a point, an item and a text."""
    source = district.with_name("report.geojson")
    source.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        '{"catalog_code": "01001", "description": "ogr2ogr 上报"}, "geometry": '
        f'{{"type": "Point", "coordinates": [{OX + 60}, {OY + 60}]}}}}]}}',
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            "ogr2ogr",
            "-append",
            "-nln",
            "incidents",
            "-a_srs",
            "EPSG:4549",
            str(district),
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    with open_store(district) as store:
        (written,) = store.rows("incidents")
        assert written["ticket"].startswith("JD") and len(written["ticket"]) == 14
        assert (written["grid_code"], written["step"]) == ("321012100001001", "reported")
        assert [s["to_step"] for s in store.incident_history(written["fid"])] == ["reported"]


def test_a_time_written_without_a_zone_is_china_time(district):
    with open_store(district) as store:
        early = report(store, 30, 40, reported_at="2019-11-25 07:00:00")
        assert early["reported_at"] == "2019-11-24T23:00:00.000Z"
        assert early["ticket"] == "JD201911250001"  # the China day
        with pytest.raises(StoreError, match="the reported time cannot be read"):
            report(store, 30, 40, reported_at="昨天")


def test_a_schema_6_store_is_declared_anew_in_place(district, tmp_path):
    fresh = build_store_file(tmp_path / "fresh.gpkg")
    with open_store(district) as store:
        store.insert(
            "incidents",
            [
                dict(
                    ticket="T1",
                    source="patrol",
                    catalog_code="01001",
                    step="reported",
                    reported_at="2019-11-25T01:00:00.000Z",
                    updated_at="2019-11-25T01:00:00.000Z",
                )
            ],
            [shapely.Point(OX + 30, OY + 40)],
        )
    with sqlite3.connect(district, isolation_level=None) as connection:
        undo_intake_sqlite(connection)
        connection.execute("UPDATE store_info SET value = '7' WHERE key = 'schema_version'")
    with open_store(district) as store:
        assert store.migrated_from == 7
        assert store.integrity_problems() == []
        (old,) = store.rows("incidents")
        assert (old["ticket"], old["category_code"]) == ("T1", "01")
        assert report(store, 60, 60)["ticket"].startswith("JD")

    def declared(path):
        with sqlite3.connect(path) as connection:
            return connection.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN "
                "('incidents', 'incident_attachments') ORDER BY type, name"
            ).fetchall()

    assert declared(district) == declared(fresh)
    assert validate_gpkg(district).returncode == 0


def test_the_intake_names_its_triggers():
    names = [s.split('"')[1] for s in intake.intake_sql() if s.startswith("CREATE TRIGGER")]
    assert len(names) == len(set(names))
    assert all(name.startswith(intake.INTAKE_TRIGGERS_PREFIXES) for name in names)


def test_photos_go_with_a_copy_to_postgis_and_back(request, district, tmp_path):
    from jiangdu_grid_plugin.core.store.postgres import copy_from_postgis, copy_to_postgis

    conninfo = request.getfixturevalue("postgres").conninfo()
    with open_store(district) as store:
        fid = report(store, 30, 40)["fid"]
        store.insert("incident_attachments", [dict(incident_id=fid, content=JPEG, kind="after")])
        copy_to_postgis(store, StoreLocation.postgis(conninfo, "photos_there"))
    back = tmp_path / "back.gpkg"
    copy_from_postgis(StoreLocation.postgis(conninfo, "photos_there"), back)
    with open_store(back) as store:
        (photo,) = store.incident_photos([fid])
        assert (photo["content"], photo["kind"], photo["media_type"]) == (
            JPEG,
            "after",
            "image/jpeg",
        )
        assert store.rows("incidents")[0]["report_uuid"] is None
        assert report(store, 60, 60)["ticket"].startswith("JD")  # the copy routes reports
