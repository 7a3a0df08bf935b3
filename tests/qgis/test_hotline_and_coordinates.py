"""jiangdu_grid:import_hotline and jiangdu_grid:convert_chinese_coordinates."""

from __future__ import annotations

import csv

import pytest
from pyproj import Transformer
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingException,
    QgsVectorLayer,
)

from jiangdu_grid_plugin.core import coords
from jiangdu_grid_plugin.core.store import open_store
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import run_algorithm

OX, OY = 470_000.0, 3_590_000.0
TO_LONLAT = Transformer.from_crs(4549, 4490, always_xy=True)


@pytest.fixture
def store(tmp_path):
    return build_store_file(tmp_path / "fixture.gpkg", (OX, OY))


def run(algorithm, parameters):
    return run_algorithm(algorithm, parameters)


def gcj(x, y):
    lon, lat = TO_LONLAT.transform(OX + x, OY + y)
    lon, lat = coords.wgs84_to_gcj02(lon, lat)
    return f"{float(lon):.7f}", f"{float(lat):.7f}"


def hotline_file(path, encoding="gb18030"):
    rows = [
        ["A-1", "2019-11-25 08:30", "13812345678", "江都区仙女镇社区01", *gcj(50, 50), "路灯不亮"],
        ["A-2", "2019-11-25 09:00", "13900001111", "江都区小纪镇社区12", *gcj(350, 150), "=1+1"],
        ["", "2019-11-25 09:30", "13900002222", "江都区", *gcj(50, 50), "空单号"],
    ]
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(["工单号", "时间", "电话", "地址", "经度", "纬度", "内容"])
        writer.writerows(rows)
    return path


PARAMETERS = dict(
    TICKET_FIELD="工单号",
    TIME_FIELD="时间",
    PHONE_FIELD="电话",
    ADDRESS_FIELD="地址",
    LONGITUDE_FIELD="经度",
    LATITUDE_FIELD="纬度",
    CONTENT_FIELD="内容",
    COORDINATES=1,
)


def test_import_places_routes_and_masks(provider, store, tmp_path):
    source = hotline_file(tmp_path / "hotline.csv")
    result, messages = run(
        "import_hotline",
        dict(
            PARAMETERS,
            INPUT=str(source),
            GEOPACKAGE=str(store),
            OUTPUT=str(tmp_path / "imported.gpkg"),
            ERRORS=str(tmp_path / "errors.csv"),
        ),
    )
    imported = {f["ticket"]: f for f in QgsVectorLayer(result["OUTPUT"], "i", "ogr").getFeatures()}
    assert sorted(imported) == ["A-1", "A-2"]
    assert (imported["A-1"]["grid_code"], imported["A-1"]["电话"]) == (
        "321012100001001",
        "138****5678",
    )
    assert imported["A-2"]["grid_code"] == "321012101002002"
    with open(tmp_path / "errors.csv", encoding="utf-8-sig") as handle:
        errors = list(csv.DictReader(handle))
    assert [(e["reason_code"], e["电话"]) for e in errors] == [("empty_ticket", "139****2222")]
    assert "3 rows in = 2 imported + 1 not imported" in messages
    with open_store(store) as opened:
        phones = {
            r["ticket"]: r["reporter_phone"]
            for r in opened.rows("incidents", ["ticket", "reporter_phone"])
        }
    assert phones["A-1"] == "13812345678"  # stored in full, shown masked


def test_formulas_are_neutralised_in_spreadsheet_outputs(provider, store, tmp_path):
    source = hotline_file(tmp_path / "hotline.csv", "utf-8")
    run(
        "import_hotline",
        dict(
            PARAMETERS,
            INPUT=str(source),
            GEOPACKAGE=str(store),
            OUTPUT=str(tmp_path / "imported.csv"),
            ERRORS="TEMPORARY_OUTPUT",
        ),
    )
    with open(tmp_path / "imported.csv", encoding="utf-8-sig") as handle:
        contents = {r["ticket"]: r["内容"] for r in csv.DictReader(handle)}
    assert contents["A-2"] == "'=1+1"


