"""jiangdu_grid:validate_grids: nothing on sound grids, every defect on broken ones."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsVectorLayer

from tests.core.activity_fixture import OX, OY
from tests.core.routing_fixture import build_store_file, grid_rows
from tests.qgis.running import run_algorithm


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store_file(tmp_path_factory.mktemp("validate") / "district.gpkg")


def broken_layer():
    """The small district's grids with a defect each, as a memory layer: 001001 grows 20 m
    east over 001002; 001002 loses its top 30 m (a gap where 001001 does not reach);
    002001 is a bow-tie, whose repair leaves its top and bottom triangles bare; 002002
    takes 002001's code; 101001001 names another community; 101002002 reaches 10 m
    beyond the district."""
    layer = QgsVectorLayer(
        "MultiPolygon?crs=EPSG:4549&field=code:string&field=community_code:string"
        "&field=town_code:string&field=status:string",
        "broken",
        "memory",
    )
    shapes = {g["code"]: g["geom"] for g in grid_rows()}
    shapes["321012100001001"] = shapely.box(0, 0, 120, 100)
    shapes["321012100001002"] = shapely.box(100, 0, 200, 70)
    shapes["321012100002001"] = shapely.Polygon([(0, 100), (100, 200), (100, 100), (0, 200)])
    shapes["321012101002002"] = shapely.box(300, 100, 410, 200)
    features = []
    for grid in grid_rows():
        code, community = grid["code"], grid["community_code"]
        if code == "321012100002002":
            code = "321012100002001"
        if code == "321012101001001":
            community = "321012101002"
        shape = shapely.transform(shapes[grid["code"]], lambda xy: xy + np.array([OX, OY]))
        feature = QgsFeature(layer.fields())
        feature.setAttributes([code, community, grid["town_code"], "active"])
        feature.setGeometry(QgsGeometry.fromWkt(shape.wkt))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def problems(uri):
    layer = QgsVectorLayer(uri, "problems", "ogr")
    assert layer.isValid(), uri
    return [(f["rule"], f["grid_codes"], f.geometry()) for f in layer.getFeatures()]


def test_sound_grids_have_no_problems(provider, store, tmp_path):
    result, messages = run_algorithm(
        "validate_grids", {"GEOPACKAGE": str(store), "OUTPUT": str(tmp_path / "p.gpkg")}
    )
    assert problems(result["OUTPUT"]) == []
    assert "8 grids checked: 0 problems" in messages


def test_every_defect_is_found(provider, store, tmp_path):
    result, _ = run_algorithm(
        "validate_grids",
        {"GEOPACKAGE": str(store), "INPUT": broken_layer(), "OUTPUT": str(tmp_path / "p.gpkg")},
    )
    found = problems(result["OUTPUT"])
    by_rule = {}
    for rule, codes, geometry in found:
        by_rule.setdefault(rule, []).append((codes, geometry))
    assert by_rule["invalid"][0][0] == "321012100002001"
    assert [codes for codes, _ in by_rule["duplicate_code"]] == ["321012100002001"]
    assert [codes for codes, _ in by_rule["code_community"]] == ["321012101001001"]
    assert [codes for codes, _ in by_rule["overlap"]] == ["321012100001001, 321012100001002"]
    assert [codes for codes, _ in by_rule["outside_district"]] == ["321012101002002"]
    gaps = sorted((g.area(), codes) for codes, g in by_rule["gap"])
    assert [area for area, _ in gaps] == pytest.approx([80 * 30, 50 * 50, 50 * 50])
    assert gaps[0][1].split(", ")[:3] == [
        "321012100001001",
        "321012100001002",
        "321012100002001",
    ]
    # 101001001 names community 101002, where it does not lie; 101002002 leaves the
    # district and so its community too.
    # 001001 grows into its own community's 001002 and stays inside it.
    assert sorted(codes for codes, _ in by_rule["outside_community"]) == [
        "321012101001001",
        "321012101002002",
    ]
    areas = {rule: geometry.area() for rule, _, geometry in found}
    assert areas["overlap"] == pytest.approx(20 * 70)  # 001002 no longer reaches y 70-100
    assert areas["outside_district"] == pytest.approx(10 * 100)
    assert areas["invalid"] == pytest.approx(16.0)  # the 4 m square around the crossing


def test_a_layer_alone_finds_holes(provider, tmp_path):
    layer = broken_layer()
    result, messages = run_algorithm(
        "validate_grids", {"INPUT": layer, "OUTPUT": str(tmp_path / "p.gpkg")}
    )
    rules = [rule for rule, _, _ in problems(result["OUTPUT"])]
    assert "gap" in rules and "outside_community" not in rules
    assert "No store: communities are not checked; gaps are holes in the grids." in messages


def test_nothing_to_check_is_refused(provider, tmp_path):
    with pytest.raises(QgsProcessingException, match="Give a grid store, a grids layer"):
        run_algorithm("validate_grids", {"OUTPUT": str(tmp_path / "p.gpkg")})


@pytest.mark.slow
def test_the_demo_grids_are_sound(provider, demo_store, tmp_path):
    result, messages = run_algorithm(
        "validate_grids", {"GEOPACKAGE": str(demo_store), "OUTPUT": str(tmp_path / "p.gpkg")}
    )
    assert problems(result["OUTPUT"]) == []
    assert "1102 grids checked: 0 problems" in messages
