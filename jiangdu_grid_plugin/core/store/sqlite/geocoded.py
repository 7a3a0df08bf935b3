"""Geocoding's output from a GeoPackage store: the placed rows joined with their
facilities, grids, communities, towns and classes inside SQLite, the store attached to
the output file (several times faster than reading the facilities into Python, which
is what the PostGIS store does: queries/facilities.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..dialect import quote
from ..queries import JOINED_VALUES

if TYPE_CHECKING:
    from ...outputs import OutputGeoPackage


def export_geocoded(
    path: Path,
    output: OutputGeoPackage,
    layer: str,
    columns: list[tuple[str, str]],
    placed: list[tuple],
    grid_people: dict[str, tuple],
) -> int:
    """Write placed input rows, joined with their facilities, as a point layer with
    `columns` (the input's, then the JOINED_VALUES joined: core.geocoding.PLACED_COLUMNS).

    `placed` holds (input row number, facility fid, note, *input values);
    `grid_people` maps a grid code to (officer ids, names, masked phones). The join
    runs inside SQLite, with the store at `path` attached to the output file.
    """
    input_count = len(columns) - JOINED_VALUES
    output.add_table(layer, columns, geometry_type="POINT")
    c = output.connection
    c.execute("ATTACH DATABASE ? AS store", (str(path),))
    # The join reads facilities in input order, all over the file: map it.
    c.execute("PRAGMA store.mmap_size = 1073741824")
    try:
        with output.transaction():
            inputs = "".join(f", c{i}" for i in range(input_count))
            c.execute(
                "CREATE TEMP TABLE _geocode_input (input_row INTEGER PRIMARY KEY, fid INTEGER, "
                f"note TEXT{inputs})"
            )
            marks = ", ".join("?" * (input_count + 3))
            c.executemany(f"INSERT INTO temp._geocode_input VALUES ({marks})", placed)
            # Grids with their community, town and officers, and the classes, as small
            # temporary tables: SQLite joins these faster than the store's own.
            c.execute(
                "CREATE TEMP TABLE _geocode_grids (code TEXT PRIMARY KEY, name TEXT, "
                "community_code TEXT, community_name TEXT, town_code TEXT, town_name TEXT, "
                "officer_ids TEXT, officer_names TEXT, officer_phones TEXT)"
            )
            c.execute(
                "INSERT INTO temp._geocode_grids SELECT g.code, g.name, g.community_code, "
                "m.name, g.town_code, t.name, NULL, NULL, NULL FROM store.grids g "
                "LEFT JOIN store.communities m ON m.code = g.community_code "
                "LEFT JOIN store.towns t ON t.code = g.town_code"
            )
            c.executemany(
                "UPDATE temp._geocode_grids SET officer_ids = ?, officer_names = ?, "
                "officer_phones = ? WHERE code = ?",
                [(*people, code) for code, people in grid_people.items()],
            )
            c.execute(
                "CREATE TEMP TABLE _geocode_classes (code TEXT PRIMARY KEY, major TEXT, name TEXT)"
            )
            c.execute(
                "INSERT INTO temp._geocode_classes SELECT code, major_name, name "
                "FROM store.facility_classes"
            )
            names = ", ".join(quote(name) for name, _ in columns)
            c.execute(
                # fids run 1..n in input order (GDAL's fast feature count is the
                # highest fid when a layer has no gpkg_ogr_contents).
                f"INSERT INTO main.{quote(layer)} (geom, {names}) "
                f"SELECT f.geom{inputs.replace(', c', ', p.c')}, p.input_row, "
                "f.code, f.class_code, k.major, k.name, f.name, f.state, f.in_use, "
                "f.grid_code, g.name, g.community_code, g.community_name, g.town_code, "
                "g.town_name, g.officer_ids, g.officer_names, g.officer_phones, p.note "
                "FROM temp._geocode_input p JOIN store.facilities f ON f.fid = p.fid "
                "LEFT JOIN temp._geocode_classes k ON k.code = f.class_code "
                "LEFT JOIN temp._geocode_grids g ON g.code = f.grid_code "
                "ORDER BY p.input_row"
            )
            count = c.execute(f"SELECT count(*) FROM main.{quote(layer)}").fetchone()[0]
            # The store's facility extent holds every placed point.
            extent = c.execute(
                "SELECT min_x, min_y, max_x, max_y FROM store.gpkg_contents "
                "WHERE table_name = 'facilities'"
            ).fetchone()
            c.execute(
                "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? "
                "WHERE table_name = ?",
                (*extent, layer),
            )
            for table in ("_geocode_input", "_geocode_grids", "_geocode_classes"):
                c.execute(f"DROP TABLE temp.{table}")
    finally:
        c.execute("DETACH DATABASE store")
    return count