def test_wrong_coordinate_system_is_flagged_and_dry_run_writes_nothing(provider, store, tmp_path):
    rows = [
        [
            f"B-{i}",
            "2019-11-25 10:00",
            "",
            "江都区仙女镇社区01",
            *gcj(20 + 10 * (i % 8), 20 + 10 * (i // 8)),
            "x",
        ]
        for i in range(16)
    ]
    source = tmp_path / "batch.csv"
    with open(source, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["工单号", "时间", "电话", "地址", "经度", "纬度", "内容"])
        writer.writerows(rows)
    with open_store(store) as opened:
        before = opened.count("incidents")
    _, messages = run(
        "import_hotline",
        dict(
            PARAMETERS,
            INPUT=str(source),
            GEOPACKAGE=str(store),
            COORDINATES=0,
            DRY_RUN=True,
            OUTPUT="TEMPORARY_OUTPUT",
            ERRORS="TEMPORARY_OUTPUT",
        ),
    )
    assert any(m.startswith("ERROR Only") and "probably in GCJ-02" in m for m in messages)
    assert any("(dry run: nothing written)" in m for m in messages)
    with open_store(store) as opened:
        assert opened.count("incidents") == before


def test_a_missing_column_refuses_the_file(provider, store, tmp_path):
    source = hotline_file(tmp_path / "hotline.csv")
    with pytest.raises(QgsProcessingException, match="it has no column 经度2"):
        run(
            "import_hotline",
            dict(
                PARAMETERS,
                INPUT=str(source),
                GEOPACKAGE=str(store),
                LONGITUDE_FIELD="经度2",
                OUTPUT="TEMPORARY_OUTPUT",
                ERRORS="TEMPORARY_OUTPUT",
            ),
        )


@pytest.mark.parametrize("kind", ["Point", "LineString", "Polygon"])
def test_convert_every_vertex(provider, kind):
    layer = QgsVectorLayer(f"{kind}?crs=EPSG:4326&field=n:integer", "in", "memory")
    wkt = {
        "Point": "POINT(119.6 32.4)",
        "LineString": "LINESTRING(119.6 32.4, 119.7 32.5)",
        "Polygon": "POLYGON((119.6 32.4, 119.7 32.4, 119.7 32.5, 119.6 32.4))",
    }[kind]
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(wkt))
    feature.setAttributes([7])
    empty = QgsFeature(layer.fields())
    empty.setAttributes([8])
    layer.dataProvider().addFeatures([feature, empty])
    result, _ = run(
        "convert_chinese_coordinates", {"INPUT": layer, "FROM": 1, "TO": 0, "OUTPUT": "memory:"}
    )
    output = result["OUTPUT"]
    assert output.crs().authid() == "EPSG:4326" and output.featureCount() == 2
    converted, kept = sorted(output.getFeatures(), key=lambda f: f["n"])
    vertex = converted.geometry().vertexAt(0)
    lon, lat = coords.gcj02_to_wgs84(119.6, 32.4)
    assert (vertex.x(), vertex.y()) == pytest.approx((float(lon), float(lat)), abs=1e-9)
    assert kept.geometry().isNull() and kept["n"] == 8


def test_convert_from_qgis_process(qgis_process, tmp_path):
    source = tmp_path / "p.geojson"
    source.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature",'
        '"properties":{},"geometry":{"type":"Point","coordinates":[119.6,32.4]}}]}'
    )
    result = qgis_process(
        "run",
        "jiangdu_grid:convert_chinese_coordinates",
        "--",
        f"INPUT={source}",
        "FROM=0",
        "TO=2",
        f"OUTPUT={tmp_path / 'o.gpkg'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    point = next(QgsVectorLayer(str(tmp_path / "o.gpkg"), "o", "ogr").getFeatures()).geometry()
    lon, lat = coords.wgs84_to_bd09(119.6, 32.4)
    assert (point.asPoint().x(), point.asPoint().y()) == pytest.approx(
        (float(lon), float(lat)), abs=1e-9
    )


def features(path) -> list[dict]:
    layer = QgsVectorLayer(str(path), "out", "ogr")
    return [dict(zip(layer.fields().names(), f.attributes())) for f in layer.getFeatures()]


def run_import(store, source, **parameters):
    return run(
        "import_hotline",
        dict(
            PARAMETERS,
            INPUT=str(source),
            GEOPACKAGE=str(store),
            OUTPUT="TEMPORARY_OUTPUT",
            ERRORS="TEMPORARY_OUTPUT",
            **parameters,
        ),
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty: it has no header row"),
        (bytes(range(256)) * 40, "is not a text table: it holds binary data"),
        (b"PK\x03\x04\x14\x00", "is an Excel workbook"),
    ],
)
def test_a_file_that_is_no_table_is_refused_with_a_sentence(
    provider, store, tmp_path, content, message
):
    # QGIS's own check of the parameters said "Could not load source layer for INPUT:
    # ... not found" for all three.
    source = tmp_path / "hotline.csv"
    source.write_bytes(content)
    with pytest.raises(QgsProcessingException) as refused:
        run_import(store, source)
    assert str(refused.value).startswith(f"{source} {message}")
    assert "not found" not in str(refused.value) and "Traceback" not in str(refused.value)


