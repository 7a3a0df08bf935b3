"""Kernel density against the point-by-point sum, the pixel mask against shapely, the
town and grid tables, and the store's filtered points and counts."""

import numpy as np
import pytest
import shapely

from jiangdu_grid_plugin.core.density import (
    RasterGrid,
    exact_density,
    fast_length,
    kernel_density,
    polygon_mask,
    quartic,
    summarize,
)
from jiangdu_grid_plugin.core.store import StoreError, open_store
from tests.core.activity_fixture import EAST, JUNE, MAY, OX, OY, WEST, add_activity
from tests.core.backends import BACKENDS, store_on
from tests.core.routing_fixture import build_store_file


def test_quartic_kernel_values():
    assert quartic([0.0, 50.0, 100.0, 100.5, 300.0], 100.0).tolist() == [1.0, 0.5625, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(("n", "fast"), [(1, 1), (7, 8), (16, 16), (1113, 1125), (1439, 1440)])
def test_fast_length(n, fast):
    assert fast_length(n) == fast


def test_grid_covering_and_centres():
    grid = RasterGrid.covering((0.0, 0.0, 95.0, 40.0), 20.0)
    assert (grid.left, grid.top, grid.rows, grid.columns) == (0.0, 40.0, 2, 5)
    assert grid.geotransform == (0.0, 20.0, 0.0, 40.0, 0.0, -20.0)
    x, y = grid.centres()
    assert x.tolist() == [10.0, 30.0, 50.0, 70.0, 90.0]
    assert y.tolist() == [30.0, 10.0]


def test_a_point_on_a_pixel_centre_gives_the_kernel_itself():
    grid = RasterGrid(0.0, 200.0, 10.0, 20, 20)
    density = kernel_density([105.0], [95.0], grid, 50.0)
    row, column = 10, 10  # centre (105, 95)
    assert density[row, column] == pytest.approx(1.0)
    assert density[row, column + 1] == pytest.approx((1 - (10 / 50) ** 2) ** 2)
    assert density[row + 3, column + 4] == pytest.approx(0.0, abs=1e-12)  # 50 m away
    assert density.sum() == pytest.approx(exact_density([105.0], [95.0], grid, 50.0).sum())
    np.testing.assert_allclose(density, exact_density([105.0], [95.0], grid, 50.0), atol=1e-12)


def test_fft_density_is_within_a_percent_of_the_exact_sum():
    rng = np.random.default_rng(3)
    # Clustered points, as incidents are: three hot spots and a scatter.
    centres = np.array([[400.0, 600.0], [1300.0, 1500.0], [1500.0, 400.0]])
    picks = centres[rng.integers(0, 3, 1500)]
    x = np.concatenate([picks[:, 0] + rng.normal(0, 80, 1500), rng.uniform(0, 2000, 500)])
    y = np.concatenate([picks[:, 1] + rng.normal(0, 80, 1500), rng.uniform(0, 2000, 500)])
    grid = RasterGrid.covering((0.0, 0.0, 2000.0, 2000.0), 20.0)
    fast = kernel_density(x, y, grid, 200.0)
    exact = exact_density(x, y, grid, 200.0)
    assert exact.max() > 50
    assert np.abs(fast - exact).max() <= 0.01 * exact.max()
    assert fast.sum() == pytest.approx(exact.sum(), rel=1e-3)


def test_points_beyond_the_grid_reach_into_it_within_the_radius():
    grid = RasterGrid(0.0, 100.0, 10.0, 10, 10)
    near = kernel_density([-25.0], [55.0], grid, 50.0)  # 30 m from the first centre
    assert near[4, 0] == pytest.approx((1 - (30 / 50) ** 2) ** 2)
    np.testing.assert_allclose(near, exact_density([-25.0], [55.0], grid, 50.0), atol=1e-12)
    far = kernel_density([-60.0], [55.0], grid, 50.0)  # 65 m: out of reach
    assert far.max() == 0.0


def test_weights_and_missing_points():
    grid = RasterGrid(0.0, 100.0, 10.0, 10, 10)
    one = kernel_density([55.0], [45.0], grid, 30.0)
    weighted = kernel_density([55.0, np.nan], [45.0, 10.0], grid, 30.0, weights=[2.0, 5.0])
    np.testing.assert_allclose(weighted, 2 * one)


def test_no_points_give_zeros():
    density = kernel_density([], [], RasterGrid(0.0, 100.0, 10.0, 10, 10), 30.0)
    assert density.shape == (10, 10) and density.max() == 0.0


@pytest.mark.parametrize(
    ("radius", "pixel", "message"),
    [(0.0, 10.0, "the radius must be positive, not 0.0"), (50, -1.0, "the pixel size must")],
)
def test_bad_radius_or_pixel(radius, pixel, message):
    with pytest.raises(ValueError, match=message):
        kernel_density([1.0], [1.0], RasterGrid(0.0, 100.0, pixel, 10, 10), radius)


def test_polygon_mask_matches_shapely_on_pixel_centres():
    ring = shapely.Polygon(
        [(3, 7), (181, 13), (197, 121), (97, 61), (61, 193), (13, 151)],
        holes=[[(31, 31), (71, 37), (53, 79)]],
    )
    island = shapely.Point(150, 170).buffer(23.3)
    shape = shapely.MultiPolygon([ring, island])
    grid = RasterGrid.covering(shape.bounds, 4.0, margin=6.0)
    cx, cy = grid.centres()
    expected = shapely.contains_xy(shape, *np.meshgrid(cx, cy))
    mask = polygon_mask(shape, grid)
    assert mask.shape == (grid.rows, grid.columns)
    assert mask.sum() > 1000
    assert (mask == expected).all()


def test_summarize_per_area_people_share_and_change():
    units = [
        dict(code="A", name="甲", town_code="A", area_km2=2.0, population=20_000),
        dict(code="B", name="乙", town_code="B", area_km2=0.5, population=None),
        dict(code="C", name="丙", town_code="C", area_km2=0.0, population=1_000),
    ]
    summary = summarize(units, {"A": 10, "B": 30}, {"A": 8, "B": 0}, 40)
    a, b, c = summary.rows
    assert summary.total == 40
    assert (a["count"], a["per_km2"], a["per_10k"], a["share"]) == (10, 5.0, 5.0, 0.25)
    assert (a["previous"], a["change"], a["change_pct"]) == (8, 2, 0.25)
    assert (b["per_km2"], b["per_10k"], b["share"]) == (60.0, None, 0.75)
    assert (b["previous"], b["change"], b["change_pct"]) == (0, 30, None)
    assert (c["count"], c["per_km2"], c["per_10k"], c["share"]) == (0, None, 0.0, 0.0)
    without = summarize(units, {"A": 10}, None, 10).rows[0]
    assert (without["previous"], without["change"], without["change_pct"]) == (None, None, None)


# The store's density queries, on the small district (west town 321012100, east 101).


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, tmp_path_factory):
    path = add_activity(build_store_file(tmp_path_factory.mktemp("density") / "district.gpkg"))
    with store_on(request, request.param, path) as store:
        yield store


