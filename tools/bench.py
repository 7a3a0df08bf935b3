"""Benchmarks: each measures our way and a named competitor in the same run, on the same
data, and prints the ratio. Figures vary between runs on shared machines; the ratios are
what to compare.

    python -m tools.bench data/jiangdu_demo.gpkg            # all benchmarks
    python -m tools.bench data/jiangdu_demo.gpkg --only store_write
    python -m tools.bench data/jiangdu_demo.gpkg --only scale    # tools/bench_scale.py
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools import bench_scale


@dataclass
class Result:
    task: str
    items: int
    unit: str
    ours: float  # seconds
    competitor: str
    theirs: float  # seconds
    note: str = ""

    def line(self) -> str:
        ours_rate = self.items / self.ours
        their_rate = self.items / self.theirs
        return (
            f"{self.task:<44} ours {ours_rate:>12,.0f} {self.unit}/s   "
            f"{self.competitor:<40} {their_rate:>12,.0f} {self.unit}/s   "
            f"ratio {self.theirs / self.ours:>7.2f}x  {self.note}"
        )


def timed(function: Callable, repeat: int = 1):
    """(best seconds, last result) of `repeat` calls."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


BENCHMARKS: dict[str, Callable[[Path, Path], list[Result]]] = {}


def benchmark(function):
    BENCHMARKS[function.__name__] = function
    return function


@benchmark
def store_write(store_path: Path, scratch: Path) -> list[Result]:
    """Writing the 220,000 facility points: our store (constraints, foreign keys, R-tree)
    against pyogrio writing the same rows through Arrow into a plain GeoPackage."""
    import geopandas
    import pandas as pd
    import pyogrio
    import shapely

    from jiangdu_grid_plugin.core.new_store import seed_reference_data
    from jiangdu_grid_plugin.core.store import build_store, open_store

    with open_store(store_path) as store:
        rows = store.rows(
            "facilities",
            [
                "code",
                "class_code",
                "name",
                "state",
                "in_use",
                "coord_source",
                "surveyed_on",
                "retired_on",
            ],
            with_geometry=True,
        )
    geometries = [row.pop("geom") for row in rows]
    for row in rows:
        row.pop("fid")

    def ours():
        with build_store(scratch / "ours.gpkg", overwrite=True) as store, store.transaction():
            seed_reference_data(store)
            store.insert("facilities", rows, geometries)

    def theirs():
        frame = geopandas.GeoDataFrame(pd.DataFrame(rows), geometry=geometries, crs="EPSG:4549")
        pyogrio.write_dataframe(
            frame,
            scratch / "theirs.gpkg",
            layer="facilities",
            driver="GPKG",
            use_arrow=True,
            layer_options={"SPATIAL_INDEX": "YES"},
            dataset_options={"VERSION": "1.3"},
        )
        (scratch / "theirs.gpkg").unlink()

    ours_seconds, _ = timed(ours)
    theirs_seconds, _ = timed(theirs)
    assert shapely.get_type_id(geometries[0]) == 0
    return [
        Result(
            "write 220,000 facilities with spatial index",
            len(rows),
            "rows",
            ours_seconds,
            "pyogrio + Arrow (no constraints)",
            theirs_seconds,
        )
    ]


def _qgis():
    """A headless QGIS with Processing, started once."""
    global _QGIS_APP
    if _QGIS_APP is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from qgis.core import QgsApplication

        _QGIS_APP = QgsApplication([], False)
        _QGIS_APP.initQgis()
        sys.path.append("/usr/share/qgis/python/plugins")
        from processing.core.Processing import Processing

        Processing.initialize()
    return _QGIS_APP


_QGIS_APP = None
_PROVIDER = None


def _our_provider():
    """The plugin's Processing provider, registered once and kept referenced here (a
    provider only the registry holds lost its algorithms between benchmarks)."""
    global _PROVIDER
    from qgis.core import QgsApplication

    from jiangdu_grid_plugin.processing.provider import JiangduGridProvider

    registry = QgsApplication.processingRegistry()
    if _PROVIDER is None or registry.providerById("jiangdu_grid") is None:
        _PROVIDER = JiangduGridProvider()
        registry.addProvider(_PROVIDER)
    return _PROVIDER


def _district_points(polygons, count, rng):
    import numpy as np
    import shapely

    district = shapely.union_all(polygons)
    shapely.prepare(district)
    minx, miny, maxx, maxy = district.bounds
    xs, ys = [], []
    while sum(len(x) for x in xs) < count:
        x = rng.uniform(minx, maxx, count)
        y = rng.uniform(miny, maxy, count)
        inside = shapely.contains_xy(district, x, y)
        xs.append(x[inside])
        ys.append(y[inside])
    return np.concatenate(xs)[:count], np.concatenate(ys)[:count]


