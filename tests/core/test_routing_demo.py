"""Routing on the full demo store: the fast locator agrees with GEOS everywhere."""

import numpy as np
import pytest
import shapely

from jiangdu_grid_plugin.core.routing import ExactLocator, Router
from jiangdu_grid_plugin.core.store import open_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def router(demo_store):
    with open_store(demo_store) as store:
        return Router.from_store(store)


def boundary_points(polygons, count, rng, spread=10.0):
    """Points within `spread` metres of grid boundaries, some exactly on vertices."""
    starts, ends = [], []
    for polygon in polygons:
        for part in shapely.get_parts(polygon):
            xy = np.asarray(part.exterior.coords)
            starts.append(xy[:-1])
            ends.append(xy[1:])
    a, b = np.concatenate(starts), np.concatenate(ends)
    length = np.hypot(*(b - a).T)
    pick = rng.choice(len(a), count, p=length / length.sum())
    xy = a[pick] + (b[pick] - a[pick]) * rng.random(count)[:, None]
    angle = rng.uniform(0, 2 * np.pi, count)
    xy += np.column_stack([np.cos(angle), np.sin(angle)]) * rng.uniform(0, spread, count)[:, None]
    xy[: count // 100] = a[pick[: count // 100]]
    return xy[:, 0], xy[:, 1]


def test_fast_locator_agrees_with_geos_on_the_demo_grids(router):
    rng = np.random.default_rng(5)
    minx, miny, maxx, maxy = shapely.total_bounds(router.polygons)
    bx, by = boundary_points(router.polygons, 150_000, rng)
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
