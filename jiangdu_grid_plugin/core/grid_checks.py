"""The rules a set of grids must keep (网格质检): run before every save of the grids
layer in QGIS, by jiangdu_grid:validate_grids, and in part by the store's own triggers.

- every grid in force has a valid, non-empty geometry (GEOS validity, never repaired);
- its code is 15 digits (GridCode), starts with its community's code and town's code, is
  used once, and is not a retired code;
- no two grids in force overlap by more than the tolerance (1 m2 unless told);
- together they leave no gap in the district larger than the tolerance;
- each lies in its community and in the district (up to the tolerance).

Each problem names the grids, the rule, a message in English and Chinese (a Text), and
where it is (the overlap, the gap, the invalid spot or the part outside), to zoom to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import shapely

from .codes import CodeError, GridCode
from .text import Text

RULES = (
    "empty",
    "invalid",
    "code_format",
    "code_community",
    "duplicate_code",
    "retired_code",
    "overlap",
    "gap",
    "outside_community",
    "outside_district",
)
DEFAULT_TOLERANCE_M2 = 1.0


@dataclass(frozen=True)
class GridRecord:
    """A grid as the checks see it (from the store, or from a QGIS layer's edit buffer)."""

    fid: int | None
    code: str
    community_code: str
    town_code: str
    status: str
    geometry: object  # shapely (Multi)Polygon, or None


@dataclass(frozen=True)
class GridSave:
    """One save of grids as the plugin checked it, for the store's guard: the grids it
    changes (with the store's fids, as they will be written), the fids it deletes, and
    the grids it adds."""

    changed: tuple[GridRecord, ...] = ()
    deleted: frozenset[int] = frozenset()
    added: tuple[GridRecord, ...] = ()

    @property
    def fids(self) -> set[int]:
        """The store's fids of the grids the save changes or deletes."""
        return {int(g.fid) for g in self.changed} | {int(f) for f in self.deleted}


@dataclass(frozen=True)
class GridProblem:
    rule: str
    codes: tuple[str, ...]
    geometry: object  # where the problem is (shapely), to zoom to
    message: Text

    def text(self, language: str = "en") -> str:
        """The message in the user's language ("en" or "zh")."""
        return self.message(language)


_SPOT = re.compile(r"\[\s*([-0-9.eE+]+)\s+([-0-9.eE+]+)")


# GEOS's reasons for an invalid geometry (shapely.is_valid_reason), for a Chinese reader.
_GEOS_REASONS_ZH = {
    "Self-intersection": "自相交",
    "Ring Self-intersection": "环自相交",
    "Too few points in geometry component": "几何部件的点数过少",
    "Hole lies outside shell": "内环位于外环之外",
    "Nested holes": "内环相互嵌套",
    "Interior is disconnected": "内部不连通",
    "Nested shells": "外环相互嵌套",
    "Duplicate Rings": "环重复",
    "Invalid Coordinate": "坐标无效",
    "Ring is not closed": "环未闭合",
}


def _reason_zh(reason: str) -> str:
    """GEOS's reason in Chinese, its spot as "（x, y 处）"."""
    name, _, _ = reason.partition("[")
    match = _SPOT.search(reason)
    where = f"（{float(match.group(1)):.1f}, {float(match.group(2)):.1f} 处）" if match else ""
    return _GEOS_REASONS_ZH.get(name.strip(), name.strip()) + where


def _invalid_spot(geometry, reason: str):
    match = _SPOT.search(reason)
    if match:
        return shapely.Point(float(match.group(1)), float(match.group(2)))
    return geometry


def _pieces(geometry, tolerance: float) -> list:
    """The polygons of `geometry` larger than the tolerance."""
    if geometry is None or geometry.is_empty:
        return []
    parts = shapely.get_parts(shapely.get_parts(geometry))
    polygons = [p for p in parts if p.geom_type == "Polygon" and p.area > tolerance]
    return polygons


def check_grids(
    grids: list[GridRecord],
    communities: dict[str, object] | None,
    district,
    retired_codes: set[str] | frozenset[str] = frozenset(),
    tolerance: float = DEFAULT_TOLERANCE_M2,
    near=None,
) -> list[GridProblem]:
    """Every problem of the grids (active ones are checked for geometry and coverage;
    codes of all), ordered by rule and code. Without communities (None) or district
    (None), those checks are left out.

    With `near` (a shapely geometry), the rules measured grid by grid or pair by pair
    (overlap, outside the community or the district) leave out the grids whose bounding
    box misses it: every such problem that touches `near` is still found, as the whole
    check finds it (see `problems_near`)."""
    problems: list[GridProblem] = []
    active = [g for g in grids if g.status == "active"]

    usable, invalid = [], []
    for grid in active:
        geometry = grid.geometry
        if geometry is None or geometry.is_empty:
            problems.append(
                GridProblem(
                    "empty",
                    (grid.code,),
                    None,
                    Text(f"grid {grid.code} has no geometry", f"网格 {grid.code} 没有几何图形"),
                )
            )
            continue
        if not geometry.is_valid:
            reason = shapely.is_valid_reason(geometry)
            problems.append(
                GridProblem(
                    "invalid",
                    (grid.code,),
                    _invalid_spot(geometry, reason),
                    Text(
                        f"grid {grid.code} has an invalid geometry: {reason}",
                        f"网格 {grid.code} 的几何图形无效：{_reason_zh(reason)}",
                    ),
                )
            )
            invalid.append(geometry)
            continue
        usable.append(grid)

    counts = Counter(g.code for g in grids)
    reported = set()
    for grid in active:
        try:
            code = GridCode.parse(grid.code)
        except CodeError as error:
            problems.append(
                GridProblem(
                    "code_format",
                    (grid.code,),
                    grid.geometry,
                    Text(
                        f"grid code {grid.code!r}: {error}",
                        f"网格编码“{grid.code}”无效：须为 321012 开头的 15 位数字",
                    ),
                )
            )
            continue
        if code.value[:12] != grid.community_code or code.value[:9] != grid.town_code:
            problems.append(
                GridProblem(
                    "code_community",
                    (grid.code,),
                    grid.geometry,
                    Text(
                        f"grid code {grid.code} does not start with its community's code "
                        f"{grid.community_code} (town {grid.town_code})",
                        f"网格编码 {grid.code} 与所属村（社区）{grid.community_code}"
                        f"（镇 {grid.town_code}）不符",
                    ),
                )
            )
        if counts[grid.code] > 1 and grid.code not in reported:
            reported.add(grid.code)
            problems.append(
                GridProblem(
                    "duplicate_code",
                    (grid.code,),
                    grid.geometry,
                    Text(
                        f"grid code {grid.code} is used by {counts[grid.code]} grids",
                        f"网格编码 {grid.code} 被 {counts[grid.code]} 个网格重复使用",
                    ),
                )
            )
        if grid.code in retired_codes:
            problems.append(
                GridProblem(
                    "retired_code",
                    (grid.code,),
                    grid.geometry,
                    Text(
                        f"grid code {grid.code} was retired and cannot be used again",
                        f"网格编码 {grid.code} 已撤销，不得再用",
                    ),
                )
            )

    geometries = np.array([g.geometry for g in usable], dtype=object)
    measured = np.arange(len(usable))
    if near is not None and len(geometries):
        measured = np.flatnonzero(shapely.intersects(shapely.envelope(geometries), near))
    if len(geometries):
        tree = shapely.STRtree(geometries)
        left, right = tree.query(geometries[measured], predicate="intersects")
        pairs = {
            (min(i, j), max(i, j))
            for i, j in zip(measured[left].tolist(), right.tolist())
            if i != j
        }
        for i, j in sorted(pairs):
            overlap = shapely.intersection(geometries[i], geometries[j])
            if overlap.area > tolerance:
                a, b = sorted((usable[i].code, usable[j].code))
                problems.append(
                    GridProblem(
                        "overlap",
                        (a, b),
                        overlap,
                        Text(
                            f"grids {a} and {b} overlap by {overlap.area:,.1f} m2",
                            f"网格 {a} 与 {b} 重叠 {overlap.area:,.1f} 平方米",
                        ),
                    )
                )
        # What invalid grids cover counts too (made valid for this only, never saved):
        # their ground is reported once, as invalid, not again as a gap.
        covered = shapely.union_all([*geometries, *shapely.make_valid(invalid)])
    else:
        tree = None
        covered = shapely.union_all(shapely.make_valid(invalid)) if invalid else shapely.Polygon()

    if district is not None:
        for gap in _pieces(shapely.difference(district, covered), tolerance):
            near = (
                sorted({usable[k].code for k in tree.query(gap, predicate="intersects")})
                if tree is not None
                else []
            )
            names = "、".join(near) if near else "—"
            problems.append(
                GridProblem(
                    "gap",
                    tuple(near),
                    gap,
                    Text(
                        f"a gap of {gap.area:,.1f} m2 that no grid covers, next to "
                        f"{', '.join(near) or 'no grid'}",
                        f"有 {gap.area:,.1f} 平方米不属于任何网格，邻近网格：{names}",
                    ),
                )
            )
        outside = shapely.difference(geometries[measured], district) if len(measured) else []
        for grid, part in zip([usable[k] for k in measured], outside):
            if part.area > tolerance:
                problems.append(
                    GridProblem(
                        "outside_district",
                        (grid.code,),
                        part,
                        Text(
                            f"grid {grid.code} reaches {part.area:,.1f} m2 beyond the district",
                            f"网格 {grid.code} 有 {part.area:,.1f} 平方米超出区界",
                        ),
                    )
                )

    for k in measured if communities is not None else ():
        grid = usable[k]
        community = communities.get(grid.community_code)
        if community is None:
            problems.append(
                GridProblem(
                    "outside_community",
                    (grid.code,),
                    grid.geometry,
                    Text(
                        f"grid {grid.code} names community {grid.community_code}, "
                        "which does not exist",
                        f"网格 {grid.code} 所属村（社区）{grid.community_code} 不存在",
                    ),
                )
            )
            continue
        part = shapely.difference(grid.geometry, community)
        if part.area > tolerance:
            problems.append(
                GridProblem(
                    "outside_community",
                    (grid.code,),
                    part,
                    Text(
                        f"grid {grid.code} reaches {part.area:,.1f} m2 beyond its community "
                        f"{grid.community_code}",
                        f"网格 {grid.code} 有 {part.area:,.1f} 平方米超出所属村（社区）"
                        f"{grid.community_code}",
                    ),
                )
            )
    order = {rule: index for index, rule in enumerate(RULES)}
    return sorted(problems, key=lambda p: (order[p.rule], p.codes))


def problems_near(
    grids: list[GridRecord],
    communities: dict[str, object] | None,
    district,
    retired_codes: set[str] | frozenset[str],
    tolerance: float,
    codes: set[str],
    edited: list,
) -> list[GridProblem]:
    """The problems a save is answerable for: those naming one of `codes` (the grids it
    changes, adds or deletes) or lying where it changes things (the bounding boxes of
    the `edited` shapes, before and after: an edited shape may be invalid). The grids
    away from the edits are measured only as far as the gaps need them, so a save of a
    few grids of the district's 1,102 is checked in a fraction of the whole check's
    time, with the same problems."""
    area = shapely.union_all([g.envelope for g in edited]) if edited else None
    named = [g.geometry.envelope for g in grids if g.code in codes and g.geometry is not None]
    near = shapely.union_all([area, *named]) if area is not None else None
    return [
        p
        for p in check_grids(grids, communities, district, retired_codes, tolerance, near=near)
        if set(p.codes) & codes
        or (p.geometry is not None and area is not None and p.geometry.intersects(area))
    ]


def next_free_code(community_code: str, used: set[str] | frozenset[str]) -> str:
    """The next grid code of the community by the numbering rule: one more than the
    highest sequence ever used there (retired codes included), so none is reused."""
    sequences = [int(code[12:15]) for code in used if code[:12] == community_code]
    return str(GridCode(f"{community_code}{max(sequences, default=0) + 1:03d}"))
