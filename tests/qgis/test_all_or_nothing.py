"""Algorithms that write to the store and to outputs do both or neither: outputs are
written before the store commits and moved into place after; a failure or a cancel on
either side leaves the store and the outputs as they were. Output columns never clash
with the input's. On both backends."""

from __future__ import annotations

import csv
import itertools
import json
import os
from datetime import datetime

import pytest
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsVectorLayer

from jiangdu_grid_plugin.core import workflow
from jiangdu_grid_plugin.core.outputs import OutputGeoPackage
from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.timestamps import CHINA_TZ
from jiangdu_grid_plugin.core.workflow import Actor
from jiangdu_grid_plugin.toolbelt import stores
from tests.core.activity_fixture import insert_incident
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import Feedback, in_postgis, run_algorithm
from tests.qgis.test_hotline_and_coordinates import (
    OX,
    OY,
    PARAMETERS,
    TO_LONLAT,
    gcj,
    hotline_file,
)

SCHEMAS = itertools.count()
DESK = Actor("command_centre", "指挥员甲")
DISPATCHED = datetime(2019, 6, 3, 10, tzinfo=CHINA_TZ)


@pytest.fixture(params=["gpkg", "postgis"])
def store(request, tmp_path, provider):
    path = build_store_file(tmp_path / "fixture.gpkg")
    if request.param == "gpkg":
        return str(path)
    request.getfixturevalue("connection")
    return in_postgis(path, f"jd_whole{next(SCHEMAS)}")[1]


def hotline_incidents(store) -> list[str]:
    with stores.location(store).open() as opened:
        return sorted(
            r["ticket"]
            for r in opened.rows("incidents", ["ticket", "source"])
            if r["source"] == "hotline_12345"
        )


def hotline_table(path):
    """The hotline rows as a GeoPackage table (as QGIS gives it: with an fid column),
    with columns named like the import's own: ticket, grid_code, note."""
    columns = [
        "工单号",
        "时间",
        "电话",
        "地址",
        "经度",
        "纬度",
        "内容",
        "ticket",
        "grid_code",
        "NOTE",
    ]
    rows = [
        ["A-1", "2019-11-25 08:30", "13812345678", "社区01", *gcj(50, 50), "路灯", "x", "y", "z"],
        ["A-2", "2019-11-25 09:00", "13900001111", "社区12", *gcj(350, 150), "井盖", "x", "y", "z"],
    ]
    with OutputGeoPackage(path) as output:
        output.add_table("hotline", [(c, "TEXT") for c in columns])
        output.insert("hotline", rows)
    return f"{path}|layername=hotline"


def read(uri) -> tuple[list[str], list[dict]]:
    """A layer's column names and its features' values. The layer lives in here only:
    one still alive when Python ends outlives QGIS's GDAL and crashes the process."""
    layer = QgsVectorLayer(uri, "output", "ogr")
    names = layer.fields().names()
    return names, [dict(zip(names, f.attributes())) for f in layer.getFeatures()]


def outputs(tmp_path):
    return dict(
        OUTPUT=str(tmp_path / "out" / "imported.gpkg"), ERRORS=str(tmp_path / "out" / "errors.csv")
    )


def test_input_columns_named_like_the_outputs_come_out_prefixed(store, tmp_path):
    result, _ = run_algorithm(
        "import_hotline",
        dict(
            PARAMETERS,
            INPUT=hotline_table(tmp_path / "in.gpkg"),
            GEOPACKAGE=store,
            **outputs(tmp_path),
        ),
    )
    names, rows = read(result["OUTPUT"])
    assert names[:2] == ["fid", "input_fid"]
    assert {"input_ticket", "input_grid_code", "input_NOTE", "ticket", "grid_code", "note"} <= set(
        names
    )
    features = {f["ticket"]: f for f in rows}
    assert sorted(features) == ["A-1", "A-2"]
    assert (features["A-1"]["input_fid"], features["A-1"]["input_ticket"]) == ("1", "x")
    assert features["A-1"]["grid_code"] == "321012100001001"
    assert hotline_incidents(store) == ["A-1", "A-2"]


