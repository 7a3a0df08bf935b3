"""make bench's scale group: each task a user runs, on the demo district with one year
of history and with ten (the same seed and last day; `make scale-stores` builds both in
build/scale), printed as the ratio ten years / one year (linear in the incidents is
about 8: ten years hold 7.9 times one year's; the budget is 12), beside the absolute
times, the budget of what users wait for, and a named competitor where one exists
(QGIS's own algorithm, a plain SQL query, or the same on the GeoPackage for PostGIS).
A task that takes under FLAT_S on ten years is printed "flat": too short for its ratio
to mean anything.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

RATIO_BUDGET = 12.0
# Below this on ten years a task takes too little time for its ratio to say how it grows
# (a query's fixed costs and the machine's noise are most of it): printed, not judged.
FLAT_S = 0.1
STORES: tuple[Path, Path] = (
    Path("build/scale/one_year.gpkg"),
    Path("build/scale/ten_years.gpkg"),
)
# The dock's reads (gui/supervision.py's refresh): the figures by step without hours,
# how many incidents match, the first page of the list; then, in a task of their own, the
# evaluation indicators of those incidents. Period None: the whole record.
DOCK_FILTERS = (
    ("last 30 days", {}, 30, False),
    ("whole record", {}, None, False),
    ("whole record, one town", {"town_code": "321012100"}, None, False),
    ("whole record, one category", {"category_code": "01"}, None, False),
    ("whole record, hotline", {"source": "hotline_12345"}, None, False),
    ("whole record, overdue only", {}, None, True),
)
PAGE = 500


@dataclass
class Scaled:
    """One task on both stores (seconds), its budget on ten years, and a competitor."""

    task: str
    one: float
    ten: float
    budget: float | None = None
    competitor: str = ""
    their_one: float | None = None
    their_ten: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ten / self.one

    @property
    def ratio_ok(self) -> bool:
        return self.ten < FLAT_S or self.ratio <= RATIO_BUDGET

    @property
    def ok(self) -> bool:
        return self.ratio_ok and (self.budget is None or self.ten < self.budget)

    def line(self) -> str:
        budget = (
            f"< {self.budget:g} s {'ok' if self.ten < self.budget else 'OVER'}"
            if self.budget is not None
            else ""
        )
        verdict = "flat" if self.ten < FLAT_S else ("ok" if self.ratio_ok else "OVER")
        ratio = f"{self.ratio:5.1f} {verdict}"
        theirs = (
            f"{self.competitor:<36} {_seconds(self.their_one)} {_seconds(self.their_ten)}"
            if self.competitor
            else ""
        )
        return (
            f"{self.task:<52} {_seconds(self.one)} {_seconds(self.ten)}  {ratio:<8}  "
            f"{budget:<11}  {theirs}  {self.note}".rstrip()
        )


HEADER = (
    f"{'task':<52} {'1 year':>8} {'10 years':>8}  {'10y/1y':<8}  {'budget':<11}  "
    f"{'competitor':<36} {'1 year':>8} {'10 years':>8}"
)


def _seconds(value: float | None) -> str:
    return f"{'':>8}" if value is None else f"{value:>6.2f} s"


def best_of(function: Callable, repeat: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def scale(store_path: Path, scratch: Path) -> list[Scaled]:
    """Scale: every task on one year and on ten years of the demo district (ratio ten
    years / one year, budget 12; absolute budgets on ten years)."""
    from tools import bench

    one, ten = STORES
    missing = [str(path) for path in STORES if not path.is_file()]
    if missing:
        print(f"  {', '.join(missing)} missing: make scale-stores builds them", flush=True)
        return []
    for label, path in (("one year", one), ("ten years", ten)):
        print(f"  {label}: {path}, {_describe(path)}", flush=True)
    print("  " + HEADER, flush=True)
    results = []

    def add(found: list[Scaled]) -> None:
        for result in found:
            print("  " + result.line(), flush=True)
        results.extend(found)

    reads = _store_reads(one, ten)
    add(reads)
    bench._qgis()
    bench._our_provider()
    add(_algorithms(one, ten, scratch))
    add(_hotline(one, ten, scratch))
    add(_project(one, ten))
    add(_postgis(one, ten, reads))
    verdict = "every ratio and budget met" if all(r.ok for r in results) else "NOT ALL MET"
    print(f"  scale: {verdict}", flush=True)
    return []  # printed as they came


def _describe(path: Path) -> str:
    from jiangdu_grid_plugin.core.store import open_store

    with open_store(path) as store:
        incidents = store._rows("SELECT count(*) FROM incidents")[0][0]
        steps = store._rows("SELECT count(*) FROM incident_steps")[0][0]
        as_of = store.info().get("demo_as_of")
    size = path.stat().st_size / 2**20
    return f"{incidents:,} incidents, {steps:,} moves, {size:,.0f} MiB, clock stopped {as_of}"


def _as_of(store) -> datetime:
    from jiangdu_grid_plugin.core.timestamps import from_datetime_text

    return from_datetime_text(store.info()["demo_as_of"])


def _dock_bounds(store, days: int | None) -> tuple[str, str | None, str | None]:
    from jiangdu_grid_plugin.core.timestamps import to_datetime_text

    as_of = _as_of(store)
    if days is None:
        return to_datetime_text(as_of), None, None
    return (
        to_datetime_text(as_of),
        to_datetime_text(as_of - timedelta(days=days)),
        to_datetime_text(as_of),
    )


def _dock(store, filters: dict, days: int | None, overdue: bool):
    """The dock's refresh (gui/supervision.py): the figures by step, the count, the
    first page."""
    from jiangdu_grid_plugin.core.timestamps import from_datetime_text
    from jiangdu_grid_plugin.core.workflow_report import report

    as_of, start, end = _dock_bounds(store, days)
    report(
        store,
        "step",
        None if start is None else from_datetime_text(start),
        None if end is None else from_datetime_text(end),
        from_datetime_text(as_of),
        with_hours=False,
        filters=filters,
        with_indicators=False,
    )
    store.incident_count(as_of, start, end, filters, overdue)
    return store.incident_list(as_of, start, end, filters, overdue, limit=PAGE)


def _dock_indicators(store, filters: dict, days: int | None):
    """The dock's second read: the evaluation indicators of the listed incidents."""
    from jiangdu_grid_plugin.core.workflow_report import indicators

    _, start, end = _dock_bounds(store, days)
    counts = store.workflow_indicators("district", start, end, filters)
    return indicators(counts[0] if counts else None)