def near_boundaries(polygons, count, rng, spread=10.0, on_vertices=0.0):
    """Points within `spread` metres of the polygons' edges (a share `on_vertices` of
    them exactly on vertices): where a point-in-grid lookup is hardest. Also used by
    the routing tests."""
    import numpy as np
    import shapely

    starts, ends = [], []
    for polygon in polygons:
        for part in shapely.get_parts(polygon):
            xy = np.asarray(part.exterior.coords)
            starts.append(xy[:-1])
            ends.append(xy[1:])
    a, b = np.concatenate(starts), np.concatenate(ends)
    length = np.hypot(*(b - a).T)
    pick = rng.choice(len(a), count, p=length / length.sum())
    xy = a[pick] + (b[pick] - a[pick]) * rng.random(count)[:, None]
    angle = rng.uniform(0, 2 * np.pi, count)
    xy += np.column_stack([np.cos(angle), np.sin(angle)]) * rng.uniform(0, spread, count)[:, None]
    exact = int(count * on_vertices)
    xy[:exact] = a[pick[:exact]]
    return xy[:, 0], xy[:, 1]


@benchmark
def routing(store_path: Path, scratch: Path) -> list[Result]:
    """Locating 1,000,000 points in the 1,102 demo grids: our router against
    geopandas.sjoin(predicate="within") and QGIS's native:joinattributesbylocation, with
    every answer of ours checked against an exact GEOS oracle."""
    import geopandas
    import numpy as np

    from jiangdu_grid_plugin.core.routing import ExactLocator, Router
    from jiangdu_grid_plugin.core.store import open_store

    with open_store(store_path) as store:
        router = Router.from_store(store)
    build_seconds, _ = timed(router.fast_locator)
    print(
        f"  fast locator built in {build_seconds:.2f} s, "
        f"{router.fast_locator().memory_bytes / 2**20:.0f} MiB",
        flush=True,
    )
    grids = geopandas.GeoDataFrame(
        {"code": router.codes}, geometry=list(router.polygons), crs="EPSG:4549"
    )
    rng = np.random.default_rng(2019)
    n = 1_000_000
    random_xy = _district_points(router.polygons, n, rng)
    near = near_boundaries(router.polygons, int(n * 0.4), rng)
    rest = _district_points(router.polygons, n - len(near[0]), rng)
    boundary_xy = (np.concatenate([near[0], rest[0]]), np.concatenate([near[1], rest[1]]))
    oracle = ExactLocator(router.polygons)
    results = []
    for label, (x, y) in (
        ("random points", random_xy),
        ("40% within 10 m of a boundary", boundary_xy),
    ):
        ours_seconds, located = timed(lambda x=x, y=y: router.locate(x, y), 3)
        grid, rule = located[0], located[1]
        # Inside or on a boundary: the oracle's grid; outside: one of the tolerance rules.
        expected = oracle.locate(x, y).grid
        wrong = int(np.where(expected >= 0, grid != expected, rule < 2).sum())
        points = geopandas.GeoDataFrame(geometry=geopandas.points_from_xy(x, y), crs="EPSG:4549")
        theirs_seconds, _ = timed(
            lambda points=points: geopandas.sjoin(points, grids, predicate="within", how="left")
        )
        note = f"oracle disagreements {wrong}"
        results.append(
            Result(
                f"route 1,000,000 {label}",
                n,
                "points",
                ours_seconds,
                "geopandas.sjoin(within)",
                theirs_seconds,
                note,
            )
        )
        qgis_seconds = _qgis_join(x, y, store_path)
        results.append(
            Result(
                f"route 1,000,000 {label}",
                n,
                "points",
                ours_seconds,
                "QGIS native:joinattributesbylocation",
                qgis_seconds,
                note,
            )
        )
    return results


def _qgis_join(x, y, store_path) -> float:
    """Seconds QGIS's join by location takes for the points (the layer built untimed)."""
    _qgis()
    import processing
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    layer = QgsVectorLayer("Point?crs=EPSG:4549&field=n:integer", "points", "memory")
    features = []
    for i, (px, py) in enumerate(zip(x.tolist(), y.tolist())):
        feature = QgsFeature()
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(px, py)))
        feature.setAttributes([i])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    grids = QgsVectorLayer(f"{store_path}|layername=grids", "grids", "ogr")
    seconds, _ = timed(
        lambda: processing.run(
            "native:joinattributesbylocation",
            {
                "INPUT": layer,
                "JOIN": grids,
                "PREDICATE": [0],
                "JOIN_FIELDS": ["code"],
                "METHOD": 1,
                "DISCARD_NONMATCHING": False,
                "OUTPUT": "memory:",
            },
        )
    )
    return seconds


