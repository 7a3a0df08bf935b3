"""12345 hotline import: placing, every error, atomicity, idempotence, duplicates, offsets."""

import math
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest
from pyproj import Transformer

from jiangdu_grid_plugin.core import coords, hotline
from jiangdu_grid_plugin.core.geocoding import FacilityIndex
from jiangdu_grid_plugin.core.hotline import (
    HotlineError,
    HotlineImport,
    link_repeats,
    link_repeats_nested,
    parse_number,
    parse_time,
)
from jiangdu_grid_plugin.core.incidents import NewIncident
from jiangdu_grid_plugin.core.routing import Router
from jiangdu_grid_plugin.core.text import Text, UserError
from jiangdu_grid_plugin.core.timestamps import CHINA_TZ, from_datetime_text
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


def test_implausible_times_control_characters_and_unread_rows_are_refused(store):
    now = datetime(2019, 11, 25, 12, 0, tzinfo=CHINA_TZ)
    run = HotlineImport(
        store, Router.from_store(store), FacilityIndex.from_store(store), "en", "wgs84", now=now
    )
    result = run.run(
        COLUMNS,
        [
            row("K1", time="2099-11-25 08:30"),
            row("K2", time="1999-12-31 23:59"),
            row("K3", time="2019-11-26 13:00"),  # more than a day ahead of now
            row("K4", time="2019-11-26 11:00"),  # less: a clock a little fast
            row("K5\x00"),
            row("K6"),  # the reader could not read it
            row("K7", time="2000-01-01 00:00"),
        ],
        MAPPING,
        unreadable={6: Text("Row 6 (line 7 of the file): unread.", "第6行：未读。")},
    )
    assert result.errors == [
        (
            1,
            "implausible_time",
            "Row 1: the time 2099-11-25 08:30 is before 2000 or later "
            "than tomorrow; check its year.",
        ),
        (
            2,
            "implausible_time",
            "Row 2: the time 1999-12-31 23:59 is before 2000 or later "
            "than tomorrow; check its year.",
        ),
        (
            3,
            "implausible_time",
            "Row 3: the time 2019-11-26 13:00 is before 2000 or later "
            "than tomorrow; check its year.",
        ),
        (
            5,
            "bad_ticket",
            "Row 5: the ticket id contains control characters (such as a NUL "
            "byte); correct it in the file.",
        ),
        (6, "unreadable_row", "Row 6 (line 7 of the file): unread."),
    ]
    assert [r["ticket"] for r in result.imported] == ["K4", "K7"]


def test_control_characters_are_removed_from_other_text_and_noted(store):
    bad = row("N1", phone="1381234\x005678")
    bad[6] = "路灯\x00不亮\x07\n请处理"
    result = importer(store).run(COLUMNS, [bad, row("N2", x=150)], MAPPING)
    notes = {r["ticket"]: r["note"] for r in result.imported}
    assert notes == {
        "N1": "Control characters (such as NUL bytes) were removed from its text.",
        "N2": "",
    }
    assert result.counts["control_characters_removed"] == 1
    (stored,) = [
        r
        for r in store.rows("incidents", ["ticket", "description", "reporter_phone"])
        if r["ticket"] == "N1"
    ]
    assert (stored["description"], stored["reporter_phone"]) == ("路灯不亮\n请处理", "13812345678")


def test_invalid_phones_are_kept_and_noted(store):
    phones = ["12345", "0514-86421234", "86421234", "+86 138 1234 5678", "1381234567", ""]
    result = importer(store).run(
        COLUMNS, [row(f"V{i}", x=20 + 60 * i, phone=p) for i, p in enumerate(phones)], MAPPING
    )
    noted = [r["ticket"] for r in result.imported if "neither a mobile nor a landline" in r["note"]]
    assert noted == ["V0", "V4"]
    assert result.counts["invalid_phone"] == 2
    stored = {
        r["ticket"]: r["reporter_phone"]
        for r in store.rows("incidents", ["ticket", "reporter_phone"])
    }
    assert (stored["V0"], stored["V4"], stored["V5"]) == ("12345", "1381234567", None)