def _plain_dock(store, days: int | None):
    """A plain SQL query for the same: count by step, the newest page."""
    from jiangdu_grid_plugin.core.timestamps import to_datetime_text

    where, parameters = "1 = 1", ()
    if days is not None:
        where, parameters = "reported_at >= ?", (to_datetime_text(_as_of(store) - timedelta(days)),)
    store._rows(f"SELECT step, count(*) FROM incidents WHERE {where} GROUP BY step", parameters)
    return store._rows(
        f"SELECT fid, ticket, step, reported_at, geom FROM incidents WHERE {where} "
        f"ORDER BY reported_at DESC LIMIT {PAGE}",
        parameters,
    )


def _report(store, group: str, days: int | None):
    from jiangdu_grid_plugin.core.workflow_report import report

    as_of = _as_of(store)
    start = None if days is None else as_of - timedelta(days=days)
    return report(store, group, start, None if days is None else as_of, as_of)


def _plain_counts(store):
    """A plain SQL query: incidents and closed ones by town (no hours, no deadlines)."""
    return store._rows(
        "SELECT town_code, count(*), sum(CASE WHEN step IN ('closed', 'evaluated') THEN 1 "
        "ELSE 0 END) FROM incidents GROUP BY town_code"
    )


def _store_reads(one, ten, density: bool = False) -> list[Scaled]:
    """The dock's reads and the workflow figures on both stores (any backend's
    location: a path, or (conninfo, schema))."""
    from jiangdu_grid_plugin.core.store import open_store

    def opened(location):
        if isinstance(location, tuple):  # PostGIS: a connection and a schema
            return open_store(location[0], schema=location[1])
        return open_store(location)

    results = []
    with opened(one) as small, opened(ten) as large:

        def both(function, repeat=3):
            return best_of(lambda: function(small), repeat)[0], best_of(
                lambda: function(large), repeat
            )[0]

        for label, filters, days, overdue in DOCK_FILTERS:
            ours = both(lambda s, f=filters, d=days, o=overdue: _dock(s, f, d, o))
            theirs = (None, None)
            plain = ""
            if not filters and not overdue:
                theirs = both(lambda s, d=days: _plain_dock(s, d))
                plain = f"plain SQL: count by step, newest {PAGE}"
            results.append(Scaled(f"dock, {label}", *ours, 1.0, plain, *theirs))
            if not filters and not overdue:
                indicators = both(lambda s, d=days: _dock_indicators(s, {}, d))
                results.append(Scaled(f"dock's indicators, {label}", *indicators, 1.0))
        results.append(
            Scaled(
                "workflow report by town, last year",
                *both(lambda s: _report(s, "town", 365), 2),
                1.0,
            )
        )
        for group in ("town", "grid", "officer"):
            theirs, plain = (None, None), ""
            if group == "town":
                theirs = both(_plain_counts)
                plain = "plain SQL: counts by town, no hours"
            results.append(
                Scaled(
                    f"workflow report by {group}, whole record",
                    *both(lambda s, g=group: _report(s, g, None), 2),
                    5.0,
                    plain,
                    *theirs,
                )
            )
        for label, days in (("last month", 30), ("whole record", None)) if density else ():

            def points(s, days=days):
                if days is None:
                    return s.density_points("incidents")
                as_of = _as_of(s)
                return s.density_points("incidents", start=as_of - timedelta(days), end=as_of)

            results.append(Scaled(f"density points, {label}", *both(points)))
    return results


