"""jiangdu_grid:geocode_facility_codes from Processing and qgis_process."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from qgis.core import (
    QgsFeature,
    QgsProcessingException,
    QgsVectorLayer,
)

from tests.core.routing_fixture import build_store_file
from tests.qgis.running import run_algorithm

OX, OY = 470_000.0, 3_590_000.0
NOTE = "䶮字路口"  # GB18030, not GBK


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store_file(tmp_path_factory.mktemp("store") / "fixture.gpkg", (OX, OY))


def run(parameters):
    return run_algorithm("geocode_facility_codes", parameters)


ROWS = [
    ("1", "3210120101000001", NOTE),
    ("2", " ３２１０１２０１１３０００００７ ", "全角"),
    ("3", "", "空"),
    ("4", "3210120101000002", "注销"),
    ("5", "3210120101999999", "不存在"),
    ("6", '=HYPERLINK("http://x")', "注入"),
]


def write_csv(path, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "部件编码", "备注"])
        writer.writerows(ROWS)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_every_row_comes_out_once(provider, store, tmp_path, encoding):
    source = write_csv(tmp_path / "list.csv", encoding)
    result, messages = run(
        {
            "INPUT": str(source),
            "CODE_FIELD": "部件编码",
            "GEOPACKAGE": str(store),
            "OUTPUT": str(tmp_path / "placed.gpkg"),
            "ERRORS": str(tmp_path / "errors.gpkg"),
        }
    )
    placed = QgsVectorLayer(result["OUTPUT"], "placed", "ogr")
    errors = QgsVectorLayer(result["ERRORS"], "errors", "ogr")
    assert placed.featureCount() + errors.featureCount() == len(ROWS)
    rows = {f["序号"]: f for f in placed.getFeatures()}
    assert sorted(rows) == ["1", "2"]
    first = rows["1"]
    assert first["备注"] == NOTE
    assert (
        first["facility_code"],
        first["class_name"],
        first["state"],
        first["grid_code"],
        first["community_name"],
        first["town_name"],
        first["officer_names"],
        first["officer_phones"],
    ) == (
        "3210120101000001",
        "上水井盖",
        "intact",
        "321012100001001",
        "社区01",
        "仙女镇",
        "人员1",
        "140****0001",
    )
    point = first.geometry().asPoint()
    assert (point.x(), point.y()) == (OX + 10, OY + 20)
    assert rows["2"]["note"] == "full-width digits"
    assert placed.crs().authid() == "EPSG:4549"
    reasons = {f["序号"]: (f["reason_code"], f["input_row"]) for f in errors.getFeatures()}
    assert reasons == {
        "3": ("empty", 3),
        "4": ("retired", 4),
        "5": ("not_in_inventory", 5),
        "6": ("non_digits", 6),
    }
    assert "6 rows in = 2 placed + 4 not placed" in messages
    assert "retired (retired): 1" in messages


def test_xlsx_with_numeric_codes(provider, store, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["部件编码", "备注"])
    # A column of numbers, as Excel keeps codes typed without a leading apostrophe.
    sheet.append([3210120113000007, "每位都在"])
    sheet.append([3210120302000010, "末位为零：可能已丢失"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    result, _ = run(
        {
            "INPUT": str(path),
            "CODE_FIELD": "部件编码",
            "GEOPACKAGE": str(store),
            "OUTPUT": str(tmp_path / "placed.gpkg"),
            "ERRORS": str(tmp_path / "errors.gpkg"),
        }
    )
    placed = QgsVectorLayer(result["OUTPUT"], "placed", "ogr")
    errors = QgsVectorLayer(result["ERRORS"], "errors", "ogr")
    assert [f["facility_code"] for f in placed.getFeatures()] == ["3210120113000007"]
    (lost,) = list(errors.getFeatures())
    assert lost["reason_code"] == "number_lost_digits"
    assert "only 15 digits survive" in lost["reason"]


@pytest.mark.parametrize(
    ("content", "column"),
    [
        ("部件编码\r\n3210120101000001\r\n3210120113000007\r\n3210120101999999\r\n", "部件编码"),
        ("3210120101000001\n3210120113000007\n3210120101999999\n", "column_1"),  # no header
    ],
)
def test_a_single_column_of_codes(provider, store, tmp_path, content, column):
    """GDAL opens no CSV file without a delimiter in its first line: QGIS says "not
    found", and its dialog lists no column to choose. Our reader reads it, and the
    only column is the code column."""
    path = tmp_path / "codes.csv"
    path.write_text(content, encoding="utf-8")
    assert not QgsVectorLayer(str(path), "codes", "ogr").isValid()
    result, messages = run(
        {
            "INPUT": str(path),
            "GEOPACKAGE": str(store),
            "OUTPUT": str(tmp_path / "placed.gpkg"),
            "ERRORS": str(tmp_path / "errors.gpkg"),
        }
    )
    placed = QgsVectorLayer(result["OUTPUT"], "placed", "ogr")
    assert [f["facility_code"] for f in placed.getFeatures()] == [
        "3210120101000001",
        "3210120113000007",
    ]
    assert next(placed.getFeatures())[column] == "3210120101000001"
    (missing,) = QgsVectorLayer(result["ERRORS"], "errors", "ogr").getFeatures()
    assert (missing["input_row"], missing["reason_code"]) == (3, "not_in_inventory")
    assert ("no header row" in " ".join(messages)) == (column == "column_1")


def test_a_sheet_of_codes_without_a_header(provider, store, tmp_path):
    book = openpyxl.Workbook()
    for code in ("3210120101000001", "3210120113000007"):
        book.active.append([code])
    book.save(tmp_path / "codes.xlsx")
    result, _ = run(
        {
            "INPUT": str(tmp_path / "codes.xlsx"),
            "GEOPACKAGE": str(store),
            "OUTPUT": str(tmp_path / "placed.gpkg"),
            "ERRORS": str(tmp_path / "errors.gpkg"),
        }
    )
    placed = QgsVectorLayer(result["OUTPUT"], "placed", "ogr")
    assert placed.featureCount() == 2


def test_several_columns_need_the_code_column_chosen(provider, store, tmp_path):
    source = write_csv(tmp_path / "list.csv")
    with pytest.raises(QgsProcessingException, match=r"has 3 columns \(序号, 部件编码, 备注\)"):
        run(
            {
                "INPUT": str(source),
                "GEOPACKAGE": str(store),
                "OUTPUT": "TEMPORARY_OUTPUT",
                "ERRORS": "TEMPORARY_OUTPUT",
            }
        )


def test_a_layer_as_input_and_errors_as_csv_without_formulas(provider, store, tmp_path):
    layer = QgsVectorLayer("None?field=code:string&field=who:string", "list", "memory")
    features = []
    for code, who in (("3210120101000001", "甲"), ("=cmd|' /C calc'!A0", "乙")):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([code, who])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    result, _ = run(
        {
            "INPUT": layer,
            "CODE_FIELD": "code",
            "GEOPACKAGE": str(store),
            "OUTPUT": "TEMPORARY_OUTPUT",
            "ERRORS": str(tmp_path / "errors.csv"),
        }
    )
    assert QgsVectorLayer(result["OUTPUT"], "placed", "ogr").featureCount() == 1
    with open(tmp_path / "errors.csv", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["code"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["reason_code"] == "non_digits"


def test_a_missing_column_is_named(provider, store, tmp_path):
    source = write_csv(tmp_path / "list.csv")
    with pytest.raises(QgsProcessingException, match="has no column code; its columns are"):
        run(
            {
                "INPUT": str(source),
                "CODE_FIELD": "code",
                "GEOPACKAGE": str(store),
                "OUTPUT": "TEMPORARY_OUTPUT",
                "ERRORS": "TEMPORARY_OUTPUT",
            }
        )


def test_geocode_from_qgis_process(qgis_process, store, tmp_path):
    source = write_csv(tmp_path / "list.csv", "gb18030")
    result = qgis_process(
        "run",
        "jiangdu_grid:geocode_facility_codes",
        "--",
        f"INPUT={source}",
        "CODE_FIELD=部件编码",
        f"GEOPACKAGE={store}",
        f"OUTPUT={tmp_path / 'placed.gpkg'}",
        f"ERRORS={tmp_path / 'errors.gpkg'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 rows in = 2 placed + 4 not placed" in result.stdout
    placed = QgsVectorLayer(str(tmp_path / "placed.gpkg"), "placed", "ogr")
    assert {f["备注"] for f in placed.getFeatures()} == {NOTE, "全角"}


def personal_list(path):
    """A list whose rows carry a reporter's name and phone, and a remark naming them."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["部件编码", "上报人", "联系电话", "备注"])
        writer.writerow(
            ["3210120101000001", "欧阳明华", "13812345678", "欧阳明华反映，回电 0514-86421234"]
        )
        writer.writerow(["3210120101999999", "王伟", "13987654321", "王伟：139 8765 4321"])
    return path


