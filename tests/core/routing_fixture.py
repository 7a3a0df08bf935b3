"""A small district for routing tests: two towns, two communities each, two grids each,
100 m squares in a 4 x 2 block. Codes: town 321012100 in the west, 321012101 in the east;
community 001 in the south row, 002 in the north row."""

from __future__ import annotations

import numpy as np
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


def build_store_file(path, origin=(470_000.0, 3_590_000.0)):
    """The small district as a real grid store, shifted to `origin` (EPSG:4549)."""
    from jiangdu_grid_plugin.core.new_store import seed_reference_data
    from jiangdu_grid_plugin.core.store import build_store

    ox, oy = origin
    grids = grid_rows()
    offset = np.array([ox, oy])
    shifted = [shapely.transform(g["geom"], lambda xy: xy + offset) for g in grids]
    communities = {}
    for grid, geometry in zip(grids, shifted):
        communities.setdefault(grid["community_code"], []).append(geometry)
    units = [
        dict(code=f"{i:03d}", name=f"单位{i}", short_name=f"单位{i}", kind="department", phone=None)
        for i in (46, 50)
    ]
    with build_store(path) as store, store.transaction():
        store.insert(
            "towns",
            [
                dict(code=code, name=name, pinyin=name, town_class=1, area_km2=0.04)
                for code, name in TOWNS.items()
            ],
            [
                shapely.union_all([g for c, gs in communities.items() if c[:9] == code for g in gs])
                for code in TOWNS
            ],
        )
        names = community_names()
        store.insert(
            "communities",
            [
                dict(code=c, name=names[c], kind="community", town_code=c[:9], area_km2=0.02)
                for c in communities
            ],
            [shapely.union_all(gs) for gs in communities.values()],
        )
        store.insert(
            "grids",
            [
                dict(
                    code=g["code"],
                    name=g["name"],
                    community_code=g["community_code"],
                    town_code=g["town_code"],
                    area_km2=0.01,
                    valid_from="2019-01-01",
                )
                for g in grids
            ],
            shifted,
        )
        store.insert("units", units)
        seed_reference_data(store, {u["code"] for u in units})
        people = {}
        for a in assignments():
            people[a["officer_id"]] = dict(
                fid=a["officer_id"],
                code=f"P{a['officer_id']:03d}",
                name=a["name"],
                phone=a["phone"],
                role=a["role"],
                level=a["level"],
            )
        store.insert("officers", list(people.values()))
        store.insert(
            "assignments",
            [
                dict(
                    officer_id=a["officer_id"],
                    role=a["role"],
                    scope_level=a["scope_level"],
                    scope_code=a["scope_code"],
                    valid_from=a["valid_from"],
                    valid_to=a["valid_to"],
                )
                for a in assignments()
            ],
        )
        store.insert(
            "event_categories", [dict(code="01", name="城市管理", name_en="Urban management")]
        )
        store.insert(
            "event_catalog",
            [
                dict(
                    code="01001",
                    category_code="01",
                    name="井盖破损",
                    unit_code="046",
                    deadline_hours=4,
                    urgent=1,
                )
            ],
        )
        store.insert(
            "facilities",
            [
                dict(f, in_use=0 if f["retired_on"] else 1, coord_source="rtk_survey")
                for f in FACILITIES
            ],
            [shapely.Point(ox + x, oy + y) for x, y in FACILITY_XY],
        )
        store.set_info("district_code", "321012")
    return path


# Facilities of the small district: a water manhole cover and a street light in the
# south-west grid, a bin in the east town, and a retired cover.
FACILITIES = [
    dict(
        code="3210120101000001",
        class_code="0101",
        name="上水井盖",
        state="intact",
        grid_code="321012100001001",
        retired_on=None,
    ),
    dict(
        code="3210120113000007",
        class_code="0113",
        name="路灯",
        state="damaged",
        grid_code="321012100001001",
        retired_on=None,
    ),
    dict(
        code="3210120302000011",
        class_code="0302",
        name="垃圾箱",
        state="intact",
        grid_code="321012101002002",
        retired_on=None,
    ),
    dict(
        code="3210120101000002",
        class_code="0101",
        name="上水井盖",
        state="lost",
        grid_code="321012100001002",
        retired_on="2019-10-01",
    ),
]
FACILITY_XY = [(10, 20), (60, 60), (350, 150), (150, 50)]