def _code_list(store_path: Path, path: Path) -> int:
    """A CSV of every inventory code, shuffled, 2% broken and 2% unknown; returns how
    many rows can be placed (well formed, known, in use)."""
    import csv
    import random
    import sqlite3

    with sqlite3.connect(store_path) as db:
        codes = [row[0] for row in db.execute("SELECT code FROM facilities WHERE in_use = 1")]
        retired = [row[0] for row in db.execute("SELECT code FROM facilities WHERE in_use = 0")]
    rows = codes + retired
    random.Random(2019).shuffle(rows)
    random_draw = random.Random(7)
    placeable = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "部件编码", "备注"])
        for number, code in enumerate(rows, start=1):
            draw = random_draw.random()
            if draw < 0.02:
                code = code[:-2] + "X" + code[-1]  # malformed
            elif draw < 0.04:
                code = code[:10] + "99" + code[12:]  # well formed, not in the inventory
            elif code not in retired:
                placeable += 1
            writer.writerow([number, code, f"清单第{number}行"])
    return placeable


@benchmark
def geocoding(store_path: Path, scratch: Path) -> list[Result]:
    """Placing a list of 220,000 facility codes (2% malformed, 2% unknown) from CSV:
    jiangdu_grid:geocode_facility_codes against native:joinattributestable of the
    inventory with the list, both through Processing, into a temporary output and into
    a GeoPackage."""
    _qgis()
    import processing
    from qgis.core import QgsVectorLayer

    from jiangdu_grid_plugin.core.geocoding import FacilityIndex, _indexes
    from jiangdu_grid_plugin.core.store import open_store

    _our_provider()
    listing = scratch / "codes.csv"
    placeable = _code_list(store_path, listing)
    with open(listing, encoding="utf-8") as handle:
        codes = [line.split(",")[1] for line in handle][1:]
    count = len(codes)
    with open_store(store_path, migrate=False) as store:
        index = FacilityIndex.of_store(store)
    lookup_seconds, _ = timed(lambda: index.lookup(codes), 3)
    results = [
        Result(
            "look up 220,000 codes (in memory)",
            count,
            "codes",
            lookup_seconds,
            "(target: over 1,000,000/s)",
            lookup_seconds,
        )
    ]
    inventory = QgsVectorLayer(f"{store_path}|layername=facilities", "inventory", "ogr")
    for label, ours_out, their_out in (
        ("into a temporary output", "TEMPORARY_OUTPUT", "memory:"),
        ("into a GeoPackage", str(scratch / "ours.gpkg"), str(scratch / "theirs.gpkg")),
    ):
        _indexes.clear()  # every run starts cold, as the first of a session

        def ours(destination=ours_out):
            return processing.run(
                "jiangdu_grid:geocode_facility_codes",
                {
                    "INPUT": str(listing),
                    "CODE_FIELD": "部件编码",
                    "GEOPACKAGE": str(store_path),
                    "OUTPUT": destination,
                    "ERRORS": "TEMPORARY_OUTPUT",
                },
            )

        def theirs(destination=their_out):
            table = QgsVectorLayer(
                f"file://{listing}?type=csv&detectTypes=no&geomType=none", "codes", "delimitedtext"
            )
            return processing.run(
                "native:joinattributestable",
                {
                    "INPUT": inventory,
                    "FIELD": "code",
                    "INPUT_2": table,
                    "FIELD_2": "部件编码",
                    "METHOD": 1,
                    "DISCARD_NONMATCHING": True,
                    "OUTPUT": destination,
                },
            )

        ours_seconds, ours_result = timed(ours)
        theirs_seconds, theirs_result = timed(theirs)
        placed = QgsVectorLayer(ours_result["OUTPUT"], "placed", "ogr").featureCount()
        joined = theirs_result["OUTPUT"]
        joined = (
            joined if isinstance(joined, QgsVectorLayer) else QgsVectorLayer(joined, "j", "ogr")
        )
        note = (
            f"placed {placed:,} of {placeable:,} placeable; QGIS joined "
            f"{joined.featureCount():,} (retired included, nothing normalised)"
        )
        results.append(
            Result(
                f"geocode 220,000 codes {label}",
                count,
                "rows",
                ours_seconds,
                "QGIS native:joinattributestable",
                theirs_seconds,
                note,
            )
        )
    return results


