"""The demo store reproduces the report's figures on a sound geography."""

import sqlite3
from collections import defaultdict

import numpy as np
import pytest
import shapely

from jiangdu_grid_plugin.core.codes import CommunityCode, FacilityCode, GridCode, TownCode
from jiangdu_grid_plugin.core.demo import geography
from jiangdu_grid_plugin.core.store import open_store
from tests.helpers import ogrinfo, validate_gpkg

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(demo_store):
    with open_store(demo_store) as opened:
        yield opened


@pytest.fixture(scope="module")
def layers(store):
    return {
        name: store.rows(name, with_geometry=True) for name in ("towns", "communities", "grids")
    }


def test_the_reports_figures(store):
    figures = store.figures()
    expected = {
        "towns": 13,
        "grids": 1102,
        "grid_leaders": 1084,
        "grid_officers": 1643,
        "instructors": 612,
        "units": 63,
        "event_categories": 5,
        "catalog_items": 987,
        "facilities": 220_000,
        "incidents_closed": 23_923,
        "incidents_in_progress": 698,
        "superior_incidents": 17,
        "enforcement_powers": 190,
        "enforcement_penalties": 162,
        "enforcement_coercive": 28,
    }
    assert {key: figures[key] for key in expected} == expected
    assert round(figures["closure_rate"], 4) == 0.9717
    assert set(figures["grid_leaders_by_level"]) == {"district", "town", "community", "grid"}
    assert figures["grid_leaders_by_level"]["district"] == 3
    assert figures["grid_leaders_by_level"]["community"] == figures["communities"]
    # Most coded facilities are in the central urban area (仙女镇 and 大桥镇).
    assert figures["facilities_central_urban"] / figures["facilities"] > 0.85


def test_the_workflow_report_gives_the_reports_closure_rate(store):
    from datetime import datetime, timezone

    from jiangdu_grid_plugin.core.workflow_report import report

    as_of = datetime(2019, 11, 25, 12, tzinfo=timezone.utc)
    (district,) = report(store, "district", as_of=as_of, language="zh")
    assert (district["name"], district["closed"], district["in_progress"]) == (
        "江都区",
        23_923,
        698,
    )
    assert f"{district['closure_rate']:.2%}" == "97.17%"
    towns = report(store, "town", as_of=as_of, with_hours=False)
    assert len(towns) == 13
    assert sum(t["closed"] for t in towns) == 23_923
    assert sum(t["in_progress"] for t in towns) == 698


def test_towns_with_published_areas_come_within_5_percent(layers):
    published = {t.name: t.area_km2 for t in geography.TOWNS if t.area_km2}
    areas = {row["name"]: row["geom"].area / 1e6 for row in layers["towns"]}
    for name, area in published.items():
        assert abs(areas[name] / area - 1) < 0.05, name
    assert sum(areas.values()) == pytest.approx(1321.8, abs=0.5)


@pytest.mark.parametrize("level", ["towns", "communities", "grids"])
def test_each_level_tiles_the_district(layers, level):
    district = geography.district_outline()
    polygons = [row["geom"] for row in layers[level]]
    assert all(shapely.is_valid(polygons))
    union = shapely.union_all(polygons)
    assert shapely.symmetric_difference(union, district).area < 1.0  # m2
    tree = shapely.STRtree(polygons)
    left, right = tree.query(polygons, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(
        shapely.intersection(np.take(polygons, left[pairs]), np.take(polygons, right[pairs]))
    )
    assert overlap.max() < 1e-3  # neighbours share edges exactly


def test_each_unit_lies_in_its_parent(layers):
    by_code = {
        row["code"]: row["geom"] for level in ("towns", "communities") for row in layers[level]
    }
    for row in layers["communities"]:
        assert row["geom"].difference(by_code[row["town_code"]]).area < 1e-3, row["code"]
    for row in layers["grids"]:
        assert row["geom"].difference(by_code[row["community_code"]]).area < 1e-3, row["code"]


def test_codes_are_well_formed_unique_and_consistent(layers):
    towns = [TownCode.parse(row["code"]) for row in layers["towns"]]
    assert [t.sequence for t in towns] == list(range(100, 113))
    assert {row["name"]: row["code"] for row in layers["towns"]}["小纪镇"] == "321012101"
    sequences = defaultdict(list)
    for row in layers["communities"]:
        code = CommunityCode.parse(row["code"])
        assert str(code.town) == row["town_code"]
        assert code.is_village == (row["kind"] == "village")
    for row in layers["grids"]:
        code = GridCode.parse(row["code"])
        assert str(code.community) == row["community_code"]
        sequences[row["community_code"]].append(code.sequence)
    assert len({row["code"] for row in layers["grids"]}) == 1102
    for community, numbers in sequences.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), community


