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