@benchmark
def facility_search(store_path: Path, scratch: Path) -> list[Result]:
    """Facility search (the locator bar): time per query on the 220,000-facility store,
    against a LIKE scan of code and name (target: under 100 ms a query)."""
    import sqlite3

    from jiangdu_grid_plugin.core.store import open_store

    queries = ["0101000", "3210120113009676", "上水井盖", "路灯", "0302", "9999999"]
    with open_store(store_path) as store:
        ours_seconds, _ = timed(lambda: [store.search_facilities(q) for q in queries], 3)
    with sqlite3.connect(store_path) as db:
        theirs_seconds, _ = timed(
            lambda: [
                db.execute(
                    "SELECT code, name FROM facilities WHERE code LIKE ? OR name LIKE ? "
                    "ORDER BY code LIMIT 30",
                    (f"%{q}%", f"%{q}%"),
                ).fetchall()
                for q in queries
            ],
            3,
        )
    worst = ours_seconds / len(queries) * 1000
    return [
        Result(
            "search facilities by part of a code or name",
            len(queries),
            "queries",
            ours_seconds,
            "SQLite LIKE scan",
            theirs_seconds,
            f"{worst:.1f} ms a query on average",
        )
    ]


@benchmark
def grid_check(store_path: Path, scratch: Path) -> list[Result]:
    """Grid check: every rule on the demo's grids, against QGIS's GEOS validity check and
    an intersection of the grids with themselves (overlaps only: no gaps, codes or
    communities)."""
    from jiangdu_grid_plugin.core.grid_checks import GridRecord, check_grids
    from jiangdu_grid_plugin.core.store import open_store

    def ours():
        with open_store(store_path, migrate=False) as store:
            records = [
                GridRecord(
                    r["fid"], r["code"], r["community_code"], r["town_code"], r["status"], r["geom"]
                )
                for r in store.grid_records()
            ]
            problems = check_grids(
                records,
                store.community_geometries(),
                store.district_geometry(),
                store.retired_grid_codes(),
                store.grid_tolerance(),
            )
        return len(records), problems

    ours_seconds, (count, problems) = timed(ours, 3)
    _qgis()
    import processing
    from qgis.core import QgsVectorLayer

    grids = QgsVectorLayer(f"{store_path}|layername=grids", "grids", "ogr")

    def theirs():
        processing.run(
            "qgis:checkvalidity",
            {
                "INPUT_LAYER": grids,
                "METHOD": 2,  # GEOS
                "VALID_OUTPUT": "memory:",
                "INVALID_OUTPUT": "memory:",
                "ERROR_OUTPUT": "memory:",
            },
        )
        return processing.run(
            "native:intersection",
            {"INPUT": grids, "OVERLAY": grids, "OUTPUT": "memory:"},
        )

    theirs_seconds, _ = timed(theirs, 3)
    return [
        Result(
            "check the demo grids (all rules)",
            count,
            "grids",
            ours_seconds,
            "QGIS validity + self-intersection",
            theirs_seconds,
            f"{ours_seconds:.2f} s for {count} grids, {len(problems)} problems",
        )
    ]


def _session(location, schema, number, fid, moves_each, start, made) -> None:
    """One editor's process: its own connection, moving its incident `moves_each` times
    (closed, sent back, ...) once every session is ready."""
    from datetime import datetime, timezone

    from jiangdu_grid_plugin.core.store import open_store
    from jiangdu_grid_plugin.core.workflow import Actor, move

    at = datetime(2019, 11, 25, 4, tzinfo=timezone.utc)
    closer, checker = (Actor("command_centre", f"{who}{number}") for who in "AB")
    count = 0
    with open_store(location, schema=schema) as store:
        start.wait()
        for _ in range(moves_each):
            incident = store.incident(fid)
            if incident["step"] == "handled":
                move(store, fid, "closed", closer, incident["row_version"], at=at)
            else:
                move(store, fid, "handled", checker, incident["row_version"], at=at)
            count += 1
    made.put(count)


