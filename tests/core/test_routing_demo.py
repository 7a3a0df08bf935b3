"""Routing on the full demo store: the fast locator agrees with GEOS everywhere."""

import numpy as np
import pytest
import shapely

from jiangdu_grid_plugin.core.routing import ExactLocator, Router
from jiangdu_grid_plugin.core.store import open_store
from tools.bench import near_boundaries

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def router(demo_store):
    with open_store(demo_store) as store:
        return Router.from_store(store)


def test_fast_locator_agrees_with_geos_on_the_demo_grids(router):
    rng = np.random.default_rng(5)
    minx, miny, maxx, maxy = shapely.total_bounds(router.polygons)
    bx, by = near_boundaries(router.polygons, 150_000, rng, on_vertices=0.01)
    x = np.concatenate([rng.uniform(minx, maxx, 150_000), bx])
    y = np.concatenate([rng.uniform(miny, maxy, 150_000), by])
    fast = router.fast_locator().locate(x, y)
    exact = ExactLocator(router.polygons).locate(x, y)
    np.testing.assert_array_equal(fast.grid, exact.grid)
    np.testing.assert_array_equal(fast.kind, exact.kind)
    np.testing.assert_array_equal(fast.sharing, exact.sharing)
    assert (fast.sharing > 1).sum() >= 1000  # the vertices were hit


def test_demo_incidents_route_to_the_grid_they_name(router, demo_store):
    with open_store(demo_store) as store:
        incidents = store.rows("incidents", ["grid_code", "catalog_code"], with_geometry=True)
    sample = incidents[::25]
    x = np.array([row["geom"].x for row in sample])
    y = np.array([row["geom"].y for row in sample])
    routes = router.route(x, y, [row["catalog_code"] for row in sample])
    assert [r.grid_code for r in routes] == [row["grid_code"] for row in sample]
    assert {r.rule for r in routes} == {"inside"}
    assert all(r.unit_code and r.deadline_hours for r in routes)
    assert all(r.officers or r.fallback for r in routes)
