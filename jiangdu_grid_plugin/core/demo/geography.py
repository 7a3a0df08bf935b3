"""The demo's geography: the real district outline, tiled by synthetic towns, communities
and 1,102 grids with exact shared boundaries.

How the tiling is made:
1. The district is the real outline (GCJ-02 from Amap) converted to WGS84 and projected
   to EPSG:4549.
2. Towns are a power diagram (a Voronoi diagram with weights) of the towns' seats, the
   weights tuned until each town has its target area; the three towns whose area is
   published come within 1% of it.
3. A population surface (100 m cells) puts each town's people around its seat.
4. Communities, then grids, are weighted-Lloyd Voronoi cells of seeds drawn from that
   surface inside their parent, so cells are small where people are many.
5. At every level all boundaries are noded together on a 1 mm grid and polygonised, and
   each face is labelled by the rule that defined the cells; units are unions of faces.
   Neighbours therefore share identical vertices, and the pieces tile the district with
   no gap and no overlap. A unit that comes out in several parts keeps its largest part
   and gives the others to the neighbour in the same parent that borders them longest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.ops
from pyproj import Transformer

from .. import coords
from ..paths import shipped

GRID_SIZE = None  # noding in full precision
CELL = 100.0  # metres: the population surface's resolution
OUTLINE_FILE = "data/jiangdu_321012_gcj02.geojson"


@dataclass(frozen=True)
class TownSpec:
    """What domain knowledge gives for a town (seat positions are approximate)."""

    sequence: int
    name: str
    pinyin: str
    town_class: int
    seat_lonlat: tuple[float, float]
    area_km2: float | None  # published area, where known
    population: int
    communities: int


# The official listing order gives the codes 321012100..112 (only 小纪镇 = 101 is
# confirmed). Populations: 仙女镇 and 大桥镇 as published, the seven general towns under
# 30,000 as the report says, the others so that the district has about 1.02 million.
TOWNS = (
    TownSpec(100, "仙女镇", "Xiannü", 1, (119.56, 32.43), 140.38, 236_000, 40),
    TownSpec(101, "小纪镇", "Xiaoji", 2, (119.74, 32.58), 178.23, 96_000, 26),
    TownSpec(102, "武坚镇", "Wujian", 4, (119.84, 32.71), None, 26_000, 15),
    TownSpec(103, "樊川镇", "Fanchuan", 4, (119.64, 32.68), None, 27_000, 16),
    TownSpec(104, "真武镇", "Zhenwu", 4, (119.62, 32.57), None, 25_000, 14),
    TownSpec(105, "宜陵镇", "Yiling", 4, (119.72, 32.45), None, 26_000, 15),
    TownSpec(106, "丁沟镇", "Dinggou", 3, (119.69, 32.53), None, 123_000, 22),
    TownSpec(107, "郭村镇", "Guocun", 3, (119.80, 32.47), None, 114_197, 20),
    TownSpec(108, "邵伯镇", "Shaobo", 2, (119.49, 32.54), None, 140_000, 26),
    TownSpec(109, "丁伙镇", "Dinghuo", 4, (119.57, 32.50), None, 24_000, 14),
    TownSpec(110, "大桥镇", "Daqiao", 1, (119.75, 32.34), 155.66, 135_803, 30),
    TownSpec(111, "吴桥镇", "Wuqiao", 4, (119.81, 32.36), None, 23_000, 14),
    TownSpec(112, "浦头镇", "Putou", 4, (119.65, 32.37), None, 24_000, 14),
)

# Share of a town's people living around its seat, and how far the built-up area
# reaches (metres), by town class.
_URBAN_SHARE = {1: 0.8, 2: 0.55, 3: 0.5, 4: 0.35}
_URBAN_SIGMA = {1: 3200.0, 2: 1800.0, 3: 1500.0, 4: 1100.0}


@dataclass
class Geography:
    district: shapely.Geometry
    seats: np.ndarray  # (13, 2) town seats in EPSG:4549
    towns: list[shapely.Geometry]  # by position in TOWNS
    communities: list[shapely.Geometry] = field(default_factory=list)
    community_town: list[int] = field(default_factory=list)  # index into TOWNS
    grids: list[shapely.Geometry] = field(default_factory=list)
    grid_community: list[int] = field(default_factory=list)  # index into communities
    cell_xy: np.ndarray | None = None  # population surface: cell centres (n, 2)
    cell_people: np.ndarray | None = None  # people per cell


def to_cgcs2000_gk(lon, lat):
    """EPSG:4549 x, y for WGS84/CGCS2000 longitude and latitude."""
    transformer = Transformer.from_crs(4490, 4549, always_xy=True)
    return transformer.transform(np.asarray(lon, float), np.asarray(lat, float))


def district_outline() -> shapely.Geometry:
    """The real district outline, GCJ-02 converted to WGS84, in EPSG:4549."""
    with open(shipped(OUTLINE_FILE), encoding="utf-8") as handle:
        outline = shapely.geometry.shape(json.load(handle))

    def project(xy):
        lon, lat = coords.gcj02_to_wgs84(xy[:, 0], xy[:, 1])
        return np.column_stack(to_cgcs2000_gk(lon, lat))

    projected = shapely.transform(outline, project)
    return shapely.set_precision(shapely.make_valid(projected), 0.001)


def _half_plane(normal, offset, box):
    """The part of `box` where normal . x <= offset."""
    minx, miny, maxx, maxy = box
    size = 4 * max(maxx - minx, maxy - miny)
    n = np.asarray(normal, float) / np.linalg.norm(normal)
    c = offset / np.linalg.norm(normal)
    centre = np.array([(minx + maxx) / 2, (miny + maxy) / 2])
    on_line = centre + (c - n @ centre) * n
    along = np.array([-n[1], n[0]])
    corners = [
        on_line + size * along,
        on_line + size * along - size * n,
        on_line - size * along - size * n,
        on_line - size * along,
    ]
    return shapely.Polygon(corners)


def power_cells(region, seats, weights):
    """Cells {x : |x - p_i|^2 - w_i is least} of a power diagram, clipped to `region`."""
    box = region.bounds
    cells = []
    for i, p in enumerate(seats):
        cell = region
        for j, q in enumerate(seats):
            if i == j:
                continue
            # |x-p|^2 - w_i <= |x-q|^2 - w_j  <=>  2(q-p).x <= |q|^2 - |p|^2 + w_i - w_j
            normal = 2 * (q - p)
            offset = q @ q - p @ p + weights[i] - weights[j]
            cell = shapely.intersection(cell, _half_plane(normal, offset, box))
        cells.append(cell)
    return cells


def _tune_town_weights(district, seats, targets_m2, tolerance=0.002, steps=60):
    """Weights giving each power cell its target area: Newton steps on the cells' areas
    (dA_i/dw_j = -L_ij / 2d_ij for neighbours sharing an edge of length L_ij), each step
    halved until the worst relative error shrinks."""

    def evaluate(weights):
        cells = power_cells(district, seats, weights)
        areas = np.array([cell.area for cell in cells])
        return cells, areas, np.max(np.abs(targets_m2 - areas) / targets_m2)

    n = len(seats)
    weights = np.zeros(n)
    cells, areas, error = evaluate(weights)
    for _ in range(steps):
        if error < tolerance:
            break
        jacobian = np.zeros((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                shared = shapely.intersection(cells[i].boundary, cells[j].boundary).length
                if shared > 0:
                    k = shared / (2 * np.linalg.norm(seats[i] - seats[j]))
                    jacobian[i, j] = jacobian[j, i] = -k
                    jacobian[i, i] += k
                    jacobian[j, j] += k
        step = np.linalg.lstsq(jacobian, targets_m2 - areas, rcond=None)[0]
        scale = 1.0
        while scale > 1e-3:
            trial = evaluate(weights + scale * step)
            if trial[2] < error:
                break
            scale /= 2
        weights = weights + scale * step
        cells, areas, error = trial
    return weights, cells


def _seat_inside(seat, cell, inset=500.0):
    """The seat, or, when the tuned cell missed it (seats are known to about 3 km), the
    point `inset` metres inside the cell from the cell's nearest point."""
    point = shapely.Point(seat)
    if cell.contains(point):
        return np.asarray(seat, float)
    nearest = np.array(shapely.ops.nearest_points(cell, point)[0].coords[0])
    inner = np.array(cell.point_on_surface().coords[0])
    direction = (inner - nearest) / np.linalg.norm(inner - nearest)
    return nearest + min(inset, np.linalg.norm(inner - nearest) / 2) * direction