def test_counts_by_town_and_grid_in_a_period(store):
    assert store.density_counts("incidents", "town", **JUNE) == {WEST: 4, EAST: 1}
    assert store.density_counts("incidents", "grid", **JUNE) == {
        "321012100001001": 2,
        "321012100001002": 1,
        "321012100002001": 1,
        "321012101002002": 1,
    }
    assert store.density_counts("incidents", "town", **MAY) == {WEST: 1, EAST: 1}
    assert store.density_counts("incidents", "town") == {WEST: 5, EAST: 2}


def test_counts_filtered_by_category_step_source_and_town(store):
    assert store.density_counts("incidents", "town", category_code="01", **JUNE) == {WEST: 4}
    assert store.density_counts("incidents", "town", step="handled") == {WEST: 1}
    assert store.density_counts("incidents", "grid", source="superior") == {"321012100001002": 1}
    assert store.density_counts("incidents", "town", town_code=EAST) == {EAST: 2}


def test_points_in_a_period_leave_out_those_without_a_place(store):
    x, y = store.density_points("incidents", **JUNE)
    assert sorted(zip((x - OX).round(6), (y - OY).round(6))) == [
        (10.0, 20.0),
        (30.0, 40.0),
        (150.0, 50.0),
        (350.0, 150.0),
    ]


def test_enforcement_cases_by_decision_date(store):
    june = store.density_counts("enforcement_cases", "town", **JUNE)
    assert june == {WEST: 2}
    x, _ = store.density_points("enforcement_cases", start=JUNE["end"])
    assert (x - OX).tolist() == [40.0]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.density_points("facilities"), "no density for 'facilities'"),
        (
            lambda s: s.density_counts("enforcement_cases", "town", step="closed"),
            "enforcement_cases cannot be filtered by step",
        ),
        (lambda s: s.density_counts("incidents", "community"), "by town or grid, not 'community'"),
    ],
)
def test_bad_density_requests(store, call, message):
    with pytest.raises(StoreError, match=message):
        call(store)


def test_units_with_area_and_population(store):
    towns = store.density_units("town")
    assert [(t["code"], t["name"], t["area_km2"]) for t in towns] == [
        (WEST, "仙女镇", 0.04),
        (EAST, "小纪镇", 0.04),
    ]
    assert towns[0]["geom"].area == pytest.approx(40_000)
    grids = store.density_units("grid", EAST)
    assert [g["code"] for g in grids] == [
        "321012101001001",
        "321012101001002",
        "321012101002001",
        "321012101002002",
    ]


def test_activity_views_count_the_whole_record(store):
    towns = store._rows(  # the views QGIS reads, as any SQL client would
        "SELECT code, incidents, incidents_per_km2, incidents_per_10k, closed, in_progress, "
        "closure_rate, enforcement_cases, enforcement_per_km2, top_categories "
        "FROM town_activity ORDER BY code"
    )
    assert towns == [
        (WEST, 5, 125.0, None, 4, 1, 0.8, 2, 50.0, "城市管理 5"),
        (EAST, 2, 50.0, None, 2, 0, 1.0, 1, 25.0, "城市管理 1"),
    ]
    grids = dict(store._rows("SELECT code, incidents FROM grid_activity"))
    assert len(grids) == 8
    assert (grids["321012100001001"], grids["321012101002002"]) == (3, 1)
    assert grids["321012100002002"] == 0


def test_activity_period_in_jiangdu_days(store, tmp_path):
    from datetime import date

    assert store.activity_period() == (date(2019, 5, 20), date(2019, 6, 20))
    empty = build_store_file(tmp_path / "empty.gpkg")
    with open_store(empty) as nothing:
        assert nothing.activity_period() is None
