"""A small district for routing tests: two towns, two communities each, two grids each,
100 m squares in a 4 x 2 block. Codes: town 321012100 in the west, 321012101 in the east;
community 001 in the south row, 002 in the north row."""

from __future__ import annotations

import shapely

from jiangdu_grid_plugin.core.routing import Roster, Router

TOWNS = {"321012100": "仙女镇", "321012101": "小纪镇"}


def grid_rows():
    rows = []
    for town_index, town in enumerate(TOWNS):
        for community_index in (1, 2):
            community = f"{town}{community_index:03d}"
            for sequence in (1, 2):
                x0 = 200 * town_index + 100 * (sequence - 1)
                y0 = 100 * (community_index - 1)
                rows.append(
                    dict(
                        code=f"{community}{sequence:03d}",
                        name=f"网格{x0}-{y0}",
                        community_code=community,
                        town_code=town,
                        geom=shapely.box(x0, y0, x0 + 100, y0 + 100),
                    )
                )
    return sorted(rows, key=lambda r: r["code"])


def community_names():
    return {f"{t}{c:03d}": f"社区{t[-1]}{c}" for t in TOWNS for c in (1, 2)}


def assignments():
    """Officer 1 serves grid ...100001001 until 2019-06-01, and again from 2019-06-15;
    officer 2 serves ...100001002 throughout; leaders at every level; instructor 9."""

    def a(officer, role, level, scope, start="2019-01-01", end=None, name=None):
        return dict(
            officer_id=officer,
            name=name or f"人员{officer}",
            phone=f"140000000{officer:02d}",
            role=role,
            level=level if role == "grid_leader" else None,
            scope_level=level,
            scope_code=scope,
            valid_from=start,
            valid_to=end,
        )

    return [
        a(1, "grid_officer", "grid", "321012100001001", end="2019-06-01"),
        a(1, "grid_officer", "grid", "321012100001001", start="2019-06-15"),
        a(2, "grid_officer", "grid", "321012100001002"),
        a(3, "grid_leader", "grid", "321012100001001"),
        a(4, "grid_leader", "community", "321012100001"),
        a(5, "grid_leader", "town", "321012100"),
        a(6, "grid_leader", "district", "321012"),
        a(9, "instructor", "grid", "321012100001001"),
    ]


CATALOG = {
    "01001": dict(
        name="井盖破损",
        category_code="01",
        unit_code="046",
        unit_name="区市政设施管理处",
        deadline_hours=4,
    )
}


def router(**options) -> Router:
    return Router(grid_rows(), community_names(), TOWNS, Roster(assignments()), CATALOG, **options)
