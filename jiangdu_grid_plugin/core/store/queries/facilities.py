"""The facility inventory: for geocoding (core/geocoding.py), its output joined with
the facilities, and the locator's search."""

from __future__ import annotations

from .base import StoreBase

# How many values export_geocoded joins to each placed row (after its input's values):
# core.geocoding.PLACED_COLUMNS names them.
JOINED_VALUES = 18


class FacilityQueries(StoreBase):
    """What geocoding and the facility search read."""

    def facility_inventory(self) -> tuple[list[str], list[int], dict[str, str]]:
        """Every facility's code and fid, and the retirement date of those retired."""
        records = self._bulk_rows("SELECT code, fid FROM facilities ORDER BY fid")
        retired = dict(
            self._rows(
                "SELECT code, coalesce(CAST(retired_on AS TEXT), '') FROM facilities "
                "WHERE NOT in_use"
            )
        )
        return [r[0] for r in records], [r[1] for r in records], retired

    def facility_class_codes(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT code FROM facility_classes")}

    def export_geocoded(
        self,
        output,
        layer: str,
        columns: list[tuple[str, str]],
        placed: list[tuple],
        grid_people: dict[str, tuple],
    ) -> int:
        """Write placed input rows, joined with their facilities, as a point layer of
        `output` (an OutputGeoPackage) with `columns`: the input's, then the
        JOINED_VALUES values core.geocoding.PLACED_COLUMNS names. `placed` holds (input
        row number, facility fid, note, *input values); `grid_people` maps a grid code to
        (officer ids, names, masked phones). The GeoPackage backend does the same join
        inside SQLite."""
        facilities = {
            record[0]: record[1:]
            for record in self._bulk_rows(
                "SELECT f.fid, f.code, f.class_code, k.major_name, k.name, f.name, f.state, "
                "f.in_use, f.grid_code, g.name, g.community_code, m.name, g.town_code, t.name, "
                f"{self.dialect.geometry_select('f.geom')} FROM facilities f "
                "LEFT JOIN facility_classes k ON k.code = f.class_code "
                "LEFT JOIN grids g ON g.code = f.grid_code "
                "LEFT JOIN communities m ON m.code = g.community_code "
                "LEFT JOIN towns t ON t.code = g.town_code"
            )
        }
        wanted = [facilities[fid] for _, fid, *_ in placed]
        blobs = output.geometry_values(self.dialect.geometries([f[-1] for f in wanted]))
        rows = [
            (
                blob,
                *values,
                number,
                *facility[:6],
                int(facility[6]),
                *facility[7:13],
                *grid_people.get(facility[7], (None, None, None)),
                note,
            )
            for blob, facility, (number, _, note, *values) in zip(blobs, wanted, placed)
        ]
        output.add_table(layer, columns, "POINT")
        output.insert(layer, rows)
        return len(rows)

    def search_facilities(self, text: str, limit: int = 30) -> list[dict]:
        """Facilities whose code or name contains `text`, by code, at most `limit`; the
        text is always a bound parameter."""
        text = text.strip()
        if not text:
            return []
        source, where, parameters = self.dialect.facility_match(text)
        geometry = self.dialect.geometry_select("f.geom")
        records, x, y = self._points(
            "SELECT f.fid, f.code, f.name, f.state, f.grid_code, f.in_use, "
            f"{geometry} FROM {source} WHERE {where} ORDER BY f.code LIMIT ?",
            (*parameters, limit),
        )
        return [
            dict(
                fid=fid,
                code=code,
                name=name,
                state=state,
                grid_code=grid,
                in_use=bool(in_use),
                x=float(px),
                y=float(py),
            )
            for (fid, code, name, state, grid, in_use, _), px, py in zip(records, x, y)
        ]

    def facility_points(self, fids: list[int]) -> dict[int, tuple[float, float]]:
        found = {}
        for start in range(0, len(fids), 500):
            chunk = fids[start : start + 500]
            records, x, y = self._points(
                f"SELECT fid, {self.dialect.geometry_select()} FROM facilities "
                f"WHERE fid IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.update({r[0]: (float(px), float(py)) for r, px, py in zip(records, x, y)})
        return found
