"""Benchmarks: each measures our way and a named competitor in the same run, on the same
data, and prints the ratio. Figures vary between runs on shared machines; the ratios are
what to compare.

    python -m tools.bench data/jiangdu_demo.gpkg            # all benchmarks
    python -m tools.bench data/jiangdu_demo.gpkg --only store_write
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("store", type=Path, help="the demo store (make demo builds it)")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    args = parser.parse_args(argv)
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
