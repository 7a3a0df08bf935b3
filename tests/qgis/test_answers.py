"""Moves from a table (move_incidents), and the answers that go back: hotline_replies,
export_open311 (validated against GeoReport v2's fields and types) and import_open311."""

from __future__ import annotations

import csv
import json
import re
from datetime import datetime

import pytest

from jiangdu_grid_plugin.core import workflow
from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.timestamps import CHINA_TZ
from jiangdu_grid_plugin.core.workflow import Actor
from tests.core.activity_fixture import insert_incident
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import run_algorithm

DESK = Actor("command_centre", "指挥员甲")
OFFICER = Actor("grid_officer", "人员1", 1)
T0 = datetime(2019, 6, 3, 9, tzinfo=CHINA_TZ)


def at(hours):
    from datetime import timedelta

    return T0 + timedelta(hours=hours)


@pytest.fixture
def store(tmp_path):
    """The small district with a 12345 case closed and followed up, and a patrol case
    dispatched."""
    path = build_store_file(tmp_path / "fixture.gpkg")
    with open_store(path) as opened:
        hotline = insert_incident(opened, "H1", "reported", source="hotline_12345")
        opened._rows_of(
            "UPDATE incidents SET reporter_name = '张小明', reporter_phone = '13812345678', "
            "description = '井盖松动，回电13812345678', address = '仙女镇某路1号' WHERE fid = ?",
            (hotline,),
        )
        version = 1
        for hours, code, actor, given in (
            (1, "register", DESK, {}),
            (2, "dispatch", DESK, dict(unit_code="046")),
            (3, "handle", OFFICER, dict(note="已更换井盖")),
            (4, "close", DESK, {}),
            (30, "follow_up", DESK, dict(satisfaction="satisfied", note="群众满意")),
        ):
            version = workflow.move(opened, hotline, code, actor, version, at=at(hours), **given)
        patrol = insert_incident(opened, "P1", "registered")
        workflow.move(opened, patrol, "dispatch", DESK, 1, at=at(1))
    return path


def test_move_incidents_applies_a_reply_file_row_by_row(provider, store, tmp_path):
    moves = tmp_path / "moves.csv"
    with open(moves, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["事件编号", "动作", "意见", "时间", "新时限", "版本"])
        writer.writerow(
            ["P1", "延期申请", "需协调管线单位", "2019-06-03T10:00", "2019-06-05T17:30", ""]
        )
        writer.writerow(["P1", "处理反馈", "", "2019-06-03T11:00", "", "2"])  # stale version
        writer.writerow(["P1", "改派", "", "", "", ""])  # not the unit's move
        writer.writerow(["X9", "退回", "不是本单位", "", "", ""])
        writer.writerow(["P1", "处理反馈", "", "2019-06-03T12:00", "", ""])
    output = tmp_path / "outcome.csv"
    result, messages = run_algorithm(
        "move_incidents",
        {"INPUT": str(moves), "GEOPACKAGE": str(store), "ROLE": 1, "ACTOR": "单位46",
         "OUTPUT": str(output)},
    )  # fmt: skip
    with open(result["OUTPUT"], encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["input_row"], r["outcome"], r["step"]) for r in rows] == [
        ("1", "moved", "extension_requested"),
        ("2", "conflict", ""),
        ("3", "refused", ""),
        ("4", "bad_row", ""),
        ("5", "moved", "handled"),
    ]
    assert rows[0]["deadline"] == "2019-06-03T14:00:00+08:00"  # the request keeps it
    assert "row 3: a responsible unit cannot move an incident" in rows[2]["message"]
    assert rows[3]["message"] == "row 4: there is no incident X9"
    assert "5 rows: 2 moved, 2 refused, 1 conflicts" in messages
    with open_store(store) as opened:
        history = opened.incident_history(opened.incident_ids(["P1"])["P1"])
    assert [(h["move"], h["actor_name"]) for h in history[-2:]] == [
        ("request_extension", "单位46"),
        ("handle", "单位46"),
    ]