def _moves_per_second(location, schema, fids, moves_each: int) -> tuple[float, int]:
    """Sessions as separate processes, as the district's editors are: (seconds from the
    common start until the last finishes, moves made)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    start, made = context.Barrier(len(fids) + 1), context.Queue()
    processes = [
        context.Process(
            target=_session, args=(location, schema, number, fid, moves_each, start, made)
        )
        for number, fid in enumerate(fids)
    ]
    for process in processes:
        process.start()
    start.wait(timeout=120)
    began = time.perf_counter()
    counts = [made.get(timeout=600) for _ in processes]
    seconds = time.perf_counter() - began
    for process in processes:
        process.join()
    return seconds, sum(counts)


def _edge_moves(location, schema, rounds: int) -> float:
    """Seconds for `rounds` checked saves that move the edge between the demo's first
    grid and a neighbour by 20 m and back (two grid writes each, through the guard, with
    their history and the reassignment of facilities and open incidents)."""
    import shapely

    from jiangdu_grid_plugin.core.grid_checks import GridRecord, GridSave
    from jiangdu_grid_plugin.core.store import open_store

    with open_store(location, schema=schema) as store:
        grids = [g for g in store.grid_records() if g["status"] == "active"]
        a = min(grids, key=lambda g: g["code"])
        b = next(
            g
            for g in grids
            if g is not a
            and g["geom"].intersects(a["geom"])
            and g["geom"].intersection(a["geom"]).length > 50
        )
        strip = shapely.intersection(a["geom"].buffer(20), b["geom"])
        shapes = [
            (shapely.union(a["geom"], strip), shapely.difference(b["geom"], strip)),
            (a["geom"], b["geom"]),
        ]
        start = time.perf_counter()
        for number in range(rounds):
            new_a, new_b = shapes[number % 2]
            save = GridSave(
                tuple(
                    GridRecord(
                        g["fid"], g["code"], g["community_code"], g["town_code"], "active", shape
                    )
                    for g, shape in ((a, new_a), (b, new_b))
                )
            )
            store.allow_grid_changes(save, "bench", "edge moved")
            if number % 2:
                store.update_grid(b["fid"], new_b)
                store.update_grid(a["fid"], new_a)
            else:
                store.update_grid(a["fid"], new_a)
                store.update_grid(b["fid"], new_b)
            store.clear_grid_guard()
        return time.perf_counter() - start


@benchmark
def postgis(store_path: Path, scratch: Path) -> list[Result]:
    """The PostGIS store against the GeoPackage: many sessions moving incidents at once
    (eight processes, each its own connection and incident; SQLite has one writer at a
    time), and checked grid saves through each one's guard (a server on loopback)."""
    import shutil

    from jiangdu_grid_plugin.core.store import StoreLocation, open_store
    from jiangdu_grid_plugin.core.store.postgres import copy_to_postgis
    from tools import postgres_server

    sessions, moves_each = 8, 150
    copy = scratch / "moves.gpkg"
    shutil.copy(store_path, copy)
    with open_store(copy) as store:
        fids = [
            row["fid"] for row in store.rows("incidents", ["step"]) if row["step"] == "handled"
        ][:sessions]
    server = postgres_server.start()
    try:
        with open_store(copy) as store:
            copy_to_postgis(store, StoreLocation.postgis(server.conninfo(), "jiangdu"))
        theirs, their_moves = _moves_per_second(str(copy), None, fids, moves_each)
        ours, our_moves = _moves_per_second(server.conninfo(), "jiangdu", fids, moves_each)
        rounds = 10
        their_saves = _edge_moves(copy, None, rounds)
        our_saves = _edge_moves(server.conninfo(), "jiangdu", rounds)
    finally:
        server.stop()
    assert our_moves == their_moves == sessions * moves_each
    return [
        Result(
            f"moves by {sessions} sessions at once",
            our_moves,
            "moves",
            ours,
            "the same on a GeoPackage",
            theirs,
            "PostgreSQL with fsync off, on loopback",
        ),
        Result(
            "checked saves moving a shared grid edge",
            rounds,
            "saves",
            our_saves,
            "the same on a GeoPackage",
            their_saves,
            f"{our_saves / rounds * 1000:.0f} ms a save of two grids on PostGIS",
        ),
    ]


def _density_store(demo: Path, path: Path, count: int, town: str | None, rng) -> None:
    """A store with the demo's towns and `count` incidents placed like people live (in
    one town, or over the district)."""
    import numpy as np
    import shapely

    from jiangdu_grid_plugin.core.new_store import seed_reference_data
    from jiangdu_grid_plugin.core.store import build_store, open_store

    with open_store(demo) as store:
        towns = store.rows("towns", with_geometry=True)
        x, y = store.density_points("incidents")
    chosen = [t for t in towns if town in (None, t["name"])]
    area = shapely.union_all([t["geom"] for t in chosen])
    inside = shapely.contains_xy(area, x, y)
    # Demo incidents, jittered by up to 300 m, stand for many more.
    pick = rng.choice(np.flatnonzero(inside), size=count)
    px = x[pick] + rng.normal(0, 150, count)
    py = y[pick] + rng.normal(0, 150, count)
    keep = shapely.contains_xy(area, px, py)
    px, py = px[keep], py[keep]
    with build_store(path, overwrite=True) as store, store.transaction():
        seed_reference_data(store)
        store.insert(
            "towns",
            [{k: v for k, v in t.items() if k not in ("fid", "geom")} for t in towns],
            [t["geom"] for t in towns],
        )
        moment = "2019-06-01T00:00:00.000Z"
        store.insert(
            "incidents",
            [
                dict(
                    ticket=f"B{i}",
                    source="patrol",
                    step="closed",
                    reported_at=moment,
                    updated_at=moment,
                    row_version=1,
                )
                for i in range(len(px))
            ],
            shapely.points(px, py),
        )