def _faces(boundaries):
    """Faces of the arrangement of all `boundaries`, noded together on the 1 mm grid."""
    lines = shapely.unary_union([shapely.boundary(b) for b in boundaries], grid_size=GRID_SIZE)
    faces = np.array(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))))
    return faces[shapely.area(faces) > 0]


def _merge(faces, labels, count):
    """One geometry per label (0..count-1), the union of its faces."""
    merged = []
    for label in range(count):
        members = faces[labels == label]
        merged.append(
            shapely.unary_union(members, grid_size=GRID_SIZE) if len(members) else shapely.Polygon()
        )
    return merged


def _fix_multipart(units, parent_of):
    """Give every part but the largest of each unit to the neighbour in the same parent
    that shares the longest boundary with it. `units` is modified in place."""
    changed = True
    while changed:
        changed = False
        for index, unit in enumerate(units):
            parts = sorted(shapely.get_parts(unit), key=lambda g: -g.area)
            if len(parts) < 2:
                continue
            for part in parts[1:]:
                best, best_length = None, 0.0
                for other, candidate in enumerate(units):
                    if other == index or parent_of[other] != parent_of[index]:
                        continue
                    if not candidate.intersects(part):
                        continue
                    shared = shapely.intersection(
                        candidate.boundary, part.boundary, grid_size=GRID_SIZE
                    ).length
                    if shared > best_length:
                        best, best_length = other, shared
                if best is None:
                    continue  # an island of its parent: it stays with its unit
                units[best] = shapely.unary_union([units[best], part], grid_size=GRID_SIZE)
                units[index] = shapely.difference(units[index], part, grid_size=GRID_SIZE)
                changed = True


