"""jiangdu_grid:route_incidents from Processing and from qgis_process."""

from __future__ import annotations

import json

import pytest
from qgis.core import (
    NULL,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDateTime, Qt

from tests.core.routing_fixture import build_store_file
from tests.qgis.running import run_algorithm

OX, OY = 470_000.0, 3_590_000.0
SW, SE = "321012100001001", "321012100001002"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store_file(tmp_path_factory.mktemp("store") / "fixture.gpkg", (OX, OY))


def run(parameters):
    result, messages = run_algorithm("route_incidents", parameters)
    return result["OUTPUT"], messages


def layer(
    features,
    kind="Point",
    crs="EPSG:4549",
    fields="id:integer&field=item:string&field=reported:datetime&field=grid_code:string",
):
    uri = f"{kind}?{'crs=' + crs + '&' if crs else ''}field={fields}"
    memory = QgsVectorLayer(uri, "incidents", "memory")
    assert memory.isValid()
    if not crs:
        memory.setCrs(QgsCoordinateReferenceSystem())  # QGIS gives new layers a default
    rows = []
    for number, (wkt, attributes) in enumerate(features, start=1):
        feature = QgsFeature(memory.fields())
        if wkt is not None:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature.setAttributes([number, *attributes])
        rows.append(feature)
    memory.dataProvider().addFeatures(rows)
    return memory


def point(x, y):
    return f"POINT({OX + x} {OY + y})"


def by_id(output):
    return {f["id"]: f for f in output.getFeatures()}


def test_every_feature_comes_out_once_with_its_rule(provider, store):
    may = QDateTime(2019, 5, 20, 10, 0, 0, 0, Qt.LocalTime)
    june = QDateTime(2019, 6, 5, 10, 0, 0, 0, Qt.LocalTime)
    source = layer(
        [
            (point(50, 50), ["01001", may, "x"]),
            (point(100, 50), [None, may, None]),  # shared edge: the lower code
            (point(100, 100), [None, may, None]),  # vertex of four grids
            (point(-50, 50), [None, may, None]),  # 50 m outside
            (point(-900, 50), [None, may, None]),  # far outside
            (None, [None, may, None]),  # no geometry
            (point(50, 50), ["01001", june, None]),  # the officer is away in June
            (point(50, 50), ["99999", may, None]),  # not in the catalogue
        ]
    )
    output, messages = run(
        {
            "INPUT": source,
            "GEOPACKAGE": str(store),
            "CATEGORY_FIELD": "item",
            "TIME_FIELD": "reported",
            "OUTPUT": "memory:",
        }
    )
    assert output.featureCount() == source.featureCount() == 8
    rows = by_id(output)
    assert [rows[i]["rule"] for i in range(1, 9)] == [
        "inside",
        "on_boundary",
        "on_boundary",
        "nearest",
        "unroutable",
        "invalid",
        "inside",
        "inside",
    ]
    assert [rows[i]["grid_code_2"] for i in (1, 2, 3, 4)] == [SW, SW, SW, SW]
    assert rows[1]["grid_code"] == "x"  # the input's own field is kept as it was
    first = rows[1]
    assert (first["officer_ids"], first["officer_names"], first["officer_phones"]) == (
        "1",
        "人员1",
        "140****0001",
    )
    assert (
        first["grid_leader_ids"],
        first["community_leader_ids"],
        first["town_leader_ids"],
        first["district_leader_ids"],
        first["instructor_ids"],
    ) == ("3", "4", "5", "6", "9")
    assert (first["unit_code"], first["deadline_hours"]) == ("046", 4)
    assert first["deadline_at"] == may.addSecs(4 * 3600)
    assert rows[4]["distance_m"] == pytest.approx(50.0)
    assert "district command centre" in rows[5]["reason"]
    assert rows[6]["reason"] == "Feature 6 has no geometry."
    assert rows[7]["fallback"] and rows[7]["officer_ids"] == ""
    assert "falls to the community's grid leader" in rows[7]["reason"]
    assert "99999 is not in the store's event catalogue" in rows[8]["reason"]
    assert "inside a grid (inside): 3" in messages and "invalid (invalid): 1" in messages
    assert "on a shared boundary (on_boundary): 2" in messages


def test_input_in_another_crs_is_transformed(provider, store):
    to_wgs84 = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4549"),
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsProject.instance(),
    )
    lonlat = to_wgs84.transform(QgsPointXY(OX + 150, OY + 50))
    source = layer([(f"POINT({lonlat.x()} {lonlat.y()})", [None, None, None])], crs="EPSG:4326")
    output, _ = run({"INPUT": source, "GEOPACKAGE": str(store), "OUTPUT": "memory:"})
    feature = next(output.getFeatures())
    assert (feature["grid_code_2"], feature["rule"]) == (SE, "inside")
    assert output.crs().authid() == "EPSG:4326"