def test_hotline_replies_for_the_tickets_that_moved(provider, store, tmp_path):
    result, _ = run_algorithm(
        "hotline_replies",
        {"GEOPACKAGE": str(store), "START": "2019-06-04", "END": "2019-06-04",
         "OUTPUT": str(tmp_path / "replies.csv")},
    )  # fmt: skip
    with open(result["OUTPUT"], encoding="utf-8-sig", newline="") as handle:
        (reply,) = list(csv.DictReader(handle))  # only H1 moved on 4 June (its follow-up)
    assert {k: reply[k] for k in ("工单编号", "来电人", "来电号码", "办理状态", "承办单位")} == {
        "工单编号": "H1",
        "来电人": "张*明",
        "来电号码": "138****5678",
        "办理状态": "核查结案",
        "承办单位": "单位46",
    }
    assert reply["诉求内容"] == "井盖松动，回电138****5678"
    assert (reply["派遣时间"], reply["办理时限"], reply["办结时间"]) == (
        "2019-06-03 11:00",
        "2019-06-03 15:00",
        "2019-06-03 13:00",
    )
    assert (reply["办理结果"], reply["满意度"], reply["回访时间"], reply["返工次数"]) == (
        "已更换井盖",
        "满意",
        "2019-06-04 15:00",
        "0",
    )
    result, _ = run_algorithm(
        "hotline_replies",
        {"GEOPACKAGE": str(store), "START": "2019-06-05", "END": "2019-06-30",
         "OUTPUT": str(tmp_path / "none.csv")},
    )  # fmt: skip
    with open(result["OUTPUT"], encoding="utf-8-sig", newline="") as handle:
        assert list(csv.DictReader(handle)) == []


# GeoReport v2's fields and types (GET services, GET requests), as the specification
# gives them: required fields, types, enums, and ISO 8601 times with their offset.
ISO_8601 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
TEXT = {"type": ["string", "null"]}
SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "type"],
    "additionalProperties": False,
    "properties": {
        "service_code": {"type": "string", "minLength": 1},
        "service_name": {"type": "string"},
        "description": TEXT,
        "metadata": {"type": "boolean"},
        "type": {"enum": ["realtime", "batch", "blackbox"]},
        "keywords": {"type": "array", "items": {"type": "string"}},
        "group": TEXT,
    },
}
TIME = {"type": ["string", "null"], "pattern": ISO_8601}
REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime"],
    "additionalProperties": False,
    "properties": {
        "service_request_id": {"type": "string", "minLength": 1},
        "status": {"enum": ["open", "closed"]},
        "status_notes": TEXT,
        "service_name": TEXT,
        "service_code": {"type": ["string", "null"]},
        "description": TEXT,
        "agency_responsible": TEXT,
        "service_notice": TEXT,
        "requested_datetime": {"type": "string", "pattern": ISO_8601},
        "updated_datetime": TIME,
        "expected_datetime": TIME,
        "address": TEXT,
        "address_id": TEXT,
        "zipcode": TEXT,
        "lat": {"type": "number", "minimum": -90, "maximum": 90},
        "long": {"type": "number", "minimum": -180, "maximum": 180},
        "media_url": {"type": "string", "format": "uri"},
    },
}
PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")


def test_export_open311_on_the_demo(provider, demo_store, tmp_path):
    import jsonschema

    folder = tmp_path / "open311"
    result, messages = run_algorithm(
        "export_open311", {"GEOPACKAGE": str(demo_store), "OUTPUT": str(folder)}
    )
    services_text = (folder / "services.json").read_text(encoding="utf-8")
    requests_text = (folder / "requests.json").read_text(encoding="utf-8")
    services, requests = json.loads(services_text), json.loads(requests_text)
    jsonschema.validate(services, {"type": "array", "items": SERVICE})
    jsonschema.validate(requests, {"type": "array", "items": REQUEST})
    with open_store(demo_store) as store:
        incidents = store.count("incidents")
        phones = {r["reporter_phone"] for r in store.rows("incidents", ["reporter_phone"])}
        names = {r["reporter_name"] for r in store.rows("incidents", ["reporter_name"])}
    assert len(services) == 987
    assert len(requests) == incidents == result["REQUESTS"] == 25_808
    assert len({r["service_request_id"] for r in requests}) == incidents
    assert {r["status"] for r in requests} == {"open", "closed"}
    assert sum(r["status"] == "open" for r in requests) == 698
    # No phone number, nor a caller's name, in either file.
    assert PHONE.search(services_text) is None and PHONE.search(requests_text) is None
    assert not any(p and p in requests_text for p in list(phones)[:2000])
    assert not any(n and f'"{n}' in requests_text for n in list(names)[:2000])
    first = requests[0]
    assert first["requested_datetime"].endswith("+08:00")
    assert 32.2 < first["lat"] < 32.8 and 119.3 < first["long"] < 120.0
    assert any("25808 requests written" in m.replace(",", "") for m in messages)