def test_outputs_that_cannot_be_written_leave_the_store_as_it_was(store, tmp_path, monkeypatch):
    """The disk fills while the second output is written: nothing is imported, no file
    is left, and the next run imports the file."""
    source = str(hotline_file(tmp_path / "hotline.csv"))
    parameters = dict(PARAMETERS, INPUT=source, GEOPACKAGE=store, **outputs(tmp_path))
    original = OutputGeoPackage.insert
    calls = []

    def full_disk(self, name, rows):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original(self, name, rows)

    monkeypatch.setattr(OutputGeoPackage, "insert", full_disk)
    with pytest.raises(QgsProcessingException, match="No space left on device"):
        run_algorithm("import_hotline", parameters)
    assert hotline_incidents(store) == []
    assert os.listdir(tmp_path / "out") == []
    monkeypatch.undo()
    run_algorithm("import_hotline", parameters)
    assert hotline_incidents(store) == ["A-1", "A-2"]
    assert sorted(os.listdir(tmp_path / "out")) == ["errors.csv", "imported.gpkg"]


def test_a_cancelled_import_leaves_the_store_and_outputs_as_they_were(store, tmp_path):
    """Cancelled once the outputs are written, just before the store commits."""
    import processing

    source = str(hotline_file(tmp_path / "hotline.csv"))
    feedback = Feedback()
    feedback.progressChanged.connect(lambda percent: percent >= 80 and feedback.cancel())
    with pytest.raises(QgsProcessingException, match="cancelled: nothing was written"):
        processing.run(
            "jiangdu_grid:import_hotline",
            dict(PARAMETERS, INPUT=source, GEOPACKAGE=store, **outputs(tmp_path)),
            context=QgsProcessingContext(),
            feedback=feedback,
        )
    assert hotline_incidents(store) == []
    assert os.listdir(tmp_path / "out") == []


def code_list(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("fid,facility_code,grid_code,note,部件编码\n")
        for row in rows:
            handle.write(",".join(row) + "\n")
    return str(path)


def test_geocoding_renames_clashing_input_columns_and_leaves_no_part(
    tmp_path, provider, monkeypatch
):
    store = str(build_store_file(tmp_path / "fixture.gpkg"))
    source = code_list(
        tmp_path / "list.csv", [["7", "a", "b", "c", "3210120101000001"], ["8", "a", "b", "c", "x"]]
    )
    parameters = {
        "INPUT": source,
        "CODE_FIELD": "部件编码",
        "GEOPACKAGE": store,
        "OUTPUT": str(tmp_path / "out" / "placed.gpkg"),
        "ERRORS": str(tmp_path / "out" / "errors.xlsx"),
    }
    original = OutputGeoPackage.insert

    def full_disk(self, name, rows):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(OutputGeoPackage, "insert", full_disk)
    with pytest.raises(QgsProcessingException, match="No space left on device"):
        run_algorithm("geocode_facility_codes", parameters)
    assert os.listdir(tmp_path / "out") == []
    monkeypatch.setattr(OutputGeoPackage, "insert", original)
    result, _ = run_algorithm("geocode_facility_codes", parameters)
    names, placed = read(result["OUTPUT"])
    assert names[:6] == [
        "fid",
        "input_fid",
        "input_facility_code",
        "input_grid_code",
        "input_note",
        "部件编码",
    ]
    (feature,) = placed
    assert (feature["input_fid"], feature["facility_code"], feature["grid_code"]) == (
        "7",
        "3210120101000001",
        "321012100001001",
    )
    assert [f["reason_code"] for f in read(result["ERRORS"])[1]] == ["non_digits"]


def full_disk(self, name, rows):
    raise OSError(28, "No space left on device")


def the_incidents(store) -> list[tuple]:
    """Every incident's ticket, step and version, and the number of history rows."""
    with stores.location(store).open() as opened:
        incidents = sorted(
            (r["ticket"], r["step"], r["row_version"])
            for r in opened.rows("incidents", ["ticket", "step", "row_version"])
        )
        return [*incidents, ("history", len(opened.rows("incident_steps", ["incident_id"])))]


def open311_requests(path) -> str:
    """Two requests from another system, in the small district (WGS-84)."""
    requests = []
    for number, (x, y) in enumerate(((50, 50), (350, 150)), start=1):
        lon, lat = TO_LONLAT.transform(OX + x, OY + y)
        requests.append(
            dict(
                service_request_id=f"OS-{number}",
                requested_datetime="2019-11-25T08:30:00+08:00",
                lat=lat,
                long=lon,
                address="仙女镇",
                description="路灯不亮",
            )
        )
    path.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    return str(path)


@pytest.fixture(params=["gpkg", "postgis"])
def dispatched_store(request, tmp_path, provider):
    """The small district with a patrol case P1 dispatched to unit 046."""
    path = build_store_file(tmp_path / "fixture.gpkg")
    with open_store(path) as opened:
        patrol = insert_incident(opened, "P1", "registered")
        workflow.move(opened, patrol, "dispatch", DESK, 1, at=DISPATCHED, unit_code="046")
    if request.param == "gpkg":
        return str(path)
    request.getfixturevalue("connection")
    return in_postgis(path, f"jd_whole{next(SCHEMAS)}")[1]


def moves_file(path) -> str:
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["事件编号", "动作", "意见", "时间", "新时限"])
        writer.writerow(
            ["P1", "延期申请", "需协调管线单位", "2019-06-03T10:00", "2019-06-05T17:30"]
        )
        writer.writerow(["P1", "处理反馈", "已修复", "2019-06-03T12:00", ""])
    return str(path)