def _algorithms(one: Path, ten: Path, scratch: Path) -> list[Scaled]:
    """route_incidents and density_by_town through Processing, against QGIS's own."""
    import processing
    from qgis.core import QgsVectorLayer

    from jiangdu_grid_plugin.core.store import open_store
    from jiangdu_grid_plugin.core.timestamps import CHINA_TZ, local_date

    def incidents(path, subset=""):
        layer = QgsVectorLayer(f"{path}|layername=incidents", "incidents", "ogr")
        layer.setSubsetString(subset)
        return layer

    def route(path):
        return processing.run(
            "jiangdu_grid:route_incidents",
            {
                "INPUT": incidents(path),
                "GEOPACKAGE": str(path),
                "CATEGORY_FIELD": "catalog_code",
                "TIME_FIELD": "reported_at",
                "OUTPUT": "TEMPORARY_OUTPUT",
            },
        )

    def join(path):
        return processing.run(
            "native:joinattributesbylocation",
            {
                "INPUT": incidents(path),
                "JOIN": QgsVectorLayer(f"{path}|layername=grids", "grids", "ogr"),
                "PREDICATE": [0],
                "JOIN_FIELDS": ["code"],
                "METHOD": 1,
                "DISCARD_NONMATCHING": False,
                "OUTPUT": "memory:",
            },
        )

    def both(function, repeat=1):
        return best_of(lambda: function(one), repeat)[0], best_of(lambda: function(ten), repeat)[0]

    counts = [incidents(path).featureCount() for path in (one, ten)]
    results = [
        Scaled(
            "route_incidents: every incident, grids of its day",
            *both(route),
            None,
            "QGIS native:joinattributesbylocation",
            *both(join),
            f"{counts[0]:,} and {counts[1]:,} incidents",
        )
    ]
    for label, days in (("last month", 30), ("whole record", None)):

        def period(path, days=days):
            """The algorithm's period (whole days in Jiangdu, the last included) and
            the competitor's subset string for the same instants."""
            if days is None:
                return {}, ""
            with open_store(path) as store:
                last = local_date(_as_of(store))
            first = last - timedelta(days=days)
            start, end = (
                datetime(d.year, d.month, d.day, tzinfo=CHINA_TZ).astimezone(timezone.utc)
                for d in (first, last + timedelta(days=1))
            )
            subset = (
                f"reported_at >= '{start:%Y-%m-%dT%H:%M:%S}' AND "
                f"reported_at < '{end:%Y-%m-%dT%H:%M:%S}'"
            )
            return {"PERIOD_START": first.isoformat(), "PERIOD_END": last.isoformat()}, subset

        def ours(path, period=period):
            parameters, _ = period(path)
            return processing.run(
                "jiangdu_grid:density_by_town",
                {
                    "GEOPACKAGE": str(path),
                    "LAYER": 0,
                    "TOWN": "",
                    "RADIUS": 500.0,
                    "PIXEL_SIZE": 40.0,
                    "DENSITY": str(scratch / "scale_ours.tif"),
                    "TOWNS": "TEMPORARY_OUTPUT",
                    "GRIDS": "TEMPORARY_OUTPUT",
                    **parameters,
                },
            )

        def theirs(path, period=period):
            _, subset = period(path)
            return processing.run(
                "qgis:heatmapkerneldensityestimation",
                {
                    "INPUT": incidents(path, subset),
                    "RADIUS": 500.0,
                    "PIXEL_SIZE": 40.0,
                    "KERNEL": 0,
                    "OUTPUT_VALUE": 0,
                    "OUTPUT": str(scratch / "scale_theirs.tif"),
                },
            )

        results.append(
            Scaled(
                f"density_by_town: district at 40 m, {label}",
                *both(ours, 3),
                None,
                "qgis:heatmapkerneldensityestimation",
                *both(theirs, 3),
            )
        )
    return results


