"""Every CSV the plugin writes opens in Excel on Chinese Windows: UTF-8 with a byte-order
mark by default, GB18030 when the algorithm's "CSV encoding" asks for it (its default comes
from the user's setting); other formats are untouched."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsFeature,
    QgsGeometry,
    QgsSettings,
    QgsVectorLayer,
)

from jiangdu_grid_plugin.processing.outputs import CSV_ENCODING
from jiangdu_grid_plugin.toolbelt import settings
from tests.core.activity_fixture import add_activity
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import run_algorithm

OX, OY = 470_000.0, 3_590_000.0
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return add_activity(build_store_file(tmp_path_factory.mktemp("csv") / "district.gpkg"))


def points_layer():
    layer = QgsVectorLayer(
        "Point?crs=EPSG:4549&field=id:integer&field=备注:string", "incidents", "memory"
    )
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(f"POINT({OX + 50} {OY + 50})"))
    feature.setAttributes([1, "䶮字路口"])
    layer.dataProvider().addFeatures([feature])
    return layer


def codes_file(path):
    path.write_text("序号,部件编码\n1,3210120101000001\n2,3210120101999999\n", encoding="utf-8")
    return path


def hotline_file(path):
    path.write_text(
        "工单号,时间,地址,经度,纬度,内容\nA-1,2019-11-25 08:30,江都区仙女镇,119.6,32.4,路灯\n",
        encoding="utf-8",
    )
    return path


def every_csv_output(store, folder):
    """(algorithm, parameters, names of the .csv outputs) for every algorithm that writes
    tables."""
    return [
        (
            "workflow_report",
            {"GEOPACKAGE": str(store), "GROUP_BY": 1, "OUTPUT": str(folder / "report.csv")},
            ["OUTPUT"],
        ),
        (
            "validate_grids",
            {"GEOPACKAGE": str(store), "OUTPUT": str(folder / "grids.csv")},
            ["OUTPUT"],
        ),
        (
            "density_by_town",
            {
                "GEOPACKAGE": str(store),
                "RADIUS": 50.0,
                "PIXEL_SIZE": 10.0,
                "DENSITY": str(folder / "density.tif"),
                "TOWNS": str(folder / "towns.csv"),
                "GRIDS": str(folder / "grid_density.csv"),
            },
            ["TOWNS", "GRIDS"],
        ),
        (
            "geocode_facility_codes",
            {
                "INPUT": str(codes_file(folder / "codes_in.csv")),
                "CODE_FIELD": "部件编码",
                "GEOPACKAGE": str(store),
                "OUTPUT": str(folder / "placed.csv"),
                "ERRORS": str(folder / "not_placed.csv"),
            },
            ["OUTPUT", "ERRORS"],
        ),
        (
            "import_hotline",
            {
                "INPUT": str(hotline_file(folder / "hotline_in.csv")),
                "GEOPACKAGE": str(store),
                "TICKET_FIELD": "工单号",
                "TIME_FIELD": "时间",
                "ADDRESS_FIELD": "地址",
                "LONGITUDE_FIELD": "经度",
                "LATITUDE_FIELD": "纬度",
                "CONTENT_FIELD": "内容",
                "COORDINATES": 0,
                "DRY_RUN": True,
                "OUTPUT": str(folder / "imported.csv"),
                "ERRORS": str(folder / "not_imported.csv"),
            },
            ["OUTPUT", "ERRORS"],
        ),
        (
            "route_incidents",
            {
                "INPUT": points_layer(),
                "GEOPACKAGE": str(store),
                "OUTPUT": str(folder / "routed.csv"),
            },
            ["OUTPUT"],
        ),
        (
            "convert_chinese_coordinates",
            {"INPUT": points_layer(), "FROM": 1, "TO": 0, "OUTPUT": str(folder / "converted.csv")},
            ["OUTPUT"],
        ),
        (
            "move_incidents",
            {
                "INPUT": str(moves_file(folder / "moves_in.csv")),
                "GEOPACKAGE": str(store),
                "ROLE": 0,
                "ACTOR": "指挥中心",
                "OUTPUT": str(folder / "moved.csv"),
            },
            ["OUTPUT"],
        ),
        (
            "hotline_replies",
            {
                "GEOPACKAGE": str(store),
                "START": "2019-01-01",
                "END": "2019-12-31",
                "OUTPUT": str(folder / "replies.csv"),
            },
            ["OUTPUT"],
        ),
    ]


def moves_file(path):
    """A move for a ticket the store does not have: an outcome row, nothing moved."""
    path.write_text("事件编号,动作\nJD-无此单,退回\n", encoding="utf-8")
    return path


def header(path, encoding):
    with open(path, encoding=encoding, newline="") as handle:
        return next(csv.reader(handle))


def test_every_csv_output_starts_with_a_byte_order_mark(provider, store, tmp_path):
    written = {}
    for algorithm, parameters, outputs in every_csv_output(store, tmp_path):
        result, _ = run_algorithm(algorithm, parameters)
        for name in outputs:
            written[f"{algorithm}:{name}"] = result[name]
    assert len(written) == 12
    for output, path in written.items():
        data = Path(path).read_bytes()
        assert data.startswith(BOM), output
        assert data[3:].decode("utf-8")  # UTF-8 after the mark
    assert "备注" in header(written["route_incidents:OUTPUT"], "utf-8-sig")
    assert header(written["workflow_report:OUTPUT"], "utf-8-sig")[:2] == ["group_key", "group_name"]


def test_gb18030_on_request(provider, store, tmp_path):
    for algorithm, parameters, outputs in every_csv_output(store, tmp_path):
        result, _ = run_algorithm(algorithm, {**parameters, CSV_ENCODING: 1})
        for name in outputs:
            data = Path(result[name]).read_bytes()
            assert not data.startswith(BOM), f"{algorithm}:{name}"
            text = data.decode("gb18030")
            if not text.isascii():  # real GB18030, which UTF-8 cannot read
                with pytest.raises(UnicodeDecodeError):
                    data.decode("utf-8")
    routed = list(
        csv.DictReader(io.StringIO(Path(tmp_path / "routed.csv").read_bytes().decode("gb18030")))
    )
    assert routed[0]["备注"] == "䶮字路口"  # in GB18030, not GBK


def test_the_default_comes_from_the_setting_and_other_formats_are_untouched(
    provider, store, tmp_path
):
    registry = QgsApplication.processingRegistry()
    try:
        settings.save_csv_encoding("gb18030")
        algorithm = registry.createAlgorithmById("jiangdu_grid:workflow_report")
        assert algorithm.parameterDefinition(CSV_ENCODING).defaultValue() == 1
        result, _ = run_algorithm(
            "workflow_report", {"GEOPACKAGE": str(store), "OUTPUT": str(tmp_path / "r.csv")}
        )
        assert "江都区" in Path(result["OUTPUT"]).read_bytes().decode("gb18030")
        result, _ = run_algorithm(
            "workflow_report", {"GEOPACKAGE": str(store), "OUTPUT": str(tmp_path / "r.xlsx")}
        )
        assert Path(tmp_path / "r.xlsx").read_bytes()[:2] == b"PK"  # XLSX stays available
    finally:
        QgsSettings().remove(settings.CSV_ENCODING)
    algorithm = registry.createAlgorithmById("jiangdu_grid:workflow_report")
    assert algorithm.parameterDefinition(CSV_ENCODING).defaultValue() == 0
    assert algorithm.parameterDefinition(CSV_ENCODING).flags() & 2  # advanced