def test_grids_are_numbered_west_to_east_north_to_south(layers):
    by_community = defaultdict(list)
    for row in layers["grids"]:
        by_community[row["community_code"]].append(row)
    largest = max(by_community.values(), key=len)
    first, last = (min(largest, key=lambda r: r["code"]), max(largest, key=lambda r: r["code"]))
    assert first["geom"].centroid.y > last["geom"].centroid.y


def test_grids_are_small_where_people_are_many(layers):
    area = np.array([row["geom"].area / 1e6 for row in layers["grids"]])
    density = np.array([row["population"] / (row["geom"].area / 1e6) for row in layers["grids"]])
    urban, rural = density > np.percentile(density, 80), density < np.percentile(density, 20)
    assert np.median(area[urban]) * 4 < np.median(area[rural])
    assert sum(row["population"] for row in layers["grids"]) == pytest.approx(1_020_000, rel=0.01)


@pytest.mark.parametrize("table", ["facilities", "incidents", "enforcement_cases"])
def test_every_point_lies_in_the_grid_its_row_names(store, layers, table):
    grids = [row["geom"] for row in layers["grids"]]
    codes = np.array([row["code"] for row in layers["grids"]])
    points = store.rows(table, ["grid_code"], with_geometry=True)
    point_index, grid_index = shapely.STRtree(grids).query(
        [row["geom"] for row in points], predicate="within"
    )
    assert len(point_index) == len(points)  # each point in exactly one grid
    named = np.array([row["grid_code"] for row in points])
    assert (codes[grid_index] == named[point_index]).all()


def test_facility_codes_match_their_class(store):
    rows = store.rows("facilities", ["code", "class_code", "state", "in_use", "retired_on"])
    for row in rows[::97]:
        assert FacilityCode.parse(row["code"]).class_code == row["class_code"]
    assert {row["state"] for row in rows} == {"intact", "damaged", "lost", "occupied"}
    retired = [row for row in rows if not row["in_use"]]
    assert 0 < len(retired) < 0.01 * len(rows)
    assert all(row["retired_on"] for row in retired)


def test_incident_histories_follow_the_loop(demo_store):
    with sqlite3.connect(demo_store) as db:
        last_step_differs = db.execute(
            "SELECT count(*) FROM incidents i WHERE step != (SELECT to_step FROM incident_steps "
            "s WHERE s.incident_id = i.fid ORDER BY s.at DESC, s.fid DESC LIMIT 1)"
        ).fetchone()[0]
        illegal = db.execute(
            "SELECT count(*) FROM incident_steps s LEFT JOIN workflow_transitions w ON "
            "w.from_step = s.from_step AND w.to_step = s.to_step AND w.actor_role = s.actor_role "
            "WHERE s.from_step IS NOT NULL AND w.fid IS NULL"
        ).fetchone()[0]
        first_steps = db.execute(
            "SELECT count(*) FROM incident_steps WHERE from_step IS NULL"
        ).fetchone()[0]
        closed_without_time = db.execute(
            "SELECT count(*) FROM incidents WHERE step IN ('closed', 'evaluated') "
            "AND closed_at IS NULL"
        ).fetchone()[0]
        span = db.execute("SELECT min(reported_at), max(updated_at) FROM incidents").fetchone()
    assert (last_step_differs, illegal, closed_without_time) == (0, 0, 0)
    assert first_steps == 23_923 + 698 + 1_187
    assert span[0] >= "2019-01-31T16:00:00.000Z" and span[1] < "2019-11-25T01:00:00.000Z"


def test_personal_data_uses_the_unassigned_140_block(store):
    phones = [row["phone"] for row in store.rows("officers", ["phone"])]
    assert len(set(phones)) == len(phones) == 1084 + 1643 + 612
    assert all(p.startswith("140") and len(p) == 11 for p in phones)


def test_the_file_passes_gdal_and_sqlite_checks(store, demo_store):
    result = validate_gpkg(demo_store)
    assert result.returncode == 0, result.stdout + result.stderr
    assert store.integrity_problems() == []
    info = ogrinfo(demo_store, "-al", "-so")
    assert info.returncode == 0 and "Warning" not in info.stderr, info.stderr
    assert info.stdout.count("Feature Count") == 23  # 21 tables and the two activity views
    town_view = info.stdout[info.stdout.index("Layer name: town_activity") :]
    assert "Geometry: Multi Polygon\nFeature Count: 13\n" in town_view


def test_the_tiling_is_deterministic(layers):
    again = geography.build(np.random.default_rng(2019), 1102)
    stored = sorted(round(row["geom"].area, 3) for row in layers["grids"])
    assert sorted(round(g.area, 3) for g in again.grids) == stored