def test_new_reasons_and_refusals_in_chinese(store):
    result = importer(store, language="zh").run(
        COLUMNS, [row("Z\x01"), row("Z2", time="2099-01-01"), row("Z3", phone="110")], MAPPING
    )
    assert [text for _, _, text in result.errors] == [
        "第1行：工单编号含有控制字符（如 NUL 字节），请在文件中改正。",
        "第2行：时间 2099-01-01 早于 2000 年或晚于明天，请检查年份。",
    ]
    assert result.imported[0]["note"] == "来电号码既不是手机号码也不是固定电话号码，已按原样保存。"
    with pytest.raises(HotlineError) as refused:
        importer(store, language="zh").run(
            [c for c in COLUMNS if c != "纬度"],
            [],
            {k: v for k, v in MAPPING.items() if k != "time"},
        )
    assert isinstance(refused.value, UserError)
    assert refused.value.text("zh") == "文件被拒绝：没有指定时间列；文件中没有列 纬度"
    assert (
        str(refused.value)
        == "the file is refused: no column is given for time; it has no column 纬度"
    )


def random_reports(rng, count, phones, days, stored_count):
    """Reports crowded into 150 m x 150 m on a few phones and days, on a 5 m lattice (so
    that equal distances and repeated points are common)."""
    day = [date(2019, 11, 1) + timedelta(days=int(d)) for d in rng.integers(0, days, count)]
    phone = [None if p == 0 else f"1380000{p:04d}" for p in rng.integers(0, phones, count)]
    x = rng.integers(0, 30, count) * 5.0
    y = rng.integers(0, 30, count) * 5.0
    batch = list(zip(phone, day, x.tolist(), y.tolist()))
    stored = [
        (1000 + i, f"1380000{int(rng.integers(1, phones)):04d}", day[i % count], *xy)
        for i, xy in enumerate(
            zip(rng.integers(0, 30, stored_count) * 5.0, rng.integers(0, 30, stored_count) * 5.0)
        )
    ]
    return batch, stored


@pytest.mark.parametrize("seed", range(12))
def test_linking_is_the_nested_rule_exactly(seed):
    rng = np.random.default_rng(seed)
    batch, stored = random_reports(
        rng,
        int(rng.integers(50, 1500)),
        int(rng.integers(2, 40)),
        int(rng.integers(1, 4)),
        int(rng.integers(0, 300)),
    )
    fast = link_repeats(batch, stored)
    assert fast == link_repeats_nested(batch, stored)
    assert sum(link is not None for link in fast) > len(batch) // 8  # the data links,
    assert any(link is not None and link[1] == 0 for link in fast)  # at repeated points
    assert any(link is not None and link[0] >= 1000 for link in fast) or not stored


def test_linking_compares_only_nearby_reports(store, monkeypatch):
    """A hotline test number rings 3,000 times a day across the district: the old loop
    measured 4.5 million distances; the index measures a few per report."""
    measured = []

    class Counting:
        def __getattr__(self, name):
            return getattr(math, name)

        @staticmethod
        def hypot(*args):
            measured.append(1)
            return math.hypot(*args)

    count = 3000
    rng = np.random.default_rng(5)
    incidents = [
        NewIncident(
            ticket=f"S{i}",
            source="hotline_12345",
            reported_at=datetime(2019, 11, 25, 8, tzinfo=CHINA_TZ) + timedelta(seconds=i),
            x=OX + float(rng.uniform(0, 20_000)),
            y=OY + float(rng.uniform(0, 20_000)),
            located_by="coordinates",
            reporter_phone="12345",
        )
        for i in range(count)
    ]
    monkeypatch.setattr(hotline.repeats, "math", Counting())
    importer(store)._link_duplicates(incidents)
    assert len(measured) < 10 * count