def _raster_peak(path: Path) -> float:
    from osgeo import gdal

    dataset = gdal.Open(str(path))  # held: a band outlives no dataset
    return dataset.GetRasterBand(1).ComputeRasterMinMax(False)[1]


@benchmark
def density(store_path: Path, scratch: Path) -> list[Result]:
    """Kernel density rasters through Processing: jiangdu_grid:density_by_town against
    qgis:heatmapkerneldensityestimation (quartic kernel, raw values, radius 500 m) on the
    same points: 100,000 over the district at 40 m, 1,000,000 in one town at 10 m."""
    import numpy as np

    _qgis()
    import processing
    from qgis.core import QgsVectorLayer

    _our_provider()
    results = []
    rng = np.random.default_rng(8)
    # Best of three for both at 100,000 points; QGIS runs once at 1,000,000 (over two
    # minutes a run), after ours has run three times.
    for count, town, pixel, label, their_repeat in (
        (100_000, None, 40.0, "100,000 points, district, 40 m", 3),
        (1_000_000, "仙女镇", 10.0, "1,000,000 points, one town, 10 m", 1),
    ):
        bench_store = scratch / f"density_{count}.gpkg"
        _density_store(store_path, bench_store, count, town, rng)
        layer = QgsVectorLayer(f"{bench_store}|layername=incidents", "points", "ogr")
        points = layer.featureCount()

        def ours(bench_store=bench_store, town=town, pixel=pixel):
            return processing.run(
                "jiangdu_grid:density_by_town",
                {
                    "GEOPACKAGE": str(bench_store),
                    "LAYER": 0,
                    "TOWN": town or "",
                    "RADIUS": 500.0,
                    "PIXEL_SIZE": pixel,
                    "DENSITY": str(scratch / "ours.tif"),
                    "TOWNS": "TEMPORARY_OUTPUT",
                    "GRIDS": "TEMPORARY_OUTPUT",
                },
            )

        def theirs(layer=layer, pixel=pixel):
            return processing.run(
                "qgis:heatmapkerneldensityestimation",
                {
                    "INPUT": layer,
                    "RADIUS": 500.0,
                    "PIXEL_SIZE": pixel,
                    "KERNEL": 0,
                    "OUTPUT_VALUE": 0,
                    "OUTPUT": str(scratch / "theirs.tif"),
                },
            )

        ours_seconds, _ = timed(ours, 3)
        theirs_seconds, _ = timed(theirs, their_repeat)
        peak_ours, peak_theirs = (
            _raster_peak(scratch / name) for name in ("ours.tif", "theirs.tif")
        )
        results.append(
            Result(
                f"density raster, {label}",
                points,
                "points",
                ours_seconds,
                "qgis:heatmapkerneldensityestimation",
                theirs_seconds,
                f"peak {peak_ours:.1f} vs {peak_theirs:.1f}",
            )
        )
    return results


def _import_hotline(store, rows: list[list[str]]):
    """The hotline import as import_hotline runs it (its router and facility index
    built from the store, GCJ-02 points): its result."""
    from jiangdu_grid_plugin.core import hotline
    from jiangdu_grid_plugin.core.demo.hotline_sample import COLUMNS, MAPPING
    from jiangdu_grid_plugin.core.geocoding import FacilityIndex
    from jiangdu_grid_plugin.core.routing import Router

    run = hotline.HotlineImport(
        store, Router.from_store(store), FacilityIndex.from_store(store), coordinate_system="gcj02"
    )
    return run.run(list(COLUMNS), rows, MAPPING)


