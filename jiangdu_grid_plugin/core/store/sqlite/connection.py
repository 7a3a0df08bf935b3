"""Connections to a GeoPackage: the settings every connection of the plugin uses, write
transactions, and the spatial functions the R-tree triggers and the grids' guard call
(GDAL registers the same, with SpatiaLite's; here they are shapely's)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import shapely
import shapely.errors

from ..schema import SRS_ID
from . import geometry_blob

# The spatial functions the guard calls, for this package's own connections (GDAL gives
# its connections SpatiaLite's). As SpatiaLite's: NULL in, NULL out; an empty result is
# NULL.


def _geometry(blob):
    return None if blob is None else geometry_blob.decode([blob])[0]


def _blob(geometry):
    if geometry is None or geometry.is_empty:
        return None
    return geometry_blob.encode([geometry], SRS_ID)[0]


def _unary(function):
    def call(blob):
        geometry = _geometry(blob)
        return None if geometry is None else function(geometry)

    return call


def _binary(function):
    def call(a, b):
        first, second = _geometry(a), _geometry(b)
        if first is None or second is None:
            return None
        try:
            return function(first, second)
        except shapely.errors.GEOSException:  # an invalid input, as SpatiaLite: NULL
            return None

    return call


class _Union:
    def __init__(self):
        self.parts = []

    def step(self, blob):
        geometry = _geometry(blob)
        if geometry is not None:
            self.parts.append(geometry)

    def finalize(self):
        if not self.parts:
            return None
        try:
            return _blob(shapely.union_all(self.parts))
        except shapely.errors.GEOSException:
            return None


def _collection_extract(blob, kind):
    """SpatiaLite's CollectionExtract: the parts of one kind (3: polygons), NULL for none."""
    geometry = _geometry(blob)
    if geometry is None or kind != 3:
        return None
    parts = [p for p in shapely.get_parts(shapely.get_parts(geometry)) if p.geom_type == "Polygon"]
    if not parts:
        return None
    return _blob(parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts))


def _geometry_n(blob, n):
    geometry = _geometry(blob)
    if geometry is None or n is None or not 1 <= n <= shapely.get_num_geometries(geometry):
        return None
    return _blob(shapely.get_geometry(geometry, int(n) - 1))


def _register_guard_functions(connection: sqlite3.Connection) -> None:
    functions = {
        "CollectionExtract": (2, _collection_extract),
        "ST_NumGeometries": (1, _unary(lambda g: int(shapely.get_num_geometries(g)))),
        "ST_GeometryN": (2, _geometry_n),
        "ST_IsValid": (1, _unary(lambda g: int(g.is_valid))),
        # As SpatiaLite's: 0 for a collection, whatever polygons it holds.
        "ST_Area": (1, _unary(lambda g: 0.0 if g.geom_type == "GeometryCollection" else g.area)),
        "ST_AsText": (1, _unary(lambda g: g.wkt)),
        "ST_Intersection": (2, _binary(lambda a, b: _blob(shapely.intersection(a, b)))),
        "ST_Difference": (2, _binary(lambda a, b: _blob(shapely.difference(a, b)))),
        "ST_Covers": (2, _binary(lambda a, b: int(shapely.covers(a, b)))),
        # The intake's (sqlite/intake.py): where a report lies, and its duplicates.
        "ST_Contains": (2, _binary(lambda a, b: int(shapely.contains(a, b)))),
        "ST_Distance": (2, _binary(lambda a, b: float(shapely.distance(a, b)))),
    }
    for name, (arguments, function) in functions.items():
        connection.create_function(name, arguments, function, deterministic=True)
    connection.create_aggregate("ST_Union", 1, _Union)


def register_functions(connection: sqlite3.Connection) -> None:
    """The spatial functions the GeoPackage R-tree triggers and the grids' guard call
    (GDAL registers the same, with SpatiaLite's)."""

    def bound(index):
        def function(blob):
            box = geometry_blob.envelope(blob) if blob is not None else None
            return None if box is None else box[index]

        return function

    for index, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        connection.create_function(name, 1, bound(index), deterministic=True)
    _register_guard_functions(connection)
    connection.create_function(
        "ST_IsEmpty",
        1,
        lambda blob: None if blob is None else int(geometry_blob.is_empty(blob)),
        deterministic=True,
    )


# How long a statement waits for another writer's lock before "database is locked".
BUSY_TIMEOUT_S = 10.0


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_S)
    connection.execute("PRAGMA foreign_keys = ON")
    # Reading through a memory map saves a system call per page (a quarter of the time
    # of a join over the 220,000 facilities).
    connection.execute("PRAGMA mmap_size = 1073741824")
    register_functions(connection)
    return connection


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[None]:
    if connection.in_transaction:
        yield
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
