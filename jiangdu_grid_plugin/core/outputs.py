"""A plain GeoPackage for Processing's outputs, written in bulk.

It is not a grid store: its tables have none of the store's constraints, triggers or
schema version, and nothing opens it as a store. It is here, in the core, because
algorithms that write hundreds of thousands of rows (placed facilities, imported
incidents) write them with SQLite in bulk instead of a QgsFeature per row, and because
the GeoPackage store's geocoding join writes straight into it; it uses the GeoPackage
file format's parts of store/sqlite (connection, metadata tables, reference systems).
processing/outputs.py chooses where it goes and translates it to other formats.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from .store.dialect import quote
from .store.errors import StoreError
from .store.schema import SRS_ID
from .store.sqlite import geometry_blob
from .store.sqlite.connection import connect, transaction
from .store.sqlite.ddl import create_metadata

# Every output table has these besides its columns (OutputGeoPackage.add_table).
KEY_COLUMNS = ("fid", "geom")


def output_columns(
    input_columns: Sequence[str], own: Sequence[tuple[str, str]], kind: str = "TEXT"
) -> list[tuple[str, str]]:
    """The columns of an output that carries an input's columns (as text, or `kind`) and
    then its own: an input column named like one of the output's own columns, fid or
    geom (SQLite compares names without case), or like an input column before it, comes
    out as input_<name> (input_<name>_2... if that is taken too); one without a name
    as column_<position>."""
    taken = {name.lower() for name in KEY_COLUMNS} | {name.lower() for name, _ in own}
    named = []
    for position, column in enumerate(input_columns, start=1):
        name = str(column).strip() if column is not None else ""
        name = name or f"column_{position}"
        if name.lower() in taken:
            base, number = f"input_{name}", 1
            name = base
            while name.lower() in taken:
                number += 1
                name = f"{base}_{number}"
        taken.add(name.lower())
        named.append((name, kind))
    return named + list(own)


class OutputGeoPackage:
    """A plain GeoPackage for algorithm outputs: tables without the store's constraints,
    written in bulk. Point layers get no R-tree (SQLite's costs seconds per hundred
    thousand points); QGIS reads them as they are and can add one from the layer's
    properties.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        new = not self.path.exists()
        self.connection = connect(self.path)
        # Written once and then read: a large cache, temporary tables in memory, and no
        # sync before close() (which syncs the file once).
        self.connection.execute("PRAGMA cache_size = -131072")
        self.connection.execute("PRAGMA temp_store = MEMORY")
        self.connection.execute("PRAGMA synchronous = OFF")
        if new:
            with self.transaction():
                create_metadata(self.connection)
        elif (
            self.connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'gpkg_contents'"
            ).fetchone()[0]
            == 0
        ):
            self.connection.close()
            raise StoreError(f"{self.path} exists and is not a GeoPackage")

    def transaction(self):
        return transaction(self.connection)

    def add_table(
        self, name: str, columns: list[tuple[str, str]], geometry_type: str | None = None
    ) -> None:
        """A new table (replacing one of the same name) with `fid` and, for a layer,
        `geom` in EPSG:4549."""
        c = self.connection
        with self.transaction():
            c.execute(f"DROP TABLE IF EXISTS {quote(name)}")
            for meta in ("gpkg_geometry_columns", "gpkg_ogr_contents", "gpkg_contents"):
                c.execute(f"DELETE FROM {meta} WHERE table_name = ?", (name,))
            lines = ['"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL']
            if geometry_type:
                lines.append(f'"geom" {geometry_type}')
            lines += [f"{quote(column)} {kind}" for column, kind in columns]
            c.execute(f"CREATE TABLE {quote(name)} ({', '.join(lines)})")
            c.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
                "VALUES (?, ?, ?, ?)",
                (
                    name,
                    "features" if geometry_type else "attributes",
                    name,
                    SRS_ID if geometry_type else None,
                ),
            )
            # An unknown count (NULL) makes GDAL count the rows.
            c.execute("INSERT INTO gpkg_ogr_contents VALUES (?, NULL)", (name,))
            if geometry_type:
                c.execute(
                    "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
                    (name, geometry_type, SRS_ID),
                )

    def geometry_values(self, geometries) -> list[bytes | None]:
        """Shapely geometries as the values of a layer's geom column (GeoPackage blobs)."""
        return geometry_blob.encode(geometries, SRS_ID)

    def insert(self, name: str, rows: Iterable[Sequence]) -> None:
        """Rows of values for the table's columns after fid (and geom, for a layer)."""
        c = self.connection
        count = len(c.execute(f"PRAGMA table_info({quote(name)})").fetchall()) - 1
        with self.transaction():
            c.executemany(
                f"INSERT INTO {quote(name)} VALUES (NULL, {', '.join('?' * count)})", rows
            )

    def close(self) -> None:
        if self.connection is None:
            return
        self.connection.close()
        self.connection = None
        with open(self.path, "rb+") as handle:
            os.fsync(handle.fileno())

    def __enter__(self) -> OutputGeoPackage:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def is_layer(self, name: str) -> bool:
        return (
            self.connection.execute(
                "SELECT count(*) FROM gpkg_geometry_columns WHERE table_name = ?", (name,)
            ).fetchone()[0]
            == 1
        )

    def neutralize_formulas(self, name: str) -> None:
        """Make text cells that a spreadsheet would run as formulas inert (prefix an
        apostrophe), before the table is converted to CSV or XLSX."""
        c = self.connection
        columns = [
            row[1]
            for row in c.execute(f"PRAGMA table_info({quote(name)})")
            if row[2].upper().startswith("TEXT")
        ]
        with self.transaction():
            for column in columns:
                q = quote(column)
                c.execute(
                    f"UPDATE {quote(name)} SET {q} = '''' || {q} WHERE substr({q}, 1, 1) "
                    "IN ('=', '+', '-', '@', char(9), char(13))"
                )
