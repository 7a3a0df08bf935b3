"""Routing rules at every kind of boundary, outliers, people on duty, units and deadlines."""

from datetime import date, datetime, timedelta

import numpy as np
import pytest
import shapely

from jiangdu_grid_plugin.core.routing import ExactLocator, GridLocator, Router
from jiangdu_grid_plugin.core.timestamps import CHINA_TZ
from tests.core import routing_fixture as fixture

SW, SE = "321012100001001", "321012100001002"  # town 100, community 001 (south row)
NW, NE = "321012100002001", "321012100002002"  # town 100, community 002 (north row)
EAST_SW = "321012101001001"  # town 101, community 001, first grid (x 200-300)
EAST_NW = "321012101002001"  # town 101, community 002, first grid
TINY = 1e-9

# (point, expected grid, expected rule, grids sharing the boundary)
CASES = [
    ((50, 50), SW, "inside", 0),
    # an edge between two grids of one community, and both of its sides
    ((100, 50), SW, "on_boundary", 2),
    ((100 - TINY, 50), SW, "inside", 0),
    ((100 + TINY, 50), SE, "inside", 0),
    # an edge between two communities of one town
    ((50, 100), SW, "on_boundary", 2),
    ((50, 100 + TINY), NW, "inside", 0),
    ((50, 100 - TINY), SW, "inside", 0),
    # an edge between two towns
    ((200, 50), SE, "on_boundary", 2),
    ((200 + TINY, 50), EAST_SW, "inside", 0),
    ((200 - TINY, 50), SE, "inside", 0),
    # a vertex where four grids of two communities meet
    ((100, 100), SW, "on_boundary", 4),
    ((100 + TINY, 100 + TINY), NE, "inside", 0),
    # a vertex where four grids of two towns meet
    ((200, 100), SE, "on_boundary", 4),
    ((200 + TINY, 100 + TINY), EAST_NW, "inside", 0),
    ((200 - TINY, 100 + TINY), NE, "inside", 0),
    # the district's outer edge, its corner, and just outside
    ((0, 50), SW, "on_boundary", 1),
    ((0, 0), SW, "on_boundary", 1),
    ((-TINY, 50), SW, "nearest", 0),
    # outside: within the tolerance, on the line between two grids, and far away
    ((-50, 50), SW, "nearest", 0),
    ((-10, 100), SW, "nearest", 0),  # equally near SW and NW: the lower code
    ((450, 199), "321012101002002", "nearest", 0),
    ((-500, 50), None, "unroutable", 0),
]


@pytest.mark.parametrize("locator_class", [ExactLocator, GridLocator])
def test_locators_apply_the_rule_at_every_kind_of_boundary(locator_class):
    grids = fixture.grid_rows()
    locator = locator_class([g["geom"] for g in grids])
    inside = [c for c in CASES if c[2] in ("inside", "on_boundary")]
    x = np.array([c[0][0] for c in inside], dtype=float)
    y = np.array([c[0][1] for c in inside], dtype=float)
    located = locator.locate(x, y)
    codes = [grids[g]["code"] for g in located.grid]
    assert codes == [c[1] for c in inside]
    assert located.sharing.tolist() == [c[3] for c in inside]


@pytest.mark.parametrize(("point", "grid", "rule", "sharing"), CASES)
def test_router_rules_and_reasons(point, grid, rule, sharing):
    router = fixture.router()
    route = router.route([point[0]], [point[1]])[0]
    assert (route.grid_code, route.rule) == (grid, rule)
    if rule == "on_boundary" and sharing > 1:
        assert f"shared by {sharing} grids; goes to the lowest code, {grid}" in route.reason
    if rule == "nearest":
        assert route.distance_m == pytest.approx(
            max(-point[0], point[0] - 400, 0, point[1] - 200), abs=1e-6
        )
        assert "within the 200 m tolerance" in route.reason
    if rule == "unroutable":
        assert route.distance_m == pytest.approx(500)
        assert "district command centre's queue" in route.reason
        assert route.leaders["district"][0].id == 6


def test_the_tolerance_is_a_parameter():
    router = fixture.router(tolerance_m=20)
    assert [r.rule for r in router.route([-10, -50], [50, 50])] == ["nearest", "unroutable"]