def test_multipoints_nan_and_bad_times_are_kept_with_a_reason(provider, store):
    source = layer(
        [
            (f"MULTIPOINT(({OX + 50} {OY + 50}))", [None, None, None]),
            (f"MULTIPOINT(({OX + 50} {OY + 50}),({OX + 150} {OY + 50}))", [None, None, None]),
            ("POINT EMPTY", [None, None, None]),
        ],
        kind="MultiPoint",
    )
    output, _ = run({"INPUT": source, "GEOPACKAGE": str(store), "OUTPUT": "memory:"})
    rows = by_id(output)
    assert rows[1]["rule"] == "inside" and rows[1]["grid_code_2"] == SW
    assert rows[2]["rule"] == "invalid"
    assert rows[2]["reason"] == (
        "Feature 2 is a multipoint of 2 points: split it into single points first."
    )
    assert rows[3]["rule"] == "invalid"
    texts = layer(
        [(point(50, 50), [None, None, None])],
        fields="id:integer&field=item:string&field=reported:string&field=g:string",
    )
    texts.dataProvider().changeAttributeValues({1: {2: "yesterday"}})
    output, _ = run(
        {"INPUT": texts, "GEOPACKAGE": str(store), "TIME_FIELD": "reported", "OUTPUT": "memory:"}
    )
    feature = next(output.getFeatures())
    assert feature["rule"] == "invalid"
    assert "the time yesterday is not a date and time" in feature["reason"]


def test_a_layer_without_crs_an_empty_layer_and_bad_stores(provider, store, tmp_path):
    with pytest.raises(QgsProcessingException, match="has no coordinate reference system"):
        run(
            {
                "INPUT": layer([(point(50, 50), [None, None, None])], crs=""),
                "GEOPACKAGE": str(store),
                "OUTPUT": "memory:",
            }
        )
    output, messages = run({"INPUT": layer([]), "GEOPACKAGE": str(store), "OUTPUT": "memory:"})
    assert output.featureCount() == 0
    assert "The input layer has no features: nothing to route." in messages
    not_a_store = tmp_path / "notes.gpkg"
    not_a_store.write_text("hello")
    with pytest.raises(QgsProcessingException, match="is not a GeoPackage"):
        run({"INPUT": layer([]), "GEOPACKAGE": str(not_a_store), "OUTPUT": "memory:"})
    from jiangdu_grid_plugin.core.new_store import create_empty_store

    empty = tmp_path / "empty.gpkg"
    create_empty_store(empty)
    with pytest.raises(QgsProcessingException, match="no grids in force"):
        run({"INPUT": layer([]), "GEOPACKAGE": str(empty), "OUTPUT": "memory:"})


def test_route_incidents_from_qgis_process(qgis_process, store, tmp_path):
    geojson = tmp_path / "incidents.geojson"
    geojson.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}},
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"n": 1},
                        "geometry": {"type": "Point", "coordinates": [OX + 50, OY + 50]},
                    },
                    {
                        "type": "Feature",
                        "properties": {"n": 2},
                        "geometry": {"type": "Point", "coordinates": [OX + 250, OY + 150]},
                    },
                ],
            }
        )
    )
    output = tmp_path / "routed.gpkg"
    result = qgis_process(
        "run",
        "jiangdu_grid:route_incidents",
        "--",
        f"INPUT={geojson}",
        f"GEOPACKAGE={store}",
        f"OUTPUT={output}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "inside a grid (inside): 2" in result.stdout
    routed = QgsVectorLayer(str(output), "routed", "ogr")
    assert sorted(f["grid_code"] for f in routed.getFeatures()) == [SW, "321012101002001"]


def personal_layer():
    """Incidents with a caller's phone (as text and as a number), name and a remark
    naming them."""
    return layer(
        [
            (
                point(50, 50),
                ["13812345678", 13987654321, "欧阳明华", "欧阳明华反映，回电 0514-86421234"],
            ),
            (point(60, 60), [None, None, "王伟", "王伟说井盖丢了"]),
        ],
        fields="id:integer&field=来电号码:string&field=手机:long&field=来电人:string"
        "&field=备注:string",
    )


def test_personal_data_in_the_input_is_masked_by_content(provider, store, tmp_path):
    output, _ = run(
        {
            "INPUT": personal_layer(),
            "GEOPACKAGE": str(store),
            "OUTPUT": str(tmp_path / "routed.gpkg"),
        }
    )
    routed = QgsVectorLayer(output, "routed", "ogr")
    rows = {
        f["id"]: [f[name] for name in ("来电号码", "手机", "来电人", "备注", "grid_code")]
        for f in routed.getFeatures()
    }
    assert rows == {
        1: ["138****5678", "139****4321", "欧**华", "欧**华反映，回电 051******1234", SW],
        2: [NULL, NULL, "王*", "王*说井盖丢了", SW],
    }
    del routed


def test_personal_data_in_full_only_when_asked(provider, store, tmp_path):
    output, _ = run(
        {
            "INPUT": personal_layer(),
            "GEOPACKAGE": str(store),
            "UNMASKED": True,
            "OUTPUT": str(tmp_path / "routed.gpkg"),
        }
    )
    routed = QgsVectorLayer(output, "routed", "ogr")
    rows = {
        f["id"]: [f[name] for name in ("来电号码", "手机", "来电人", "备注")]
        for f in routed.getFeatures()
    }
    assert rows[1] == ["13812345678", 13987654321, "欧阳明华", "欧阳明华反映，回电 0514-86421234"]
    assert rows[2][2:] == ["王伟", "王伟说井盖丢了"]
    del routed