def test_a_broken_row_goes_to_the_errors_and_swallows_nothing(provider, store, tmp_path):
    source = hotline_file(tmp_path / "hotline.csv", "utf-8")
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    # Row 1 opens a quote it never closes (the next row used to vanish into its
    # address, phone and all); row 3 has a cell of 2 MB.
    lines[1] = lines[1].replace("江都区仙女镇社区01", '"江都区仙女镇社区01')
    lines.append('A-9,2019-11-25 10:00,13900003333,"' + "长" * 2_000_000 + '",119.6,32.4,x\n')
    source.write_text("".join(lines), encoding="utf-8")
    result, messages = run_import(store, source)
    imported = {f["ticket"]: f for f in features(result["OUTPUT"])}
    assert sorted(imported) == ["A-2"] and imported["A-2"]["电话"] == "139****1111"
    errors = sorted(features(result["ERRORS"]), key=lambda e: e["input_row"])
    assert [(e["input_row"], e["reason_code"], e["电话"]) for e in errors] == [
        (1, "unreadable_row", "138****5678"),
        (3, "empty_ticket", "139****2222"),
        (4, "unreadable_row", "139****3333"),
    ]
    assert errors[0]["reason"].startswith("Row 1 (line 2 of the file): a quote opened")
    assert "a cell is longer than 131,072 characters" in errors[2]["reason"]
    assert "4 rows in = 1 imported + 3 not imported" in messages