def test_links_in_a_large_batch_follow_the_nested_rule(store):
    """Two imports with 700 phones over two months (so that the store is asked in several
    windows of days), with repeats at the same point and nearby, within a batch and
    across the two: every link the store keeps is the one the nested rule gives."""
    rng = np.random.default_rng(17)
    made = []  # (ticket, time, phone, x, y) of both batches

    def batch(prefix, count):
        rows = []
        for i in range(count):
            if made and rng.random() < 0.3:  # the same caller again, the same day
                _, time, phone, x, y = made[int(rng.integers(0, len(made)))]
                time = f"{time[:11]}{int(rng.integers(0, 24)):02d}:00"
                if rng.random() < 0.5:
                    x, y = x + rng.uniform(-30, 30), y + rng.uniform(-30, 30)
            else:
                phone = f"1390000{int(rng.integers(0, 700)):04d}"
                time = f"2019-{int(rng.integers(10, 12))}-{int(rng.integers(1, 31)):02d} 08:00"
                x, y = rng.uniform(0, 400), rng.uniform(0, 200)
            made.append(
                (f"{prefix}{i}", time, phone, min(max(x, 1.0), 399.0), min(max(y, 1.0), 199.0))
            )
            rows.append(made[-1])
        return [row(t, x=x, y=y, time=time, phone=phone) for t, time, phone, x, y in rows]

    importer(store).run(COLUMNS, batch("A", 600), MAPPING)
    stored = sorted(
        (r["fid"], r["reporter_phone"], r["reported_at"], r["geom"].x, r["geom"].y)
        for r in store.rows("incidents", ["reporter_phone", "reported_at"], with_geometry=True)
        if r["reporter_phone"]
    )
    stored = [
        (fid, phone, from_datetime_text(at).astimezone(CHINA_TZ).date(), x, y)
        for fid, phone, at, x, y in stored
    ]
    imported = importer(store).run(COLUMNS, batch("B", 1200), MAPPING).imported
    reports = [(r["phone"], parse_time(r["values"][1]).date(), r["x"], r["y"]) for r in imported]
    expected = [
        None if link is None else (link[0] if link[0] >= 0 else imported[-1 - link[0]]["fid"])
        for link in link_repeats_nested(reports, stored)
    ]
    kept = {
        r["ticket"]: r["duplicate_of"] for r in store.rows("incidents", ["ticket", "duplicate_of"])
    }
    assert [kept[r["ticket"]] for r in imported] == expected
    first = imported[0]["fid"]
    assert sum(e is not None and e < first for e in expected) > 20  # to the store
    assert sum(e is not None and e >= first for e in expected) > 100  # within the batch


def test_community_names_are_found_as_by_testing_every_name():
    rng = np.random.default_rng(3)
    stems = ["仙城", "仙城新", "园墅", "文昌", "华渡", "墅", "新村", "城新村"]
    places = [
        dict(
            code=f"{i:03d}",
            name=stems[i % len(stems)] + ("社区" if i % 3 else "村"),
            town_name=town,
        )
        for i, town in enumerate(rng.choice(["仙女镇", "小纪镇", "邵伯镇"], 24))
    ]

    def plain(text):  # the rule as the import applied it before, name by name
        ordered = sorted(places, key=lambda p: -len(p["name"]))
        found = [c for c in ordered if c["name"] in text]
        if not found:
            return None
        longest = [c for c in found if len(c["name"]) == len(found[0]["name"])]
        return ([c for c in longest if c["town_name"] in text] or longest)[0]

    names = hotline._CommunityNames(places)
    pieces = ["江都区", "仙女镇", "小纪镇", "文昌路", "3号", *(p["name"] for p in places)]
    for _ in range(2000):
        text = "".join(rng.choice(pieces, int(rng.integers(0, 5))))
        assert names.find(text) is plain(text), text
