"""Build the demo store, or print its figures beside the 2019 report's.

python -m jiangdu_grid_plugin.core.demo build data/jiangdu_demo.gpkg [--seed 2019]
    [--as-of YYYY-MM-DD (default: today)] [--years N (default: 1)]
python -m jiangdu_grid_plugin.core.demo summary data/jiangdu_demo.gpkg
"""

from __future__ import annotations

import argparse
import logging
import sys
import unicodedata
from datetime import date

from ..store import StoreError, open_store
from . import build_demo
from .figures import demo_figures
from .timeline import MAX_YEARS

# (figure key, label, the report's value or None where the report gives none)
REPORT = (
    ("towns", "towns (镇)", 13),
    ("communities", "villages and communities (村/社区)", None),
    ("grids", "base grids (基层网格)", 1102),
    ("grid_leaders", "grid leaders, four levels (四级网格长)", 1084),
    ("grid_officers", "grid officers (网格员)", 1643),
    ("instructors", "instructors (指导员)", 612),
    ("units", "units sharing data (单位)", 63),
    ("event_categories", "event categories (事件大类)", 5),
    ("catalog_items", "event responsibility items (责任清单事项)", 987),
    ("facilities", "coded public facilities (公共设施)", 220000),
    ("facilities_central_urban", "  of which in the central urban towns", None),
    ("incidents_closed", "incidents closed (办结)", 23923),
    ("incidents_in_progress", "incidents in progress (在办)", 698),
    ("incidents_rejected", "incidents rejected at verification (不予立案)", None),
    ("superior_incidents", "dispatched by district leaders (三级联动区领导派遣)", 17),
    ("enforcement_powers", "enforcement powers (赋权清单)", 190),
    ("enforcement_penalties", "  administrative penalties (行政处罚)", 162),
    ("enforcement_coercive", "  administrative coercive measures (行政强制)", 28),
    ("enforcement_cases", "enforcement cases", None),
)
PUBLISHED_AREA_KM2 = 1332.5
PUBLISHED_CLOSURE_RATE = 0.9717


def _pad(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns (CJK characters take two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def summary_lines(figures: dict, outline_area: float | None) -> list[str]:
    lines = []
    for key, label, expected in REPORT:
        value = figures[key]
        mark = "" if expected is None else ("  ok" if value == expected else f"  ≠ {expected:,}")
        lines.append(f"{_pad(label, 56)} {value:>9,}{mark}")
    rate = figures["closure_rate"]
    mark = "  ok" if rate is not None and round(rate, 4) == PUBLISHED_CLOSURE_RATE else "  ≠ 97.17%"
    lines.append(f"{_pad('closure rate (办结率)', 56)} {rate:>9.2%}{mark}")
    leaders = figures["grid_leaders_by_level"]
    lines.append(
        "grid leaders by level: "
        + ", ".join(
            f"{level} {leaders.get(level, 0)}"
            for level in ("district", "town", "community", "grid")
        )
    )
    area = figures["district_area_km2"]
    lines.append(
        f"district area: {area:,.1f} km2 in this dataset (sum of towns), published "
        f"{PUBLISHED_AREA_KM2:,.1f} km2 ({area / PUBLISHED_AREA_KM2 - 1:+.2%}); the land "
        "outline of the reference data" + (f" is {outline_area:,.1f} km2" if outline_area else "")
    )
    return lines


def year_lines(years: list[dict]) -> list[str]:
    """A line per year: its days, incidents by state, rates, cases and changes."""
    lines = [
        "year  from        to            incidents   closed  in progress  rejected  "
        "closure  on time  hotline  enforcement  grid changes  officers left"
    ]
    for y in years:
        lines.append(
            f"{y['number']:>4}  {y['start']:%Y-%m-%d}  {y['end']:%Y-%m-%d}  "
            f"{y['incidents']:>11,} {y['closed']:>8,} {y['in_progress']:>12,} "
            f"{y['rejected']:>9,}  {_percent(y['closure_rate'])}  {_percent(y['on_time_rate'])}  "
            f"{_percent(y['hotline_share'])}  {y['enforcement_cases']:>11,} "
            f"{y['grid_changes']:>13,} {y['officers_left']:>14,}"
        )
    return lines


def _percent(value: float | None) -> str:
    return "      –" if value is None else f"{value:>7.2%}"


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a day: write it as YYYY-MM-DD, e.g. 2019-11-25"
        ) from None


def _years(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_YEARS:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number from 1 to {MAX_YEARS}")
    return int(text)


def hotline_dry_run(store_path: str, sample_path: str) -> int:
    from ..geocoding import FacilityIndex
    from ..hotline import HotlineImport
    from ..routing import Router
    from ..tables import read_csv
    from .hotline_sample import MAPPING, write_sample

    with open_store(store_path) as store:
        write_sample(store, sample_path)
        table = read_csv(sample_path)
        run = HotlineImport(
            store,
            Router.from_store(store),
            FacilityIndex.from_store(store),
            coordinate_system="gcj02",
        )
        result = run.run(table.columns, table.rows, MAPPING, dry_run=True)
    print(
        f"{sample_path} ({table.encoding}, {len(table.rows)} rows), imported as a dry run "
        f"into {store_path}:"
    )
    for outcome, count in sorted(result.counts.items()):
        print(f"  {outcome:<20} {count:>4}")
    for _, _, text in result.errors:
        print(f"  {text}")
    for warning in result.warnings:
        print(f"  warning: {warning}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m jiangdu_grid_plugin.core.demo", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the demo store")
    build.add_argument("path")
    build.add_argument("--seed", type=int, default=2019)
    build.add_argument(
        "--as-of",
        type=_as_of,
        default=None,
        metavar="YYYY-MM-DD",
        help="the demo's last day; its clock stops at 09:00 China time then (default: today)",
    )
    build.add_argument(
        "--years",
        type=_years,
        default=1,
        metavar="N",
        help="years of history; the last has the report's figures (default: 1)",
    )
    summary = commands.add_parser("summary", help="print the store's figures")
    summary.add_argument("path")
    hotline = commands.add_parser(
        "hotline", help="write a sample 12345 hotline export and import it as a dry run"
    )
    hotline.add_argument("path")
    hotline.add_argument("sample")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.command == "build":
            build_demo(
                args.path,
                args.seed,
                as_of=args.as_of or date.today(),
                years=args.years,
                progress=lambda m: print(f"demo: {m}", flush=True),
            )
            return 0
        if args.command == "hotline":
            return hotline_dry_run(args.path, args.sample)
        with open_store(args.path) as store:
            figures, years = demo_figures(store)
            outline = store.info().get("outline_area_km2")
        if years:
            last = years[-1]
            print(
                f"{args.path}, the last year ({last['start']:%Y-%m-%d %H:%M} to "
                f"{last['end']:%Y-%m-%d %H:%M} China time):"
            )
        else:
            print(f"{args.path}:")
        for line in summary_lines(figures, float(outline) if outline else None):
            print("  " + line)
        if len(years) > 1:
            print("by year (incidents by their state at the demo's clock):")
            for line in year_lines(years):
                print("  " + line)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