def masking_file(path):
    """A hotline export whose phone column is not mapped, whose caller column is, and
    whose other cells hold phones and the caller's name."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["工单号", "时间", "来电号码", "来电人", "地址", "经度", "纬度", "内容", "备注"]
        )
        writer.writerow(
            [
                "M-1",
                "2019-11-25 08:30",
                "13812345678",
                "欧阳明华",
                "江都区仙女镇社区01",
                *gcj(50, 50),
                "欧阳明华反映路灯不亮",
                "回电 0514-86421234",
            ]
        )
        writer.writerow(
            [
                "",
                "2019-11-25 08:40",
                "13987654321",
                "王伟",
                "江都区",
                *gcj(50, 50),
                "王伟：井盖丢了，电话139 8765 4321",
                "",
            ]
        )
    return path


def test_personal_data_is_masked_by_content_in_both_outputs(provider, store, tmp_path):
    source = masking_file(tmp_path / "hotline.csv")
    parameters = {k: v for k, v in PARAMETERS.items() if k != "PHONE_FIELD"}
    result, _ = run(
        "import_hotline",
        dict(
            parameters,
            INPUT=str(source),
            GEOPACKAGE=str(store),
            CALLER_FIELD="来电人",
            OUTPUT="TEMPORARY_OUTPUT",
            ERRORS="TEMPORARY_OUTPUT",
        ),
    )
    (imported,) = features(result["OUTPUT"])
    (error,) = features(result["ERRORS"])
    assert {k: imported[k] for k in ("来电号码", "来电人", "内容", "备注")} == {
        "来电号码": "138****5678",
        "来电人": "欧**华",
        "内容": "欧**华反映路灯不亮",
        "备注": "回电 051******1234",
    }
    assert {k: error[k] for k in ("来电号码", "来电人", "内容")} == {
        "来电号码": "139****4321",
        "来电人": "王*",
        "内容": "王*：井盖丢了，电话139******4321",
    }
    everything = " ".join(str(v) for row in (imported, error) for v in row.values())
    for personal in ("13812345678", "欧阳明华", "86421234", "13987654321", "王伟", "8765 4321"):
        assert personal not in everything
    with open_store(store) as opened:
        (stored,) = [
            r for r in opened.rows("incidents", ["ticket", "reporter_name"]) if r["ticket"] == "M-1"
        ]
    assert stored["reporter_name"] == "欧阳明华"  # stored in full


def test_unmasked_output_only_when_asked(provider, store, tmp_path):
    source = masking_file(tmp_path / "hotline.csv")
    result, _ = run_import(
        store, source, PHONE_FIELD="来电号码", CALLER_FIELD="来电人", UNMASKED=True
    )
    (imported,) = features(result["OUTPUT"])
    assert (imported["来电号码"], imported["来电人"], imported["备注"]) == (
        "13812345678",
        "欧阳明华",
        "回电 0514-86421234",
    )


def test_excel_unicode_text_is_imported(provider, store, tmp_path):
    source = hotline_file(tmp_path / "hotline.csv", "utf-8")
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    text = tmp_path / "hotline.txt"
    text.write_bytes("\r\n".join("\t".join(r) for r in rows).encode("utf-16"))
    result, _ = run_import(store, text)
    assert sorted(f["ticket"] for f in features(result["OUTPUT"])) == ["A-1", "A-2"]


def test_a_workbook_of_text_columns_keeps_its_header(provider, store, tmp_path):
    import openpyxl

    source = hotline_file(tmp_path / "hotline.csv", "utf-8")
    workbook = openpyxl.Workbook()
    with source.open(encoding="utf-8") as handle:
        for cells in csv.reader(handle):
            workbook.active.append(cells)  # every cell text, coordinates too
    workbook.save(tmp_path / "hotline.xlsx")
    result, messages = run_import(store, tmp_path / "hotline.xlsx")
    imported = {f["ticket"]: f for f in features(result["OUTPUT"])}
    assert sorted(imported) == ["A-1", "A-2"]
    assert imported["A-1"]["电话"] == "138****5678"
    assert "3 rows in = 2 imported + 1 not imported" in messages


def test_imports_into_one_store_build_its_router_once(provider, store, tmp_path, monkeypatch):
    """The router (the grids, people and catalogue, a second or two on the demo) is built
    once per store and version of its routing data, not once per import."""
    from jiangdu_grid_plugin.core.routing import router as routing

    built = []
    original = routing.Router.from_store.__func__
    monkeypatch.setattr(
        routing.Router,
        "from_store",
        classmethod(lambda cls, *a, **k: built.append(1) or original(cls, *a, **k)),
    )
    for batch in ("first", "second"):
        source = hotline_file(tmp_path / f"{batch}.csv")
        run(
            "import_hotline",
            dict(
                PARAMETERS,
                INPUT=str(source),
                GEOPACKAGE=str(store),
                OUTPUT=str(tmp_path / f"{batch}.gpkg"),
                ERRORS=str(tmp_path / f"{batch}_errors.csv"),
            ),
        )
    assert len(built) == 1
    with open_store(store) as opened:
        assert opened.count("incidents") == 2  # the second batch's tickets were there