def _hotline(one: Path, ten: Path, scratch: Path, count: int = 200_000) -> list[Scaled]:
    """The same 200,000 hotline rows imported into each store (placing, routing, linking
    repeated calls, writing): the store's size should hardly matter."""
    import numpy as np

    from jiangdu_grid_plugin.core.store import open_store
    from tools.bench import _hotline_rows, _import_hotline

    seconds, linked = [], []
    for path in (one, ten):
        copy = scratch / "scale_hotline.gpkg"
        shutil.copy(path, copy)
        with open_store(copy) as store:
            rows = _hotline_rows(store, count, np.random.default_rng(count))
            started = time.perf_counter()
            result = _import_hotline(store, rows)
            seconds.append(time.perf_counter() - started)
        copy.unlink()
        assert len(result.imported) == count, result.counts
        linked.append(result.counts["possible_duplicate"])
    return [
        Scaled(
            f"import_hotline: {count:,} rows into the store",
            *seconds,
            note=f"{linked[0]:,} and {linked[1]:,} linked as repeated calls",
        )
    ]


def _project(one: Path, ten: Path) -> list[Scaled]:
    """Opening the project stored in each store, and drawing it at district scale
    (1600 x 1000 pixels): the visible layers, the incidents layers alone, and the same
    incidents with QGIS's default single marker. In a QGIS of its own, as a user opens
    the project (after the other groups this process's QGIS could no longer open a
    project stored in a GeoPackage)."""
    import json
    import subprocess
    import sys

    found = subprocess.run(
        [sys.executable, "-m", "tools.bench_scale", "draw", str(one), str(ten)],
        capture_output=True,
        text=True,
        check=False,
    )
    if found.returncode != 0:
        raise RuntimeError(f"drawing the projects failed: {found.stderr[-2000:]}")
    opened, everything, incidents, plain = json.loads(found.stdout.splitlines()[-1])
    return [
        Scaled("open the stored project", *opened),
        Scaled("draw the project at district scale (visible layers)", *everything),
        Scaled(
            "draw the incidents layers at district scale",
            *incidents,
            None,
            "QGIS default single marker, every point",
            *plain,
        ),
    ]