def _label_faces_by_parent(faces, parents):
    """Index of the parent polygon containing each face's interior point."""
    points = shapely.point_on_surface(faces)
    tree = shapely.STRtree(parents)
    face_index, parent_index = tree.query(points, predicate="within")
    labels = np.full(len(faces), -1)
    labels[face_index] = parent_index
    missing = np.flatnonzero(labels < 0)
    if len(missing):  # on a parent's edge after snapping: take the nearest parent
        labels[missing] = tree.query_nearest(points[missing], all_matches=False)[1]
    return labels, points


def _population_surface(district, towns, seats):
    minx, miny, maxx, maxy = district.bounds
    xs = np.arange(minx + CELL / 2, maxx, CELL)
    ys = np.arange(miny + CELL / 2, maxy, CELL)
    gx, gy = np.meshgrid(xs, ys)
    gx, gy = gx.ravel(), gy.ravel()
    people = np.zeros(len(gx))
    town_of = np.full(len(gx), -1)
    for t, (spec, town) in enumerate(zip(TOWNS, towns)):
        inside = shapely.contains_xy(town, gx, gy)
        town_of[inside] = t
        d2 = (gx[inside] - seats[t, 0]) ** 2 + (gy[inside] - seats[t, 1]) ** 2
        core = np.exp(-d2 / (2 * _URBAN_SIGMA[spec.town_class] ** 2))
        share = _URBAN_SHARE[spec.town_class]
        density = share * core / core.sum() + (1 - share) / inside.sum()
        people[inside] = spec.population * density
    keep = town_of >= 0
    return np.column_stack([gx[keep], gy[keep]]), people[keep], town_of[keep]


def _lloyd_seeds(rng, cell_xy, weight, count, iterations=8):
    """`count` seeds spread over the cells by weighted Lloyd iterations (on the cells)."""
    if count == 1:
        return np.average(cell_xy, axis=0, weights=weight)[None, :]
    probability = weight / weight.sum()
    chosen = rng.choice(len(cell_xy), size=count, replace=False, p=probability)
    seeds = cell_xy[chosen] + rng.uniform(-CELL / 3, CELL / 3, size=(count, 2))
    for _ in range(iterations):
        nearest = _nearest(cell_xy, seeds)
        for k in range(count):
            mine = nearest == k
            if mine.any() and weight[mine].sum() > 0:
                seeds[k] = np.average(cell_xy[mine], axis=0, weights=weight[mine])
    return seeds


def _nearest(points, seeds):
    best = np.zeros(len(points), dtype=int)
    best_d2 = np.full(len(points), np.inf)
    for k, seed in enumerate(seeds):
        d2 = (points[:, 0] - seed[0]) ** 2 + (points[:, 1] - seed[1]) ** 2
        closer = d2 < best_d2
        best[closer] = k
        best_d2[closer] = d2[closer]
    return best


def _voronoi_in(parent, seeds):
    if len(seeds) == 1:
        return [parent]
    cells = shapely.get_parts(
        shapely.voronoi_polygons(
            shapely.MultiPoint(seeds), extend_to=shapely.buffer(parent.envelope, 1000.0)
        )
    )
    # voronoi_polygons does not keep the seeds' order: match cells to seeds.
    ordered = [None] * len(seeds)
    tree = shapely.STRtree(cells)
    for k, seed in enumerate(seeds):
        ordered[k] = cells[tree.query(shapely.Point(seed), predicate="within")[0]]
    return [shapely.intersection(parent, cell, grid_size=GRID_SIZE) for cell in ordered]


