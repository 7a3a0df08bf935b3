"""What a store's `insert` accepts: rows fit for their table, and geometries of the
layer's declared type."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

from .errors import StoreError
from .schema import TABLES_BY_NAME, Table


def checked_rows(table_name: str, rows, geometries) -> Table:
    """The table rows are inserted into, once they are fit to be: every column known,
    the same columns in every row, and one geometry a row for a layer (none otherwise)."""
    table = TABLES_BY_NAME.get(table_name)
    if table is None:
        raise StoreError(f"the store has no table {table_name!r}")
    if not rows:
        return table
    keys = rows[0].keys()
    known = {column.name for column in table.columns} | {"fid"}
    unknown = [name for name in keys if name not in known]
    if unknown:
        raise StoreError(f"{table_name} has no column(s) {', '.join(unknown)}")
    if table.is_layer != (geometries is not None):
        raise StoreError(f"{table_name} {'needs' if table.is_layer else 'takes no'} geometries")
    for number, row in enumerate(rows, start=1):
        if row.keys() != keys:
            raise StoreError(
                f"{table_name}: row {number} has the columns {sorted(row)}, row 1 has "
                f"{sorted(keys)}: give every row the same columns"
            )
    if table.is_layer and len(geometries) != len(rows):
        raise StoreError(f"{table_name}: {len(rows)} rows but {len(geometries)} geometries")
    return table


_TYPE_IDS = {"POINT": 0, "MULTIPOLYGON": 6}


def conform(table: Table, geometries: Sequence) -> np.ndarray:
    """Geometries of the layer's declared type: polygons become one-part multipolygons;
    anything else of the wrong type is refused with its position."""
    geometries = np.array(geometries, dtype=object)
    kinds = shapely.get_type_id(geometries)
    promote = (kinds == 3) if table.geometry_type == "MULTIPOLYGON" else np.zeros(len(kinds), bool)
    wrong = np.flatnonzero((kinds != _TYPE_IDS[table.geometry_type]) & (kinds != -1) & ~promote)
    if len(wrong):
        index = int(wrong[0])
        raise StoreError(
            f"{table.name}: row {index + 1} has a {geometries[index].geom_type} geometry where "
            f"a {table.geometry_type.title()} is expected"
        )
    if promote.any():
        count = int(promote.sum())
        geometries[promote] = shapely.multipolygons(geometries[promote], indices=np.arange(count))
    return geometries