@pytest.mark.parametrize("failure", ["unwritable path", "full disk"])
def test_an_open311_output_that_cannot_be_written_leaves_the_store_as_it_was(
    store, tmp_path, monkeypatch, failure
):
    (tmp_path / "blocked").write_text("a file, not a folder")
    folder = tmp_path / ("blocked" if failure == "unwritable path" else "out")
    parameters = dict(
        INPUT=open311_requests(tmp_path / "requests.json"),
        GEOPACKAGE=store,
        OUTPUT=str(folder / "outcome.csv"),
    )
    before = the_incidents(store)
    if failure == "full disk":
        monkeypatch.setattr(OutputGeoPackage, "insert", full_disk)
    with pytest.raises(QgsProcessingException, match=f"Cannot write {folder}"):
        run_algorithm("import_open311", parameters)
    assert the_incidents(store) == before
    if failure == "full disk":
        assert os.listdir(folder) == []
    monkeypatch.undo()
    result, _ = run_algorithm("import_open311", dict(parameters, OUTPUT=str(tmp_path / "o.csv")))
    with open(result["OUTPUT"], encoding="utf-8-sig", newline="") as handle:
        assert [(r["service_request_id"], r["outcome"]) for r in csv.DictReader(handle)] == [
            ("OS-1", "imported"),
            ("OS-2", "imported"),
        ]
    assert hotline_incidents(store) == ["OS-1", "OS-2"]


@pytest.mark.parametrize("failure", ["unwritable path", "full disk"])
def test_moves_whose_output_cannot_be_written_leave_the_store_as_it_was(
    dispatched_store, tmp_path, monkeypatch, failure
):
    (tmp_path / "blocked").write_text("a file, not a folder")
    folder = tmp_path / ("blocked" if failure == "unwritable path" else "out")
    parameters = {
        "INPUT": moves_file(tmp_path / "moves.csv"),
        "GEOPACKAGE": dispatched_store,
        "ROLE": 1,
        "ACTOR": "单位46",
        "OUTPUT": str(folder / "outcome.csv"),
    }
    before = the_incidents(dispatched_store)
    assert before == [("P1", "dispatched", 2), ("history", 1)]
    if failure == "full disk":
        monkeypatch.setattr(OutputGeoPackage, "insert", full_disk)
    with pytest.raises(QgsProcessingException, match=f"Cannot write {folder}"):
        run_algorithm("move_incidents", parameters)
    assert the_incidents(dispatched_store) == before
    if failure == "full disk":
        assert os.listdir(folder) == []
    monkeypatch.undo()
    result, _ = run_algorithm("move_incidents", dict(parameters, OUTPUT=str(tmp_path / "o.csv")))
    with open(result["OUTPUT"], encoding="utf-8-sig", newline="") as handle:
        assert [(r["outcome"], r["step"]) for r in csv.DictReader(handle)] == [
            ("moved", "extension_requested"),
            ("moved", "handled"),
        ]
    assert the_incidents(dispatched_store) == [("P1", "handled", 4), ("history", 3)]