def jpeg(colour=(200, 30, 30)) -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (20, 10), (30, 200, 30)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def photographed(store):
    """The fixture's store with photos: H1 two JPEGs in the store, M1 one given by a path
    that no longer exists, F1 a PNG file beside the store (a relative path); P1 none."""
    first, second, beside = jpeg(), jpeg((30, 30, 200)), png()
    assert first != second
    (store.parent / "DCIM").mkdir()
    (store.parent / "DCIM" / "IMG_0002.png").write_bytes(beside)
    with open_store(store) as opened:
        tickets = opened.incident_ids(["H1"])
        tickets["M1"] = insert_incident(opened, "M1", "reported")
        tickets["F1"] = insert_incident(opened, "F1", "reported")
        opened.insert(
            "incident_attachments",
            [
                dict(incident_id=tickets["H1"], content=first, path=None),
                dict(incident_id=tickets["H1"], content=second, path=None),
                dict(incident_id=tickets["M1"], content=None, path="DCIM/IMG_0001.jpg"),
                dict(incident_id=tickets["F1"], content=None, path="DCIM/IMG_0002.png"),
            ],
        )
    return store, first, beside


def test_export_open311_writes_each_incidents_first_photo(provider, photographed, tmp_path):
    import jsonschema

    store, first, beside = photographed
    folder = tmp_path / "open311"
    result, messages = run_algorithm(
        "export_open311", {"GEOPACKAGE": str(store), "OUTPUT": str(folder)}
    )
    requests = json.loads((folder / "requests.json").read_text(encoding="utf-8"))
    jsonschema.validate(requests, {"type": "array", "items": REQUEST})
    by_ticket = {r["service_request_id"]: r for r in requests}
    assert {t: r.get("media_url") for t, r in by_ticket.items()} == {
        "H1": "media/H1_1.jpg",
        "P1": None,
        "M1": None,
        "F1": "media/F1_1.png",
    }
    assert "media_url" not in by_ticket["P1"]
    assert sorted(p.name for p in (folder / "media").iterdir()) == ["F1_1.png", "H1_1.jpg"]
    assert (folder / "media" / "H1_1.jpg").read_bytes() == first
    assert (folder / "media" / "F1_1.png").read_bytes() == beside
    assert result["PHOTOS"] == 2
    assert "incident M1: its photo DCIM/IMG_0001.jpg no longer exists; it is not exported" in (
        messages
    )
    assert sorted(p.name for p in folder.iterdir()) == ["media", "requests.json", "services.json"]

    published = "https://example.gov.cn/open311/media/"
    run_algorithm(
        "export_open311",
        {"GEOPACKAGE": str(store), "OUTPUT": str(folder), "MEDIA_BASE_URL": published},
    )
    requests = json.loads((folder / "requests.json").read_text(encoding="utf-8"))
    jsonschema.validate(requests, {"type": "array", "items": REQUEST})
    assert {r["service_request_id"]: r.get("media_url") for r in requests} == {
        "H1": "https://example.gov.cn/open311/media/H1_1.jpg",
        "P1": None,
        "M1": None,
        "F1": "https://example.gov.cn/open311/media/F1_1.png",
    }
    assert (folder / "media" / "H1_1.jpg").read_bytes() == first


def test_export_open311_writes_nothing_when_it_fails(provider, photographed, tmp_path, monkeypatch):
    from qgis.core import QgsProcessingException

    from jiangdu_grid_plugin.core import answers
    from jiangdu_grid_plugin.core.text import Text, UserError

    def broken(store, media_urls=None):
        raise UserError(Text("the requests cannot be read", "无法读取请求"))

    store, _, _ = photographed
    folder = tmp_path / "open311"
    monkeypatch.setattr(answers, "open311_requests", broken)
    with pytest.raises(QgsProcessingException, match="the requests cannot be read"):
        run_algorithm("export_open311", {"GEOPACKAGE": str(store), "OUTPUT": str(folder)})
    assert not folder.exists()  # no media, no staging folder, not even the folder
    folder.mkdir()
    (folder / "requests.json").write_text("[]", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="the requests cannot be read"):
        run_algorithm("export_open311", {"GEOPACKAGE": str(store), "OUTPUT": str(folder)})
    assert [p.name for p in folder.iterdir()] == ["requests.json"]  # as it was
    assert (folder / "requests.json").read_text(encoding="utf-8") == "[]"
    with pytest.raises(QgsProcessingException, match="must be a web address"):
        run_algorithm(
            "export_open311",
            {"GEOPACKAGE": str(store), "OUTPUT": str(folder), "MEDIA_BASE_URL": "media"},
        )


