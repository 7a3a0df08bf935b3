"""12345 hotline import: placing, every error, atomicity, idempotence, duplicates, offsets."""

from datetime import datetime, timezone

import pytest
from pyproj import Transformer

from jiangdu_grid_plugin.core import coords
from jiangdu_grid_plugin.core.geocoding import FacilityIndex
from jiangdu_grid_plugin.core.hotline import HotlineError, HotlineImport, parse_number, parse_time
from jiangdu_grid_plugin.core.routing import Router
from jiangdu_grid_plugin.core.timestamps import CHINA_TZ
from tests.core.backends import BACKENDS, store_on
from tests.core.routing_fixture import build_store_file

OX, OY = 470_000.0, 3_590_000.0
COLUMNS = ["单号", "时间", "电话", "地址", "经度", "纬度", "内容", "部件", "事项"]
MAPPING = dict(
    ticket="单号",
    time="时间",
    phone="电话",
    address="地址",
    longitude="经度",
    latitude="纬度",
    content="内容",
    facility_code="部件",
    catalog_item="事项",
)
TO_LONLAT = Transformer.from_crs(4549, 4490, always_xy=True)


def lonlat(x, y, system="wgs84"):
    lon, lat = TO_LONLAT.transform(OX + x, OY + y)
    lon, lat = coords.convert(lon, lat, "wgs84", system)
    return f"{float(lon):.8f}", f"{float(lat):.8f}"


def row(
    ticket,
    x=50,
    y=50,
    system="wgs84",
    time="2019-11-25 08:30",
    phone="14000001111",
    address="江都区仙女镇社区01文昌路1号",
    facility="",
    item="01001",
):
    lon, lat = lonlat(x, y, system) if x is not None else ("", "")
    return [ticket, time, phone, address, lon, lat, "路灯不亮", facility, item]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    path = build_store_file(tmp_path / "fixture.gpkg", (OX, OY))
    with store_on(request, request.param, path) as opened:
        yield opened


def importer(store, system="wgs84", language="en"):
    return HotlineImport(
        store, Router.from_store(store), FacilityIndex.from_store(store), language, system
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-11-25 08:30", datetime(2019, 11, 25, 8, 30, tzinfo=CHINA_TZ)),
        ("2019/11/25 8:30:15", datetime(2019, 11, 25, 8, 30, 15, tzinfo=CHINA_TZ)),
        ("2019年11月25日 08时30分", datetime(2019, 11, 25, 8, 30, tzinfo=CHINA_TZ)),
        ("2019-11-25T00:30:00Z", datetime(2019, 11, 25, 0, 30, tzinfo=timezone.utc)),
        ("2019-11-25", datetime(2019, 11, 25, tzinfo=CHINA_TZ)),
        ("昨天下午", None),
        ("2019-13-01 08:00", None),
        ("", None),
    ],
)
def test_times(text, expected):
    assert parse_time(text) == expected


def test_numbers():
    assert parse_number(" 119.5 ") == 119.5 and parse_number("119，5") == 119.5
    assert parse_number("") is None and parse_number(None) is None
    assert parse_number("abc") != parse_number("abc")  # NaN


def test_rows_are_placed_routed_and_written_once(store):
    before = store.count("incidents")
    result = importer(store).run(
        COLUMNS,
        [
            row("T1"),
            row("T2", x=None, address="江都区小纪镇社区12号"),  # by address (the east town)
            row("T3", x=None, facility="3210120113000007"),  # by facility code
        ],
        MAPPING,
    )
    assert result.errors == []
    assert [(r["ticket"], r["located_by"], r["grid_code"]) for r in result.imported] == [
        ("T1", "coordinates", "321012100001001"),
        ("T2", "address", "321012101002001"),  # the centre of 社区12 (a shared edge)
        ("T3", "facility_code", "321012100001001"),
    ]
    assert store.count("incidents") == before + 3
    (incident,) = [
        r
        for r in store.rows(
            "incidents",
            [
                "ticket",
                "source",
                "step",
                "grid_code",
                "reporter_phone",
                "located_by",
                "catalog_code",
            ],
        )
        if r["ticket"] == "T1"
    ]
    assert (
        incident["source"],
        incident["step"],
        incident["reporter_phone"],
        incident["catalog_code"],
    ) == ("hotline_12345", "reported", "14000001111", "01001")
    steps = [
        s
        for s in store.rows("incident_steps", ["incident_id", "to_step", "actor_role"])
        if s["incident_id"] == incident["fid"]
    ]
    assert [(s["to_step"], s["actor_role"]) for s in steps] == [("reported", "citizen")]
    if store.location.is_file:  # PostGIS checks its foreign keys at each commit
        assert store.integrity_problems() == []


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (row(""), "empty_ticket"),
        (row("T9", time="昨天下午"), "bad_time"),
        (row("T9", x=None, address="不知道哪里"), "no_place"),
        (["T9", "2019-11-25 08:30", "", "x", "abc", "32.4", "", "", ""], "bad_coordinates"),
        (["T9", "2019-11-25 08:30", "", "x", "nan", "32.4", "", "", ""], "bad_coordinates"),
        (["T9", "2019-11-25 08:30", "", "x", "", "32.4", "", "", ""], "bad_coordinates"),
        (["T9", "2019-11-25 08:30", "", "x", "190", "95", "", "", ""], "out_of_range"),
        (["T9", "2019-11-25 08:30", "", "x", "32.4", "119.6", "", "", ""], "swapped"),
        (["T9", "2019-11-25 08:30", "", "x", "121.47", "31.23", "", "", ""], "outside_district"),
    ],
)
def test_each_bad_row_comes_back_with_its_reason(store, bad, code):
    result = importer(store).run(COLUMNS, [row("OK"), bad], MAPPING)
    assert [(number, reason) for number, reason, _ in result.errors] == [(2, code)]
    assert [r["ticket"] for r in result.imported] == ["OK"]
    assert result.errors[0][2].startswith("Row 2:")