def _drawn(one: Path, ten: Path) -> tuple[list[float], ...]:
    """_project's seconds: opening, drawing everything, the incidents, plain points."""
    from qgis.core import (
        QgsMapRendererSequentialJob,
        QgsMapSettings,
        QgsProject,
        QgsRectangle,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    def render(layers, extent, crs) -> float:
        settings = QgsMapSettings()
        settings.setLayers(layers)
        settings.setDestinationCrs(crs)
        settings.setOutputSize(QSize(1600, 1000))
        settings.setExtent(extent)
        settings.setBackgroundColor(QColor("white"))

        def draw():
            job = QgsMapRendererSequentialJob(settings)
            job.start()
            job.waitForFinished()

        return best_of(draw, 2)[0]

    opened, everything, incidents, plain = [], [], [], []
    project = QgsProject.instance()
    for path in (one, ten):
        uri = f"geopackage:{path.resolve()}?projectName=jiangdu"
        seconds, read = best_of(lambda uri=uri: project.read(uri), 2)
        if not read:
            raise RuntimeError(f"QGIS could not read the project {uri}: {project.error()}")
        opened.append(seconds)
        layers = [n.layer() for n in project.layerTreeRoot().findLayers() if n.isVisible()]
        towns = [
            layer
            for layer in project.mapLayers().values()
            if layer.source().endswith("layername=towns") and layer.isValid()
        ]
        if not towns:
            raise RuntimeError(
                f"{uri} has no towns layer QGIS can read: "
                + ", ".join(f"{layer.name()} ({layer.source()})" for layer in layers)
            )
        extent = QgsRectangle(towns[0].extent())
        extent.scale(1.05)
        crs = project.crs()
        everything.append(render(layers, extent, crs))
        incidents.append(
            render(
                [layer for layer in layers if layer.source().endswith("layername=incidents")],
                extent,
                crs,
            )
        )
        options = QgsVectorLayer.LayerOptions(loadDefaultStyle=False)
        bare = QgsVectorLayer(f"{path}|layername=incidents", "incidents", "ogr", options)
        plain.append(render([bare], extent, crs))
        project.clear()
    return opened, everything, incidents, plain


if __name__ == "__main__":  # python -m tools.bench_scale draw ONE_YEAR TEN_YEARS
    import json
    import sys

    from tools import bench

    _, command, first, second = sys.argv
    assert command == "draw", command
    bench._qgis()
    print(json.dumps(_drawn(Path(first), Path(second))))


def _postgis(one: Path, ten: Path, gpkg: list[Scaled]) -> list[Scaled]:
    """The same reads on PostGIS (both stores copied with copy_to_postgis, on a server
    on loopback), against the same on the GeoPackage (`gpkg`)."""
    from jiangdu_grid_plugin.core.store import StoreLocation, open_store
    from jiangdu_grid_plugin.core.store.postgres import copy_to_postgis
    from tools import postgres_server

    server = postgres_server.start()
    try:
        copies = []
        for path, schema in ((one, "scale_one"), (ten, "scale_ten")):
            started = time.perf_counter()
            with open_store(path) as store:
                copy_to_postgis(store, StoreLocation.postgis(server.conninfo(), schema))
            copies.append(time.perf_counter() - started)
        ours = _store_reads(
            (server.conninfo(), "scale_one"), (server.conninfo(), "scale_ten"), density=True
        )
    finally:
        server.stop()
    results = [Scaled("PostGIS: copy_to_postgis", *copies)]
    local = {result.task: result for result in gpkg}
    for pg in ours:
        same = local.get(pg.task)
        results.append(
            Scaled(
                "PostGIS: " + pg.task,
                pg.one,
                pg.ten,
                pg.budget,
                "the same on the GeoPackage" if same else "",
                same.one if same else None,
                same.ten if same else None,
            )
        )
    return results