def test_import_open311_through_the_hotline_checks(provider, store, tmp_path):
    folder = tmp_path / "open311"
    run_algorithm("export_open311", {"GEOPACKAGE": str(store), "OUTPUT": str(folder)})
    requests = json.loads((folder / "requests.json").read_text(encoding="utf-8"))
    for request, new_id in zip(requests, ("OS-1", "OS-2")):
        request["service_request_id"] = new_id
    requests.append(dict(requests[0], service_request_id="OS-3", lat=48.0, long=2.3))
    requests.append(dict(requests[0], service_request_id="OS-1"))  # twice in the file
    path = tmp_path / "from_other_system.json"
    path.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    output = tmp_path / "outcome.csv"
    parameters = {"INPUT": str(path), "GEOPACKAGE": str(store), "SYSTEM": "邻区平台",
                  "OUTPUT": str(output)}  # fmt: skip
    result, _ = run_algorithm("import_open311", parameters)
    with open(result["OUTPUT"], encoding="utf-8-sig", newline="") as handle:
        outcome = {r["service_request_id"] + r["outcome"]: r for r in csv.DictReader(handle)}
    assert set(outcome) == {
        "OS-1imported",
        "OS-2imported",
        "OS-3outside_district",
        "OS-1duplicate_ticket",
    }
    assert outcome["OS-1imported"]["grid_code"] == "321012100001001"
    with open_store(store) as opened:
        fid = opened.incident_ids(["OS-1"])["OS-1"]
        (first,) = opened.incident_history(fid)
        incident = opened.incident(fid)
    assert (first["actor_name"], incident["source"], incident["step"]) == (
        "邻区平台",
        "hotline_12345",
        "reported",
    )
    # Open311 requests are hotline cases: their first step comes back to the hotline office.
    replies, _ = run_algorithm(
        "hotline_replies",
        {"GEOPACKAGE": str(store), "START": "2019-06-03", "END": "2019-06-03",
         "OUTPUT": str(tmp_path / "replies.csv")},
    )  # fmt: skip
    with open(replies["OUTPUT"], encoding="utf-8-sig", newline="") as handle:
        replied = {r["工单编号"]: r for r in csv.DictReader(handle)}
    assert set(replied) == {"H1", "OS-1", "OS-2"}
    assert (replied["OS-1"]["办理状态"], replied["OS-1"]["来电时间"]) == (
        "采集上报",
        "2019-06-03 08:30",
    )
    again, _ = run_algorithm("import_open311", dict(parameters, OUTPUT=str(tmp_path / "2.csv")))
    with open(again["OUTPUT"], encoding="utf-8-sig", newline="") as handle:
        assert {r["outcome"] for r in csv.DictReader(handle)} >= {"already_imported"}


def test_open311_media_of_tickets_alike_in_file_names_stay_apart(photographed, tmp_path):
    """Tickets that differ only in characters no file name holds, or only in case
    (one file on Windows), each get their own photo file."""
    from jiangdu_grid_plugin.core.answers import write_open311_media

    store, first, _ = photographed
    photos = {"12345/1": jpeg((250, 0, 0)), "12345:1": jpeg((0, 250, 0)), "h1": jpeg((0, 0, 0))}
    with open_store(store) as opened:
        rows = [
            dict(incident_id=insert_incident(opened, ticket, "reported"), content=photo, path=None)
            for ticket, photo in photos.items()
        ]
        opened.insert("incident_attachments", rows)
        media = write_open311_media(opened, tmp_path / "media")
    written = sorted(p.name for p in (tmp_path / "media").iterdir())
    assert len(written) == 5 and len({name.casefold() for name in written}) == 5
    assert media.urls["H1"] == "media/H1_1.jpg"  # a plain ticket keeps its plain name
    for ticket, photo in {**photos, "H1": first}.items():
        name = media.urls[ticket].removeprefix("media/")
        assert (tmp_path / "media" / name).read_bytes() == photo
    assert re.fullmatch(r"media/12345_1_[0-9a-f]{8}_1\.jpg", media.urls["12345/1"])
    assert re.fullmatch(r"media/h1_[0-9a-f]{8}_1\.jpg", media.urls["h1"])