def test_a_ticket_twice_in_the_file_and_a_missing_column(store):
    result = importer(store).run(COLUMNS, [row("A"), row("A")], MAPPING)
    assert result.errors == [(2, "duplicate_ticket", "Row 2: the ticket id A is also in row 1.")]
    with pytest.raises(HotlineError, match="it has no column 纬度"):
        importer(store).run([c for c in COLUMNS if c != "纬度"], [], MAPPING)
    with pytest.raises(HotlineError, match="no column is given for time"):
        importer(store).run(COLUMNS, [], {k: v for k, v in MAPPING.items() if k != "time"})


def test_reimporting_changes_nothing(store):
    rows = [row("R1"), row("R2", x=150)]
    importer(store).run(COLUMNS, rows, MAPPING)
    count = store.count("incidents")
    again = importer(store).run(COLUMNS, rows, MAPPING)
    assert [code for _, code, _ in again.errors] == ["already_imported"] * 2
    assert again.imported == [] and store.count("incidents") == count


def test_a_failure_in_the_middle_leaves_no_incident_of_the_batch(store, monkeypatch):
    before = store.count("incidents"), store.count("incident_steps")
    original = store.insert

    def failing(table, rows, geometries=None):
        if table == "incident_steps":
            raise RuntimeError("disk full")
        return original(table, rows, geometries)

    monkeypatch.setattr(store, "insert", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        importer(store).run(COLUMNS, [row("F1"), row("F2", x=150)], MAPPING)
    monkeypatch.setattr(store, "insert", original)
    assert (store.count("incidents"), store.count("incident_steps")) == before


def test_dry_run_writes_nothing(store):
    before = store.count("incidents")
    result = importer(store).run(COLUMNS, [row("D1")], MAPPING, dry_run=True)
    assert [r["ticket"] for r in result.imported] == ["D1"]
    assert store.count("incidents") == before


def test_repeated_reports_are_linked_not_merged(store):
    first = importer(store).run(COLUMNS, [row("P1", x=50, y=50)], MAPPING)
    result = importer(store).run(
        COLUMNS,
        [
            row("P2", x=60, y=60, time="2019-11-25 15:00"),  # same caller, 14 m, same day
            row("P3", x=150, y=150, time="2019-11-25 16:00"),  # 127 m from P2: not linked
            row("P4", x=151, y=151, time="2019-11-25 17:00"),  # 1.4 m from P3, same batch
            row("P5", x=50, y=50, time="2019-11-26 09:00"),  # the next day
        ],
        MAPPING,
    )
    links = {r["ticket"]: r["note"] for r in result.imported}
    p1 = first.imported[0]["fid"]
    assert f"Possibly the same as incident {p1}" in links["P2"]
    assert links["P3"] == "" and links["P5"] == ""
    p3 = next(r["fid"] for r in result.imported if r["ticket"] == "P3")
    assert f"Possibly the same as incident {p3}" in links["P4"]
    stored = {
        r["ticket"]: r["duplicate_of"] for r in store.rows("incidents", ["ticket", "duplicate_of"])
    }
    assert (stored["P2"], stored["P4"], stored["P5"]) == (p1, p3, None)
    assert store.count("incidents") >= 5  # nothing merged


@pytest.mark.parametrize("system", ["gcj02", "bd09"])
def test_each_coordinate_system_lands_in_the_right_grid(store, system):
    result = importer(store, system).run(COLUMNS, [row("C1", x=150, y=150, system=system)], MAPPING)
    assert result.imported[0]["grid_code"] == "321012100002002"


def test_an_unconverted_batch_is_flagged_with_its_offset(store):
    # Points 40 m inside each grid, written in GCJ-02 but declared WGS84: the ~530 m
    # offset moves them out of their communities.
    rows = [
        row(
            f"G{i}",
            x=20 + 10 * (i % 8),
            y=20 + 10 * (i // 8),
            system="gcj02",
            address="江都区仙女镇社区01",
        )
        for i in range(16)
    ]
    result = importer(store, "wgs84").run(COLUMNS, rows, MAPPING, dry_run=True)
    assert result.warnings and "probably in GCJ-02, not WGS84/CGCS2000" in result.warnings[0]
    assert 450 < result.offset_m < 650
    declared_right = importer(store, "gcj02").run(COLUMNS, rows, MAPPING, dry_run=True)
    assert declared_right.warnings == []


def test_reasons_in_chinese(store):
    result = importer(store, language="zh").run(COLUMNS, [row("")], MAPPING)
    assert result.errors[0][2] == "第1行：工单编号为空。"