def test_invalid_coordinates_are_invalid_not_dropped():
    routes = fixture.router().route([np.nan, 50, np.inf], [50, 50, 1])
    assert [r.rule for r in routes] == ["invalid", "inside", "invalid"]
    assert routes[0].reason == "no finite coordinates"


def test_people_on_duty_and_the_leader_chain():
    router = fixture.router()
    may = datetime(2019, 5, 20, 10, tzinfo=CHINA_TZ)
    route = router.route([50], [50], ["01001"], [may])[0]
    assert [p.id for p in route.officers] == [1] and not route.fallback
    assert {level: [p.id for p in people] for level, people in route.leaders.items()} == {
        "grid": [3],
        "community": [4],
        "town": [5],
        "district": [6],
    }
    assert [p.id for p in route.instructors] == [9]
    assert [p.id for p in route.responders] == [1]
    assert (route.unit_code, route.unit_name, route.deadline_hours) == (
        "046",
        "区市政设施管理处",
        4,
    )
    assert route.deadline_at == datetime(2019, 5, 20, 14, tzinfo=CHINA_TZ)
    assert (route.community_name, route.town_name) == ("社区01", "仙女镇")


@pytest.mark.parametrize(
    ("day", "officers", "fallback"),
    [
        ((2019, 5, 31), [1], False),
        ((2019, 6, 1), [], True),
        ((2019, 6, 14), [], True),
        ((2019, 6, 15), [1], False),
    ],
)
def test_a_grid_without_an_officer_falls_to_the_community(day, officers, fallback):
    moment = datetime(*day, 23, 59, tzinfo=CHINA_TZ)
    route = fixture.router().route([50], [50], None, [moment])[0]
    assert [p.id for p in route.officers] == officers
    assert route.fallback is fallback
    if fallback:
        assert [p.id for p in route.responders] == [4]
        assert "No grid officer on duty on" in route.reason and "属地兜底" in route.reason


def test_days_are_counted_in_china_time():
    # 2019-05-31 16:30 UTC is already 1 June in Jiangdu: the officer's gap has begun.
    from datetime import timezone

    moment = datetime(2019, 5, 31, 16, 30, tzinfo=timezone.utc)
    assert fixture.router().route([50], [50], None, [moment])[0].fallback


def test_reasons_in_chinese():
    router = fixture.router(language="zh")
    inside, shared, far = router.route([50, 100, -500], [50, 100, 50])
    assert inside.reason == f"位于网格{SW}（网格0-0）内。"
    assert shared.reason.startswith("位于4个网格的共同边界上，按编码最小原则归入网格")
    assert "转区指挥中心待办" in far.reason


def test_an_empty_or_unsorted_grid_set_is_refused():
    with pytest.raises(ValueError, match="no grids in force"):
        Router([], {}, {}, fixture.Roster([]), {})
    grids = fixture.grid_rows()[::-1]
    with pytest.raises(ValueError, match="sorted by code"):
        Router(grids, {}, {}, fixture.Roster([]), {})


def test_fast_and_exact_locators_agree_on_many_points_near_boundaries():
    grids = [g["geom"] for g in fixture.grid_rows()]
    rng = np.random.default_rng(11)
    # points within a metre of the lattice lines, exactly on them, and anywhere
    x = np.concatenate(
        [
            rng.integers(0, 5, 3000) * 100 + rng.normal(0, 0.5, 3000),
            rng.integers(0, 5, 500) * 100.0,
            rng.uniform(-50, 450, 3000),
        ]
    )
    y = np.concatenate(
        [
            rng.uniform(-50, 250, 3000),
            rng.uniform(0, 200, 500),
            rng.integers(0, 3, 3000) * 100 + rng.normal(0, 0.5, 3000),
        ]
    )
    exact = ExactLocator(grids).locate(x, y)
    for cell in (3.0, 10.0, 25.0):
        fast = GridLocator(grids, cell=cell).locate(x, y)
        np.testing.assert_array_equal(fast.grid, exact.grid)
        np.testing.assert_array_equal(fast.kind, exact.kind)
        np.testing.assert_array_equal(fast.sharing, exact.sharing)