def _subdivide(rng, parents, parent_counts, cell_xy, weight, cell_parent):
    """Split each parent into parent_counts[p] Voronoi cells around seeds drawn from the
    population surface; returns the children's polygons and their parents' indices."""
    seeds, owners, cells = [], [], []
    for p, (parent, count) in enumerate(zip(parents, parent_counts)):
        mine = cell_parent == p
        if mine.sum() < count:  # a parent with too few cells: seeds anywhere inside it
            low, high = np.reshape(parent.bounds, (2, 2))
            extra = rng.uniform(low, high, size=(count * 50, 2))
            extra = extra[shapely.contains_xy(parent, extra[:, 0], extra[:, 1])]
            xy, w = extra, np.ones(len(extra))
        else:
            xy, w = cell_xy[mine], weight[mine]
        child_seeds = _lloyd_seeds(rng, xy, w, count)
        seeds.append(child_seeds)
        owners.append(np.full(count, p))
        cells += _voronoi_in(parent, child_seeds)
    seeds = np.concatenate(seeds)
    owners = np.concatenate(owners)
    faces = _faces(list(parents) + cells)
    parent_labels, points = _label_faces_by_parent(faces, np.array(parents, dtype=object))
    labels = np.empty(len(faces), dtype=int)
    face_xy = shapely.get_coordinates(points)
    for p in range(len(parents)):
        members = np.flatnonzero(parent_labels == p)
        children = np.flatnonzero(owners == p)
        labels[members] = children[_nearest(face_xy[members], seeds[children])]
    units = _merge(faces, labels, len(seeds))
    _fix_multipart(units, owners)
    return units, owners


def _allocate(total, weights, minimum=1):
    """Integers >= minimum, proportional to weights, summing to total (largest remainder)."""
    weights = np.asarray(weights, float)
    base = np.full(len(weights), minimum)
    rest = total - base.sum()
    share = weights / weights.sum() * rest
    counts = base + np.floor(share).astype(int)
    remainder = total - counts.sum()
    order = np.argsort(-(share - np.floor(share)), kind="stable")
    counts[order[:remainder]] += 1
    return counts


def build(rng: np.random.Generator, grid_count: int = 1102) -> Geography:
    district = district_outline()
    generators = np.column_stack(to_cgcs2000_gk(*np.array([t.seat_lonlat for t in TOWNS]).T))
    # Published areas where known; the other towns share the rest in proportion to
    # their plain Voronoi cells.
    published = np.array([t.area_km2 * 1e6 if t.area_km2 else 0.0 for t in TOWNS])
    plain = power_cells(district, generators, np.zeros(len(TOWNS)))
    voronoi = np.array([cell.area for cell in plain])
    unknown = published == 0
    scale = (district.area - published.sum()) / voronoi[unknown].sum()
    targets = np.where(unknown, voronoi * scale, published)
    weights, cells = _tune_town_weights(district, generators, targets)
    seats = np.array([_seat_inside(seat, cell) for seat, cell in zip(generators, cells)])
    faces = _faces([district, *cells])
    face_xy = shapely.get_coordinates(shapely.point_on_surface(faces))
    power = ((face_xy[:, None, :] - generators[None, :, :]) ** 2).sum(axis=2) - weights[None, :]
    towns = _merge(faces, np.argmin(power, axis=1), len(TOWNS))
    _fix_multipart(towns, [0] * len(TOWNS))
    geography = Geography(district, seats, towns)

    cell_xy, people, cell_town = _population_surface(district, towns, seats)
    geography.cell_xy, geography.cell_people = cell_xy, people

    # Communities: more where people are many, seeds drawn towards them.
    communities, community_town = _subdivide(
        rng, towns, [t.communities for t in TOWNS], cell_xy, people**1.5, cell_town
    )
    cell_community = _cells_in(communities, cell_xy)
    community_people = np.bincount(cell_community, weights=people, minlength=len(communities))
    grid_counts = _allocate(grid_count, community_people)
    grids, grid_community = _subdivide(
        rng, communities, grid_counts, cell_xy, people, cell_community
    )
    # Rebuild the upper levels from the grids so that all levels share every vertex.
    grid_community = np.asarray(grid_community)
    geography.communities = [
        shapely.unary_union(
            [grids[g] for g in np.flatnonzero(grid_community == c)], grid_size=GRID_SIZE
        )
        for c in range(len(communities))
    ]
    community_town = np.asarray(community_town)
    geography.towns = [
        shapely.unary_union(
            [geography.communities[c] for c in np.flatnonzero(community_town == t)],
            grid_size=GRID_SIZE,
        )
        for t in range(len(TOWNS))
    ]
    geography.community_town = community_town.tolist()
    geography.grids = grids
    geography.grid_community = grid_community.tolist()
    return geography


def _cells_in(polygons, cell_xy):
    """Index of the polygon containing each cell centre (the nearest one if none does)."""
    tree = shapely.STRtree(polygons)
    points = shapely.points(cell_xy)
    point_index, polygon_index = tree.query(points, predicate="within")
    labels = np.full(len(cell_xy), -1)
    labels[point_index] = polygon_index
    missing = np.flatnonzero(labels < 0)
    if len(missing):
        labels[missing] = tree.query_nearest(points[missing], all_matches=False)[1]
    return labels