def _hotline_rows(store, count: int, rng) -> list[list[str]]:
    """A year of hotline calls the way hotline_sample writes a few: GCJ-02 points near
    the demo's grids, an address naming the grid's community, and a fifth of the calls a
    caller ringing again the same day from the same spot."""
    from datetime import datetime, timedelta

    import shapely
    from pyproj import Transformer

    from jiangdu_grid_plugin.core import coords
    from jiangdu_grid_plugin.core.demo.hotline_sample import SUBJECTS
    from jiangdu_grid_plugin.core.demo.names import person_names, phone_numbers
    from jiangdu_grid_plugin.core.timestamps import CHINA_TZ

    grids = store.active_grids()
    places = {p["code"]: p for p in store.community_places()}
    items = sorted(store.catalog_items())
    pick = rng.integers(len(grids), size=count)
    centres = shapely.point_on_surface([g["geom"] for g in grids])
    x = shapely.get_x(centres)[pick] + rng.normal(0, 60, count)
    y = shapely.get_y(centres)[pick] + rng.normal(0, 60, count)
    lon, lat = coords.wgs84_to_gcj02(
        *Transformer.from_crs(4549, 4490, always_xy=True).transform(x, y)
    )
    names, phones = person_names(rng, count), phone_numbers(rng, count)
    start = datetime(2019, 1, 1, tzinfo=CHINA_TZ)
    minutes = sorted(rng.integers(0, 365 * 24 * 60, size=count).tolist())
    rows = []
    for i in range(count):
        place = places[grids[pick[i]]["community_code"]]
        rows.append(
            [
                f"BENCH-{i + 1:07d}",
                (start + timedelta(minutes=minutes[i])).strftime("%Y/%m/%d %H:%M"),
                phones[i],
                names[i],
                f"江都区{place['town_name']}{place['name']}文昌路{i % 300 + 1}号",
                f"{lon[i]:.6f}",
                f"{lat[i]:.6f}",
                f"{SUBJECTS[i % len(SUBJECTS)]}，请尽快处理",
                "",
                items[i % len(items)],
            ]
        )
    for again in rng.choice(count - 1, size=count // 5, replace=False).tolist():
        rows[again + 1][1:4] = rows[again][1:4]
        rows[again + 1][5:7] = rows[again][5:7]
    return rows


@benchmark
def hotline_import(store_path: Path, scratch: Path) -> list[Result]:
    """Importing 8,000, 32,000 and 200,000 generated hotline rows (near-linear: rows/s
    stays flat) into a copy of the demo store (placing, routing, linking repeated calls,
    writing), against the same import with the plain nested loop for the repeated calls:
    that loop is measured at 8,000 rows and extrapolated as n² above."""
    import shutil

    import numpy as np

    from jiangdu_grid_plugin.core import hotline
    from jiangdu_grid_plugin.core.hotline import importer
    from jiangdu_grid_plugin.core.store import open_store

    measured = 8_000  # the largest size the nested loop is run at
    results, nested_at_measured = [], None
    # Timed inside the import through a wrapper where the importer looks it up.
    original = importer.link_repeats
    for count in (8_000, 32_000, 200_000):
        copy = scratch / "hotline.gpkg"
        shutil.copy(store_path, copy)
        linking = []

        def timed_links(batch, stored, linking=linking):
            started = time.perf_counter()
            links = original(batch, stored)
            linking.append((time.perf_counter() - started, batch, stored))
            return links

        with open_store(copy) as store:
            rows = _hotline_rows(store, count, np.random.default_rng(count))
            importer.link_repeats = timed_links
            try:
                started = time.perf_counter()
                result = _import_hotline(store, rows)
                ours = time.perf_counter() - started
            finally:
                importer.link_repeats = original
        copy.unlink()
        ((link_seconds, batch, stored),) = linking
        if count <= measured:
            nested, links = timed(
                lambda batch=batch, stored=stored: hotline.link_repeats_nested(batch, stored)
            )
            assert links == original(batch, stored)
            nested_at_measured = nested
            how = "nested loop, measured"
        else:
            nested = nested_at_measured * (count / measured) ** 2
            how = f"nested loop, extrapolated n² from {measured:,}"
        assert len(result.imported) == count, result.counts
        results.append(
            Result(
                f"import {count:,} hotline rows",
                count,
                "rows",
                ours,
                how,
                ours - link_seconds + nested,
                f"{ours:.1f} s, {ours / count * 1e6:.0f} us a row (linking {link_seconds:.2f} s, "
                f"{result.counts['possible_duplicate']:,} linked)",
            )
        )
    return results


def _fill_field_package(package: Path, count: int, rng) -> None:
    """`count` reports in the package's grids, each with one photo file in DCIM (a
    640 x 480 JPEG of noise, about as large as a phone's reduced photo), written as
    plain GeoPackage rows as QField writes them."""
    import uuid
    from io import BytesIO

    import numpy as np
    import shapely
    from PIL import Image

    from jiangdu_grid_plugin.core.store.sqlite import geometry_blob
    from jiangdu_grid_plugin.core.store.sqlite.connection import connect

    connection = connect(package)
    grids = [
        geometry_blob.decode([blob])[0] for (blob,) in connection.execute("SELECT geom FROM grids")
    ]
    items = [code for (code,) in connection.execute("SELECT code FROM event_catalog")]
    area = shapely.union_all(grids)
    minx, miny, maxx, maxy = area.bounds
    points = []
    while len(points) < count:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if area.contains(shapely.Point(x, y)):
            points.append(shapely.Point(x, y))
    (package.parent / "DCIM").mkdir(exist_ok=True)
    reports, photos = [], []
    for number, point in enumerate(points, start=1):
        report = str(uuid.uuid4())
        item = items[int(rng.integers(len(items)))]
        reports.append(
            (
                geometry_blob.encode([point], 4549)[0],
                report,
                item[:2],
                item,
                f"巡查发现第{number}处问题",
            )
        )
        noise = rng.integers(0, 255, size=(480, 640, 3), dtype=np.uint8)
        buffer = BytesIO()
        Image.fromarray(noise).save(buffer, "JPEG", quality=30)
        name = f"IMG_{number:05d}.jpg"
        (package.parent / "DCIM" / name).write_bytes(buffer.getvalue())
        photos.append((report, "report", f"DCIM/{name}"))
    with connection:
        connection.executemany(
            "INSERT INTO incidents (geom, report_uuid, category_code, catalog_code, "
            "description) VALUES (?, ?, ?, ?, ?)",
            reports,
        )
        connection.executemany(
            "INSERT INTO incident_attachments (report_uuid, kind, path) VALUES (?, ?, ?)",
            photos,
        )
    connection.close()


@benchmark
def field_import(store_path: Path, scratch: Path) -> list[Result]:
    """Importing a field package of 1,000 reports with 1,000 photos (checks, photos read
    and checked, routing, numbering and duplicates by the store's triggers, one
    transaction) into a copy of the demo store, against ogr2ogr appending the same 1,000
    report rows to the store's incidents layer (the same triggers, no photos, no checks,
    no idempotence); then the same package again (everything imported before)."""
    import shutil
    import subprocess

    import numpy as np

    from jiangdu_grid_plugin.core.intake.field_import import import_field_reports
    from jiangdu_grid_plugin.core.intake.field_package import make_field_package
    from jiangdu_grid_plugin.core.store import open_store

    count = 1_000
    copy, theirs = scratch / "field_store.gpkg", scratch / "field_theirs.gpkg"
    shutil.copy(store_path, copy)
    with open_store(copy) as store:
        (officer,) = store._rows(
            "SELECT a.officer_id FROM assignments a WHERE a.role = 'grid_officer' AND "
            "a.valid_to IS NULL ORDER BY (SELECT count(*) FROM incidents i WHERE "
            "i.grid_code = a.scope_code AND i.step = 'dispatched') DESC, a.officer_id LIMIT 1"
        )[0]
        package = make_field_package(store, officer, scratch / "field").gpkg
    _fill_field_package(package, count, np.random.default_rng(count))
    shutil.copy(copy, theirs)
    with open_store(copy) as store:
        ours, result = timed(lambda: import_field_reports(store, package))
        again, repeated = timed(lambda: import_field_reports(store, package))
    assert result.counts["imported"] == count, result.counts
    assert repeated.counts["already"] == count, repeated.counts
    duplicates = sum(1 for row in result.rows if row.duplicate_of)

    def append():
        done = subprocess.run(
            [
                "ogr2ogr",
                "-append",
                "-nln",
                "incidents",
                "-sql",
                "SELECT geom, category_code, catalog_code, description FROM incidents "
                "WHERE store_fid IS NULL",
                str(theirs),
                str(package),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "OGR_SQLITE_JOURNAL": "WAL"},
        )
        assert done.returncode == 0, done.stderr

    theirs_seconds, _ = timed(append)
    photos = sum(f.stat().st_size for f in (package.parent / "DCIM").iterdir())
    return [
        Result(
            f"import {count:,} field reports with {count:,} photos",
            count,
            "reports",
            ours,
            "ogr2ogr -append, reports only",
            theirs_seconds,
            f"{ours:.1f} s, {photos / 2**20:.0f} MB of photos, {duplicates} possible "
            f"duplicates; again: {again:.2f} s, nothing added",
        )
    ]


BENCHMARKS["scale"] = bench_scale.scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("store", type=Path, help="the demo store (make demo builds it)")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    parser.add_argument(
        "--scale-stores",
        nargs=2,
        type=Path,
        metavar=("ONE_YEAR", "TEN_YEARS"),
        default=bench_scale.STORES,
        help="the scale group's stores (make scale-stores builds them in build/scale)",
    )
    args = parser.parse_args(argv)
    bench_scale.STORES = tuple(args.scale_stores)
    if not args.store.is_file():
        print(f"error: {args.store} does not exist; run make demo first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="jiangdu-bench-") as scratch:
        for name in args.only or BENCHMARKS:
            print(f"[{name}] {BENCHMARKS[name].__doc__.splitlines()[0]}", flush=True)
            for result in BENCHMARKS[name](args.store, Path(scratch)):
                print("  " + result.line(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
