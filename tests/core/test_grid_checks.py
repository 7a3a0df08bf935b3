"""The grid checks' sentences, in both languages."""

from __future__ import annotations

import shapely

from jiangdu_grid_plugin.core.grid_checks import GridRecord, check_grids


def test_an_invalid_grid_is_named_in_chinese_with_its_spot():
    bowtie = shapely.from_wkt("POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))")
    record = GridRecord(1, "321012100001001", "321012100001", "321012100", "active", bowtie)
    (problem,) = check_grids([record], None, None)
    assert problem.rule == "invalid"
    assert problem.text("en") == (
        "grid 321012100001001 has an invalid geometry: Self-intersection[5 5]"
    )
    assert problem.text("zh") == "网格 321012100001001 的几何图形无效：自相交（5.0, 5.0 处）"


# A save's check near its edits finds what the whole check finds there.

import numpy as np  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from shapely import affinity  # noqa: E402

from jiangdu_grid_plugin.core.grid_checks import problems_near  # noqa: E402

COLUMNS, ROWS = 12, 6  # 100 m squares; two communities, the left and right halves
TOWN = "321012100"


def tiling() -> list[GridRecord]:
    grids = []
    for index in range(COLUMNS * ROWS):
        column, row = index % COLUMNS, index // COLUMNS
        community = f"{TOWN}00{1 + column * 2 // COLUMNS}"
        box = shapely.box(column * 100, row * 100, column * 100 + 100, row * 100 + 100)
        grids.append(
            GridRecord(index + 1, f"{community}{index + 1:03d}", community, TOWN, "active", box)
        )
    return grids


COMMUNITIES = {
    f"{TOWN}001": shapely.box(0, 0, COLUMNS * 50, ROWS * 100),
    f"{TOWN}002": shapely.box(COLUMNS * 50, 0, COLUMNS * 100, ROWS * 100),
}
DISTRICT = shapely.box(0, 0, COLUMNS * 100, ROWS * 100)
# Problems already there, away from any edit: the whole check finds them, a save is not
# answerable for them unless it touches them.
STANDING = {
    5: affinity.translate(shapely.box(500, 0, 600, 100), 3, 0),  # overlap and gap
    70: shapely.box(1050, 500, 1250, 600),  # outside the district and its community
}

grid = st.integers(0, COLUMNS * ROWS - 1)
offset = st.integers(-150, 150).map(lambda v: v / 2)


@st.composite
def saves(draw):
    """(grids after the save, codes it is answerable for, edited shapes)."""
    grids = tiling()
    for index, geometry in STANDING.items():
        grids[index] = GridRecord(**{**grids[index].__dict__, "geometry": geometry})
    codes, edited = set(), []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["shift", "vertex", "delete", "add", "recode"]))
        index = draw(grid)
        old = grids[index]
        if old is None:
            continue
        codes.add(old.code)
        edited.append(old.geometry)
        if kind == "delete":
            grids[index] = None
            continue
        if kind == "add":
            x, y = draw(offset) * 16 + 600, draw(offset) * 8 + 300
            new = shapely.box(x, y, x + draw(st.integers(1, 150)), y + draw(st.integers(1, 150)))
            code = f"{old.community_code}{900 + len(grids):03d}"
            grids.append(GridRecord(None, code, old.community_code, TOWN, "active", new))
            codes.add(code)
            edited.append(new)
            continue
        if kind == "shift":
            geometry = affinity.translate(old.geometry, draw(offset), draw(offset))
        elif kind == "vertex":
            x0, y0, x1, y1 = old.geometry.bounds
            corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
            x, y = corners[draw(st.integers(0, 3))]
            corners[draw(st.integers(0, 3))] = (x + draw(offset), y + draw(offset))
            geometry = shapely.Polygon(corners)
        else:
            geometry = old.geometry
        others = [g.code for g in grids if g is not None]
        code = draw(st.sampled_from(others)) if kind == "recode" else old.code
        grids[index] = GridRecord(old.fid, code, old.community_code, TOWN, "active", geometry)
        codes.add(code)
        edited.append(geometry)
    return [g for g in grids if g is not None], codes, edited


def described(problems):
    return [
        (p.rule, p.codes, p.text("en"), p.geometry.wkb if p.geometry else None) for p in problems
    ]


@settings(max_examples=200, deadline=None)
@given(save=saves())
def test_the_check_near_a_save_finds_what_the_whole_check_finds_there(save):
    grids, codes, edited = save
    area = shapely.union_all([g.envelope for g in edited])
    whole = [
        p
        for p in check_grids(grids, COMMUNITIES, DISTRICT, {f"{TOWN}001099"}, 1.0)
        if set(p.codes) & codes or (p.geometry is not None and p.geometry.intersects(area))
    ]
    near = problems_near(grids, COMMUNITIES, DISTRICT, {f"{TOWN}001099"}, 1.0, codes, edited)
    assert described(near) == described(whole)


def test_a_save_is_not_answerable_for_problems_away_from_it():
    grids = tiling()
    grids[5] = GridRecord(**{**grids[5].__dict__, "geometry": STANDING[5]})
    moved = affinity.translate(grids[40].geometry, 0, 2)  # overlaps grid 53 by 200 m2
    grids[40] = GridRecord(**{**grids[40].__dict__, "geometry": moved})
    whole = check_grids(grids, COMMUNITIES, DISTRICT, frozenset(), 1.0)
    assert [p.rule for p in whole] == ["overlap", "overlap", "gap", "gap", "outside_community"]
    near = problems_near(
        grids,
        COMMUNITIES,
        DISTRICT,
        frozenset(),
        1.0,
        {grids[40].code},
        [moved, tiling()[40].geometry],
    )
    assert [(p.rule, p.codes) for p in near] == [
        ("overlap", ("321012100001041", "321012100001053")),
        (
            "gap",
            tuple(f"321012100001{n:03d}" for n in (28, 29, 30, 40, 41, 42)),  # it touches
        ),
    ]
    assert near[0].text("en") == "grids 321012100001041 and 321012100001053 overlap by 200.0 m2"
    assert np.isclose(near[1].geometry.area, 200.0)