def personal_outputs(store, tmp_path, **parameters):
    """The placed row and the error row (the errors as a CSV file)."""
    result, _ = run(
        {
            "INPUT": str(personal_list(tmp_path / "list.csv")),
            "CODE_FIELD": "部件编码",
            "GEOPACKAGE": str(store),
            "OUTPUT": str(tmp_path / "placed.gpkg"),
            "ERRORS": str(tmp_path / "errors.csv"),
            **parameters,
        }
    )
    placed = QgsVectorLayer(result["OUTPUT"], "placed", "ogr")
    (row,) = [
        [f[name] for name in ("上报人", "联系电话", "备注", "grid_code")]
        for f in placed.getFeatures()
    ]
    del placed
    with open(tmp_path / "errors.csv", encoding="utf-8-sig") as handle:
        (error,) = [
            [r[name] for name in ("上报人", "联系电话", "备注", "reason_code")]
            for r in csv.DictReader(handle)
        ]
    return row, error


def test_personal_data_is_masked_by_content_in_both_outputs(provider, store, tmp_path):
    row, error = personal_outputs(store, tmp_path)
    assert row == ["欧**华", "138****5678", "欧**华反映，回电 051******1234", "321012100001001"]
    assert error == ["王*", "139****4321", "王*：139******4321", "not_in_inventory"]


def test_personal_data_in_full_only_when_asked(provider, store, tmp_path):
    row, error = personal_outputs(store, tmp_path, UNMASKED=True)
    assert row[:3] == ["欧阳明华", "13812345678", "欧阳明华反映，回电 0514-86421234"]
    assert error[:3] == ["王伟", "13987654321", "王伟：139 8765 4321"]