class _TiledStore:
    """What routing reads of a store, with three tilings of the small district: today's
    (the fixture's); from 2019-03-01 to 2019-06-01 the south-west grid took 30 m of its
    east neighbour; before 2019-03-01 one grid, under a retired code, covered the east
    town's north row (and overlapped the grid south of it)."""

    CHANGES = (date(2019, 3, 1), date(2019, 6, 1))

    def __init__(self):
        self.today = fixture.grid_rows()
        middle = {g["code"]: dict(g) for g in self.today}
        middle["321012100001001"]["geom"] = shapely.box(0, 0, 130, 100)
        middle["321012100001002"]["geom"] = shapely.box(130, 0, 200, 100)
        first = {code: dict(g) for code, g in middle.items()}
        del first["321012101002001"], first["321012101002002"]
        first["321012101002009"] = dict(
            code="321012101002009",
            name="旧网格",
            community_code="321012101002",
            town_code="321012101",
            # It also reached 5 m into the grid south of it and 10 m out of the district.
            geom=shapely.box(200, 95, 410, 200),
        )
        self.tilings = [first, middle]

    def active_grids(self):
        return self.today

    def grids_in_force(self, day):
        if day >= self.CHANGES[-1]:
            return self.today
        tiling = self.tilings[0 if day < self.CHANGES[0] else 1]
        return [tiling[code] for code in sorted(tiling)]

    def names(self, table):
        return fixture.community_names() if table == "communities" else fixture.TOWNS

    def assignments_with_officers(self):
        return fixture.assignments()

    def catalog_items(self):
        return fixture.CATALOG

    def info(self):
        return {"district_code": "321012"}


def test_each_point_is_routed_with_the_grids_of_its_day_as_its_own_tiling_would():
    """Located once among today's grids, again only where an earlier tiling differs:
    the same routes, field by field, as a router of each day's tiling gives (points on
    every edge and vertex, inside and outside, with the fast locator for today's)."""
    from jiangdu_grid_plugin.core.routing.cache import Tilings

    store = _TiledStore()
    rng = np.random.default_rng(21)
    n = 30_000
    x, y = rng.uniform(-60, 460, n), rng.uniform(-60, 260, n)
    on_lines = rng.random(n) < 0.5  # on a 10 m lattice: every edge and vertex is hit
    x[on_lines], y[on_lines] = np.round(x[on_lines], -1), np.round(y[on_lines], -1)
    times = [
        datetime(2019, 1, 1, 9, tzinfo=CHINA_TZ) + timedelta(days=int(d))
        for d in rng.integers(0, 365, size=n)
    ]
    # Outside the district today nearest the unchanged grid 321012101001002, nearer the
    # old grid then; and inside that unchanged grid, on the old grid then.
    x[:4], y[:4] = [415, 415, 350, 350], [97, 97, 98, 98]
    times[:4] = [datetime(2019, m, 2, tzinfo=CHINA_TZ) for m in (2, 7, 2, 7)]
    codes = ["01001"] * n
    routes = Tilings(_TiledStore.CHANGES, 20.0, "en").route_when_reported(store, x, y, codes, times)

    def tiling(moment):
        return sum(moment.date() >= change for change in _TiledStore.CHANGES)

    expected = [None] * n
    for k, on in enumerate((date(2019, 2, 1), date(2019, 4, 1), None)):
        picked = [i for i, moment in enumerate(times) if tiling(moment) == k]
        router = Router.from_store(store, on=on, tolerance_m=20.0)
        found = router.route(
            x[picked], y[picked], [codes[i] for i in picked], [times[i] for i in picked]
        )
        for i, route in zip(picked, found):
            expected[i] = route
    assert routes == expected
    assert [(r.grid_code, r.rule, r.distance_m) for r in routes[:4]] == [
        ("321012101002009", "nearest", 5.0),
        ("321012101001002", "nearest", 15.0),
        ("321012101001002", "on_boundary", 0.0),
        ("321012101001002", "inside", 0.0),
    ]
    assert "shared by 2 grids" in routes[2].reason
    by_tiling = {(tiling(t), r.grid_code) for t, r in zip(times, routes)}
    assert (0, "321012101002009") in by_tiling
    assert not {(1, "321012101002009"), (2, "321012101002009")} & by_tiling
    strip = {
        (tiling(t), r.grid_code)
        for t, r, px, py in zip(times, routes, x, y)
        if 100 < px < 130 and 0 < py < 100
    }
    assert strip == {
        (0, "321012100001001"),
        (1, "321012100001001"),
        (2, "321012100001002"),
    }
