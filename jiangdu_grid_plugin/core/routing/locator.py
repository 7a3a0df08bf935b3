"""Which grid a point is in: exact, and millions of points per second.

The rule (documented for users in `router.py`): a point belongs to the grid whose closed
polygon (interior and boundary) contains it. A point on the boundary of several grids (a
shared edge, or a vertex where several meet) belongs to the one given first, which is
the lowest code when the grids are given sorted by code. Points outside every grid are
left to the router (nearest grid within a tolerance, or unroutable).

How, in three tiers:
1. A table of square cells (10 m by default) covers the district. A cell that no grid
   boundary comes near (no boundary point, sampled every half cell, in the cell or its
   eight neighbours) lies wholly inside one grid or wholly outside all of them, and its
   points are answered by a table look-up.
2. A cell near a boundary (the *band*) keeps the boundary segments that cross it and a
   reference point whose grid is known. A point there is in the reference point's grid
   unless the straight path between them crosses that grid's boundary an odd number of
   times, and in another grid if it crosses that grid's boundary an odd number of times.
   Each crossing is decided by orientation tests in floating point whose sign is proven
   right by Shewchuk's error bound.
3. The rare point for which a sign cannot be proven (it lies on or within a hair of a
   boundary line, or the path grazes a vertex) is tested with GEOS's robust
   point-in-polygon against the grids whose boundary passes near.

The result is identical to testing every point against every grid with GEOS; the tests
and `make bench` check this against such an oracle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

IN_GRID = 0  # in the interior of one grid
ON_BOUNDARY = 1  # on the boundary of one or more grids
NOT_IN_GRID = 2  # in no grid

_OUTSIDE = -1  # table value: a cell wholly outside every grid
# A cell near a boundary holds -2 - (its index in the band's arrays).
# Shewchuk's first error bound for orient2d, (3 + 16 eps) eps with eps = 2**-53, with a
# safety factor of four.
_ORIENT_BOUND = 4 * (3.0 + 16.0 * 2.0**-53) * 2.0**-53


@dataclass(frozen=True)
class Located:
    """Per point: the grid's index (-1 when none), how it was found (IN_GRID,
    ON_BOUNDARY, NOT_IN_GRID), and for boundary points how many grids share it."""

    grid: np.ndarray
    kind: np.ndarray
    sharing: np.ndarray


def _orient(ax, ay, bx, by, cx, cy):
    """orient2d(a, b, c) and whether its sign is certain (Shewchuk's filter)."""
    left = (ax - cx) * (by - cy)
    right = (ay - cy) * (bx - cx)
    det = left - right
    return det, np.abs(det) > _ORIENT_BOUND * (np.abs(left) + np.abs(right))


def _resolve(polygons, hit_point, hit_grid, x, y, grid, kind, sharing) -> None:
    """From (point, grid) pairs where the grid's closed polygon holds the point: each
    point's first grid, whether it is inside it or on a boundary, and how many grids
    share that boundary. Writes into grid, kind and sharing."""
    if len(hit_point) == 0:
        return
    order = np.lexsort((hit_grid, hit_point))
    hit_point, hit_grid = hit_point[order], hit_grid[order]
    points, first, hits = np.unique(hit_point, return_index=True, return_counts=True)
    chosen = hit_grid[first]
    interior = np.zeros(len(points), dtype=bool)
    single = np.flatnonzero(hits == 1)
    if len(single):
        interior[single] = shapely.contains_xy(
            polygons[chosen[single]], x[points[single]], y[points[single]]
        )
    grid[points] = chosen
    kind[points] = np.where(interior, IN_GRID, ON_BOUNDARY)
    sharing[points] = np.where(interior, 0, hits)


class ExactLocator:
    """The rule applied directly with GEOS: every grid whose closed polygon contains the
    point, the first of them chosen. Quick to build, a few hundred thousand points a
    second: for small batches, and as the oracle the fast locator is tested against."""

    def __init__(self, polygons):
        self.polygons = np.asarray(polygons, dtype=object)
        if len(self.polygons) == 0:
            raise ValueError("no grids to locate points in")
        self.tree = shapely.STRtree(self.polygons)

    def locate(self, x, y) -> Located:
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        n = len(x)
        grid = np.full(n, -1, dtype=np.int32)
        kind = np.full(n, NOT_IN_GRID, dtype=np.int8)
        sharing = np.zeros(n, dtype=np.int32)
        finite = np.flatnonzero(np.isfinite(x) & np.isfinite(y))
        point_index, grid_index = self.tree.query(
            shapely.points(x[finite], y[finite]), predicate="intersects"
        )
        _resolve(self.polygons, finite[point_index], grid_index, x, y, grid, kind, sharing)
        return Located(grid, kind, sharing)


class GridLocator:
    """Locates points in non-overlapping polygons, given in the order that breaks ties."""

    def __init__(self, polygons, cell: float = 10.0):
        self.polygons = np.asarray(polygons, dtype=object)
        if len(self.polygons) == 0:
            raise ValueError("no grids to locate points in")
        self.cell = float(cell)
        for polygon in self.polygons:
            shapely.prepare(polygon)
        minx, miny, maxx, maxy = shapely.total_bounds(self.polygons)
        self.x0 = minx - 2 * cell
        self.y0 = maxy + 2 * cell  # the table's top edge; rows count down
        self.columns = int(np.ceil((maxx - self.x0) / cell)) + 3
        self.rows = int(np.ceil((self.y0 - miny) / cell)) + 3
        self.table = np.full((self.rows, self.columns), _OUTSIDE, dtype=np.int32)
        self._segments()
        self._fill_interiors()
        self._build_band()

    # Building

    def _segments(self) -> None:
        """Every edge of every ring, with its grid: (x1, y1, x2, y2) and owner."""
        edges, owners = [], []
        for index, polygon in enumerate(self.polygons):
            for part in shapely.get_parts(polygon):
                for ring in [part.exterior, *part.interiors]:
                    xy = np.asarray(ring.coords)
                    edges.append(np.column_stack([xy[:-1], xy[1:]]))
                    owners.append(np.full(len(xy) - 1, index, dtype=np.int32))
        self.edges = np.concatenate(edges)
        self.edge_grid = np.concatenate(owners)
        counts = np.bincount(self.edge_grid, minlength=len(self.polygons))
        self.grid_edge_start = np.concatenate([[0], np.cumsum(counts)])

    def _fill_interiors(self) -> None:
        """Label each cell by the grid containing its centre: even-odd scanlines through
        the rows' centres give spans of each grid on each row."""
        rows_all, starts_all, ends_all, grids_all = [], [], [], []
        for index, polygon in enumerate(self.polygons):
            edges = self.edges[self.grid_edge_start[index] : self.grid_edge_start[index + 1]]
            _, miny, _, maxy = polygon.bounds
            first = max(int(np.floor((self.y0 - maxy) / self.cell)), 0)
            last = min(int(np.ceil((self.y0 - miny) / self.cell)), self.rows - 1)
            rows = np.arange(first, last + 1)
            cy = (self.y0 - (rows + 0.5) * self.cell)[:, None]
            y1, y2 = edges[:, 1][None, :], edges[:, 3][None, :]
            crosses = (y1 <= cy) != (y2 <= cy)
            with np.errstate(divide="ignore", invalid="ignore"):
                xs = edges[:, 0] + (cy - y1) * ((edges[:, 2] - edges[:, 0]) / (y2 - y1))
            xs = np.where(crosses, xs, np.inf)
            xs.sort(axis=1)
            count = crosses.sum(axis=1)
            width = int(count.max()) if len(count) else 0
            starts, ends = xs[:, 0:width:2], xs[:, 1:width:2]
            # Spans shorter than a micrometre come from slivers and rounding; no point we
            # look up by span is that close to a boundary, and they would hide their
            # neighbours from the search in _grid_on_row_centre.
            with np.errstate(invalid="ignore"):
                valid = np.isfinite(ends) & (ends - starts > 1e-6)
            rows_all.append(np.broadcast_to(rows[:, None], starts.shape)[valid])
            starts_all.append(starts[valid])
            ends_all.append(ends[valid])
            grids_all.append(np.full(int(valid.sum()), index, dtype=np.int32))
        span_row = np.concatenate(rows_all)
        span_start = np.concatenate(starts_all)
        span_end = np.concatenate(ends_all)
        span_grid = np.concatenate(grids_all)
        # Spans sorted along the rows, for finding the span under a point.
        self._row_width = (self.columns + 2) * self.cell
        key = span_row * self._row_width + (span_start - self.x0)
        order = np.lexsort((span_end, key))
        self.span_key, self.span_row = key[order], span_row[order]
        self.span_end, self.span_grid = span_end[order], span_grid[order]
        # The cells whose centre x lies in [start, end) take the span's grid: marks at
        # both ends of each span, summed along the rows.
        c0 = np.ceil((span_start - self.x0) / self.cell - 0.5).astype(np.int64)
        c1 = np.ceil((span_end - self.x0) / self.cell - 0.5).astype(np.int64)
        keep = c1 > c0
        marks = np.zeros((self.rows, self.columns + 1), dtype=np.int32)
        np.add.at(marks, (span_row[keep], c0[keep]), span_grid[keep] + 1)
        np.add.at(marks, (span_row[keep], c1[keep]), -(span_grid[keep] + 1))
        self.table[:] = np.cumsum(marks, axis=1)[:, : self.columns] - 1

    def _grid_on_row_centre(self, row, x):
        """The grid whose span on the row's centre line holds x (-1 for none): exact for
        points clear of the boundaries by far more than floating-point error."""
        key = row * self._row_width + (x - self.x0)
        index = np.searchsorted(self.span_key, key, side="right") - 1
        valid = index >= 0
        index = np.maximum(index, 0)
        hit = valid & (self.span_row[index] == row) & (x < self.span_end[index])
        return np.where(hit, self.span_grid[index], -1).astype(np.int32)

    def _build_band(self) -> None:
        """The cells near a boundary: their crossing segments and reference points."""
        x1, y1, x2, y2 = self.edges.T
        length = np.hypot(x2 - x1, y2 - y1)
        pieces = np.maximum(np.ceil(length / (self.cell / 2)).astype(np.int64), 1)
        which = np.repeat(np.arange(len(pieces)), pieces + 1)
        t = np.arange(len(which)) - np.repeat(np.cumsum(pieces + 1) - (pieces + 1), pieces + 1)
        t = t / pieces[which]
        sx = x1[which] + (x2 - x1)[which] * t
        sy = y1[which] + (y2 - y1)[which] * t
        keys = np.floor((self.y0 - sy) / self.cell).astype(np.int64) * self.columns + np.floor(
            (sx - self.x0) / self.cell
        ).astype(np.int64)
        # (cell, segment) for the cells each segment's samples fall in and their neighbours
        offsets = np.array([dr * self.columns + dc for dr in (-1, 0, 1) for dc in (-1, 0, 1)])
        pair = np.unique(keys * len(self.edges) + which)
        pair = np.unique(
            ((pair // len(self.edges))[:, None] + offsets).ravel() * len(self.edges)
            + np.repeat(pair % len(self.edges), len(offsets))
        )
        cell_of, segment_of = pair // len(self.edges), pair % len(self.edges)
        self.band_keys = np.unique(cell_of)
        # Keep only the segments that cross the cell's square (closed, plus a margin).
        row, column = np.divmod(cell_of, self.columns)
        crossing = self._segment_meets_box(segment_of, row, column)
        cell_of, segment_of = cell_of[crossing], segment_of[crossing]
        slot = np.searchsorted(self.band_keys, cell_of)
        counts = np.bincount(slot, minlength=len(self.band_keys))
        self.band_segment_start = np.concatenate([[0], np.cumsum(counts)])
        self.band_segments = segment_of[np.argsort(slot, kind="stable")].astype(np.int32)
        self._choose_references()
        self.table.ravel()[self.band_keys] = -2 - np.arange(len(self.band_keys), dtype=np.int32)

    def _segment_meets_box(self, segment, row, column, margin=1e-6):
        """Whether each segment meets the square of its cell (Liang-Barsky clipping)."""
        x1, y1, x2, y2 = self.edges[segment].T
        left = self.x0 + column * self.cell - margin
        right = left + self.cell + 2 * margin
        top = self.y0 - row * self.cell + margin
        bottom = top - self.cell - 2 * margin
        dx, dy = x2 - x1, y2 - y1
        low = np.zeros(len(segment))
        high = np.ones(len(segment))
        keep = np.ones(len(segment), dtype=bool)
        for p, q in ((-dx, x1 - left), (dx, right - x1), (-dy, y1 - bottom), (dy, top - y1)):
            parallel = p == 0
            keep &= ~(parallel & (q < 0))
            with np.errstate(divide="ignore", invalid="ignore"):
                r = q / p
            entering = ~parallel & (p < 0)
            leaving = ~parallel & (p > 0)
            low = np.where(entering, np.maximum(low, r), low)
            high = np.where(leaving, np.minimum(high, r), high)
        return keep & (low <= high)

    def _choose_references(self) -> None:
        """A point in each band cell well away from its segments, and that point's grid.

        Points on the cell's centre line are tried first: the scanline spans give their
        grid exactly. A cell whose centre line has no such point (a boundary running
        along it) takes a point elsewhere, located by GEOS.
        """
        n = len(self.band_keys)
        row, column = np.divmod(self.band_keys, self.columns)
        self.band_centre_grid = self.table.ravel()[self.band_keys].astype(np.int32)
        self.reference_x = np.empty(n)
        self.reference_y = np.empty(n)
        self.reference_grid = np.full(n, -1, dtype=np.int32)
        pending = np.arange(n)
        for fx in (0.5, 0.3, 0.7, 0.1, 0.9, 0.2, 0.8, 0.4, 0.6):
            rx = self.x0 + (column[pending] + fx) * self.cell
            ry = self.y0 - (row[pending] + 0.5) * self.cell
            clear = self._clear_of_segments(pending, rx, ry)
            done = pending[clear]
            self.reference_x[done], self.reference_y[done] = rx[clear], ry[clear]
            self.reference_grid[done] = self._grid_on_row_centre(row[done], rx[clear])
            pending = pending[~clear]
            if len(pending) == 0:
                return
        for fx, fy in ((0.31, 0.67), (0.71, 0.23), (0.19, 0.13), (0.83, 0.87), (0.43, 0.91)):
            rx = self.x0 + (column[pending] + fx) * self.cell
            ry = self.y0 - (row[pending] + fy) * self.cell
            clear = self._clear_of_segments(pending, rx, ry)
            done = pending[clear]
            self.reference_x[done], self.reference_y[done] = rx[clear], ry[clear]
            self.reference_grid[done] = self._locate_with_geos(done, rx[clear], ry[clear])[0]
            pending = pending[~clear]
            if len(pending) == 0:
                return
        raise ValueError(
            f"{len(pending)} cells have no point clear of the boundaries; use another cell size"
        )

    def _clear_of_segments(self, slots, x, y, clearance=1e-3):
        """Whether each point is more than `clearance` from every segment of its cell."""
        first, last = self.band_segment_start[slots], self.band_segment_start[slots + 1]
        counts = last - first
        owner = np.repeat(np.arange(len(slots)), counts)
        segments = self.band_segments[_expand(first, counts)]
        x1, y1, x2, y2 = self.edges[segments].T
        px, py = x[owner], y[owner]
        dx, dy = x2 - x1, y2 - y1
        t = np.clip(((px - x1) * dx + (py - y1) * dy) / np.maximum(dx * dx + dy * dy, 1e-300), 0, 1)
        distance = np.hypot(px - (x1 + t * dx), py - (y1 + t * dy))
        near = np.zeros(len(slots), dtype=bool)
        near[owner[distance <= clearance]] = True
        return ~near

    # Looking up

    def locate(self, x, y) -> Located:
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        n = len(x)
        # Points beyond the table (and NaN, which casts to the lowest integer) are
        # clipped onto its edge cells, which lie two cells clear of every grid and are
        # therefore "outside"; truncation towards zero only matters there too.
        with np.errstate(invalid="ignore"):
            column = ((x - self.x0) * (1.0 / self.cell)).astype(np.int64)
            row = ((self.y0 - y) * (1.0 / self.cell)).astype(np.int64)
        np.clip(column, 0, self.columns - 1, out=column)
        np.clip(row, 0, self.rows - 1, out=row)
        row *= self.columns
        row += column
        label = self.table.ravel()[row]
        grid = np.maximum(label, -1)
        kind = (label < 0).astype(np.int8) * NOT_IN_GRID
        sharing = np.zeros(n, dtype=np.int32)
        band = np.flatnonzero(label <= -2)
        if len(band):
            slots = -2 - label[band]
            found, uncertain = self._locate_in_band(slots, x[band], y[band])
            grid[band] = found
            kind[band] = np.where(found >= 0, IN_GRID, NOT_IN_GRID)
            if len(uncertain):
                points = band[uncertain]
                g, k, s = self._locate_with_geos(slots[uncertain], x[points], y[points])
                grid[points], kind[points], sharing[points] = g, k, s
        return Located(grid, kind, sharing)

    def _locate_in_band(self, slot, x, y):
        """Tier 2: grids by crossing parity from the cells' reference points (for points
        in the band cells `slot`); and the positions of the points that need GEOS."""
        n = len(slot)
        rx, ry = self.reference_x[slot], self.reference_y[slot]
        first, last = self.band_segment_start[slot], self.band_segment_start[slot + 1]
        counts = last - first
        owner = np.repeat(np.arange(n), counts)
        segment = self.band_segments[_expand(first, counts)]
        ax, ay, bx, by = self.edges[segment].T
        px, py, qx, qy = rx[owner], ry[owner], x[owner], y[owner]
        o_a, sure_a = _orient(px, py, qx, qy, ax, ay)
        o_b, sure_b = _orient(px, py, qx, qy, bx, by)
        o_p, sure_p = _orient(ax, ay, bx, by, px, py)
        o_q, sure_q = _orient(ax, ay, bx, by, qx, qy)
        sure = sure_a & sure_b & sure_p & sure_q
        unsure = np.zeros(n, dtype=bool)
        unsure[owner[~sure]] = True
        crossed = ((o_a > 0) != (o_b > 0)) & ((o_p > 0) != (o_q > 0))
        # Crossing parity per (point, grid): the grids whose membership flips.
        flip_key = (
            owner[crossed].astype(np.int64) * len(self.polygons) + self.edge_grid[segment[crossed]]
        )
        keys_unique, flips = np.unique(flip_key, return_counts=True)
        odd = keys_unique[flips % 2 == 1]
        odd_point, odd_grid = odd // len(self.polygons), odd % len(self.polygons)
        found = self.reference_grid[slot].astype(np.int32)
        left_reference = odd_grid == found[odd_point]
        found[odd_point[left_reference]] = -1
        entered_point, entered_grid = odd_point[~left_reference], odd_grid[~left_reference]
        entered_twice = np.bincount(entered_point, minlength=n) > 1
        found[entered_point] = entered_grid
        # Entering a grid while staying in the reference grid cannot happen for grids
        # that do not overlap; if it does, let GEOS decide.
        still_in_reference = np.zeros(n, dtype=bool)
        still_in_reference[entered_point] = True
        still_in_reference &= self.reference_grid[slot] >= 0
        still_in_reference[odd_point[left_reference]] = False
        unsure |= entered_twice | still_in_reference
        return found, np.flatnonzero(unsure)

    def _locate_with_geos(self, slots, x, y):
        """Tier 3: GEOS's robust test against every grid whose boundary crosses the cell,
        and the grid containing the cell's centre."""
        first, last = self.band_segment_start[slots], self.band_segment_start[slots + 1]
        counts = last - first
        owner = np.repeat(np.arange(len(slots)), counts)
        candidate = self.edge_grid[self.band_segments[_expand(first, counts)]]
        centre = self.band_centre_grid[slots]
        has_centre = centre >= 0
        owner = np.concatenate([owner, np.flatnonzero(has_centre)])
        candidate = np.concatenate([candidate, centre[has_centre]])
        pair = np.unique(owner.astype(np.int64) * len(self.polygons) + candidate)
        owner, candidate = pair // len(self.polygons), pair % len(self.polygons)
        order = np.argsort(candidate, kind="stable")
        owner, candidate = owner[order], candidate[order]
        covered = np.zeros(len(owner), dtype=bool)
        grids, starts = np.unique(candidate, return_index=True)
        for g, start, end in zip(grids, starts, [*starts[1:], len(owner)]):
            mine = owner[start:end]
            covered[start:end] = shapely.intersects_xy(self.polygons[g], x[mine], y[mine])
        grid = np.full(len(slots), -1, dtype=np.int32)
        kind = np.full(len(slots), NOT_IN_GRID, dtype=np.int8)
        sharing = np.zeros(len(slots), dtype=np.int32)
        _resolve(self.polygons, owner[covered], candidate[covered], x, y, grid, kind, sharing)
        return grid, kind, sharing

    @property
    def memory_bytes(self) -> int:
        arrays = (
            self.table,
            self.band_keys,
            self.band_segment_start,
            self.band_segments,
            self.band_centre_grid,
            self.reference_x,
            self.reference_y,
            self.reference_grid,
            self.edges,
            self.edge_grid,
            self.span_key,
            self.span_row,
            self.span_end,
            self.span_grid,
        )
        return sum(array.nbytes for array in arrays)


def _expand(first, counts):
    """Concatenated ranges first[i] .. first[i] + counts[i] - 1."""
    total = int(counts.sum())
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(first, counts) + offsets
