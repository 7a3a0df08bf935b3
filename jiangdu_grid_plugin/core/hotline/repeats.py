"""Possible repeated reports (the same phone, the same day, within 50 m), found with a
grid of cells in about O(n), and the plain O(n²) rule it is tested against."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

DUPLICATE_DISTANCE_M = 50.0


def link_repeats(
    batch: Sequence[tuple[str | None, date, float, float]],
    stored: Sequence[tuple[int, str, date, float, float]],
    limit: float = DUPLICATE_DISTANCE_M,
) -> list[tuple[int, float] | None]:
    """Possible repeated reports: for each report of `batch` ((phone, China day, x, y),
    in file order), the nearest report from the same phone on the same day within
    `limit` metres: among `stored` ((fid, phone, day, x, y)) and the reports before it in
    the batch. Returns (fid, distance) or (-1 - position in the batch, distance) per
    report, or None.

    The rule is `link_repeats_nested`'s exactly, ties included: the nearest wins; among
    equally near ones a stored report wins over one of the batch, and the first in
    `stored`'s order or the batch's wins among its kind. Reports are grouped by phone and
    day, and within a group put into square cells of more than `limit` metres, so only
    the nine cells around a report are searched; reports at the same point are kept once
    (the first), so a group of reports placed at one community's centre costs no more
    than one. About O(n) for real batches instead of O(n²)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for position, (phone, day, _, _) in enumerate(batch):
        if phone:
            groups[(phone, day)].append(position)
    stored_groups: dict[tuple, list[int]] = defaultdict(list)
    for order, (_, phone, day, _, _) in enumerate(stored):
        if (phone, day) in groups:
            stored_groups[(phone, day)].append(order)
    links: list[tuple[int, float] | None] = [None] * len(batch)
    size = limit * 1.25  # wider than the limit: rounding never hides a neighbour
    for key, positions in groups.items():
        in_store = stored_groups.get(key, ())
        if len(positions) == 1 and not in_store:
            continue
        store_cells = _Cells(size)
        for order in in_store:
            store_cells.add(stored[order][3], stored[order][4], order)
        batch_cells = _Cells(size)
        for position in positions:
            _, _, x, y = batch[position]
            best = None
            nearest = store_cells.nearest(x, y, limit)
            if nearest is not None:
                best = (stored[nearest[1]][0], nearest[0])
            nearest = batch_cells.nearest(x, y, limit)
            if nearest is not None and (best is None or nearest[0] < best[1]):
                best = (-1 - nearest[1], nearest[0])
            links[position] = best
            batch_cells.add(x, y, position)
    return links


class _Cells:
    """Points in square cells, each point kept once with the smallest key added there."""

    def __init__(self, size: float):
        self.size = size
        self.cells: dict[tuple[int, int], dict[tuple[float, float], int]] = {}

    def add(self, x: float, y: float, key: int) -> None:
        cell = self.cells.setdefault((math.floor(x / self.size), math.floor(y / self.size)), {})
        cell.setdefault((x, y), key)

    def nearest(self, x: float, y: float, limit: float) -> tuple[float, int] | None:
        """(distance, key) of the nearest point within `limit`, the smallest key among
        equally near ones; None when there is none."""
        if not self.cells:
            return None
        column, row = math.floor(x / self.size), math.floor(y / self.size)
        best = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for (px, py), key in self.cells.get((column + dx, row + dy), {}).items():
                    distance = math.hypot(px - x, py - y)
                    if distance <= limit and (best is None or (distance, key) < best):
                        best = (distance, key)
        return best


def link_repeats_nested(
    batch: Sequence[tuple[str | None, date, float, float]],
    stored: Sequence[tuple[int, str, date, float, float]],
    limit: float = DUPLICATE_DISTANCE_M,
) -> list[tuple[int, float] | None]:
    """The rule of `link_repeats` in its plainest form, every report against every
    other (O(n²)): what the import did until it was too slow for a year's export, kept
    as the reference the fast one is tested and benchmarked against."""
    links: list[tuple[int, float] | None] = [None] * len(batch)
    for position, (phone, day, x, y) in enumerate(batch):
        if not phone:
            continue
        best = None
        for fid, other_phone, other_day, other_x, other_y in stored:
            if other_phone != phone or other_day != day:
                continue
            distance = math.hypot(other_x - x, other_y - y)
            if distance <= limit and (best is None or distance < best[1]):
                best = (fid, distance)
        for earlier in range(position):
            other_phone, other_day, other_x, other_y = batch[earlier]
            if other_phone == phone and other_day == day:
                distance = math.hypot(other_x - x, other_y - y)
                if distance <= limit and (best is None or distance < best[1]):
                    best = (-1 - earlier, distance)
        links[position] = best
    return links
