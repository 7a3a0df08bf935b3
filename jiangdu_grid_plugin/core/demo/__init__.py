"""The Jiangdu demo store: the real district outline with synthetic towns, communities,
1,102 grids, people, facilities and one or more years of incidents, whose last year
reproduces every figure of the 2019 report. It lives on any calendar: its clock stops
on the as-of day (see timeline). Deterministic for a given seed, as-of day and number of
years, to the byte.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from datetime import date, timedelta

import numpy as np
import shapely

from ..codes import CommunityCode, GridCode, reading_order
from ..new_store import seed_reference_data
from ..store import build_store, open_store
from ..styles import install_styles
from ..timestamps import to_datetime_text
from . import activity, catalog, geography, history, people
from .names import place_names
from .timeline import REPORT_DAY, Timeline

log = logging.getLogger(__name__)

GRIDS = 1102
URBAN_DENSITY = 1500.0  # people per km2 above which a community is a residents' committee
A_MONTH_IN = timedelta(days=28)  # the census, and the last year's absences, begin then


def build_demo(
    path: str | os.PathLike,
    seed: int = 2019,
    *,
    as_of: date | None = None,
    years: int = 1,
    overwrite: bool = True,
    progress: Callable[[str], None] | None = None,
    scale: float = 1.0,
) -> dict:
    """Build the demo store at `path` and return its figures, read back from the file.

    `as_of` is the demo's last day (its clock stops at 09:00 China time then; None: the
    report's date, 2019-11-25); `years` how many years of history it holds, the last
    with the report's figures. `scale` shrinks the facilities, incidents and cases for
    quick tests: the report's figures hold at 1 only.
    """
    say = progress or log.info
    timeline = Timeline(as_of or REPORT_DAY, years)
    periods = timeline.periods()
    now = timeline.now
    rng = np.random.default_rng(seed)
    # The earlier years draw from streams of their own: the last year, drawn from `rng`
    # as a one-year demo is, does not depend on how many years come before it.
    past = np.random.default_rng([seed, 0])
    started = time.perf_counter()

    say("tiling the district into towns, communities and grids")
    geo = geography.build(rng, GRIDS)
    towns = _towns(geo)
    communities = _communities(rng, geo, towns)
    grids = _grids(geo, communities, timeline.platform_start)
    grid_codes = [g["code"] for g in grids]
    changes = history.grid_changes(past, geo.grids, grid_codes, geo.grid_community, periods)
    versions, version_geometries = _grid_versions(grids, changes, timeline.platform_start)

    say("people and their assignments")
    staff = people.build(
        rng,
        [t["code"] for t in towns],
        [c["code"] for c in communities],
        geo.grid_community,
        grid_codes,
        [g["population"] for g in grids],
        start=timeline.platform_start,
        absences_from=periods[-1].start.date() + A_MONTH_IN,
    )
    for change in changes:
        if change.kind == "split":
            people.start_on(staff, grid_codes[change.other], change.day)
    people.turnover(past, staff, periods[:-1])
    units = catalog.units()
    items = catalog.event_catalog(rng)
    powers = catalog.enforcement_powers(rng)

    say("facilities")
    locator = activity.Locator(geo.grids)
    cell_town = activity.town_of_cells(geo)
    facility_rows, facility_xy = activity.facilities(
        rng,
        geo,
        locator,
        cell_town,
        grid_codes,
        periods[0].start.date() + A_MONTH_IN,
        now,
        round(activity.FACILITIES * scale),
    )
    staffing = activity.Staffing(staff, grid_codes)
    names = (
        {c["code"]: c["name"] for c in communities},
        {t["code"]: t["name"] for t in towns},
    )
    unit_kinds = {u.code: (u.short_name, u.kind) for u in units}
    tickets: dict = {}
    case_numbers: dict = {}
    incidents = steps = 0

    say(f"writing {path}")
    with build_store(path, overwrite=overwrite) as store, store.transaction():
        store.insert("towns", towns, geo.towns)
        store.insert("communities", communities, geo.communities)
        store.insert("grids", grids, geo.grids)
        store.insert("grid_versions", versions, version_geometries)
        store.insert("units", [u._asdict() | {"phone": None} for u in units])
        seed_reference_data(store, {u.code for u in units})
        store.insert("facilities", facility_rows, shapely.points(facility_xy))
        del facility_rows, facility_xy
        store.insert("officers", staff.officers)
        store.insert("assignments", staff.assignments)
        store.insert(
            "event_categories",
            [dict(code=c.code, name=c.name, name_en=c.name_en) for c in catalog.CATEGORIES],
        )
        store.insert("event_catalog", [item._asdict() for item in items])
        store.insert("enforcement_powers", [p._asdict() for p in powers])
        # Year by year, earliest first (incidents are numbered in the order reported),
        # each written before the next is drawn.
        for plan in history.plans(past, periods, scale):
            year = plan.year
            say(
                f"year {year.number} of {len(periods)} ({year.start:%Y-%m-%d} to "
                f"{year.end:%Y-%m-%d}): {plan.incidents:,} incidents"
            )
            year_rng = rng if year.is_last else np.random.default_rng([seed, year.number])
            rows, xy, step_rows = activity.incidents(
                year_rng,
                geo,
                locator,
                grid_codes,
                *names,
                staffing,
                items,
                unit_kinds,
                plan,
                now,
                changes,
                incidents + 1,
                tickets,
            )
            store.insert("incidents", rows, shapely.points(xy))
            store.insert("incident_steps", step_rows)
            incidents += len(rows)
            steps += len(step_rows)
            del rows, xy, step_rows
            case_rows, case_xy = activity.enforcement_cases(
                year_rng, geo, locator, cell_town, grid_codes, powers, plan, changes, case_numbers
            )
            store.insert("enforcement_cases", case_rows, shapely.points(case_xy))
        store.set_info("district_code", towns[0]["code"][:6])
        store.set_info("demo_seed", str(seed))
        for key, value in timeline.info().items():
            store.set_info(key, value)
        store.set_info("outline_area_km2", f"{geo.district.area / 1e6:.3f}")
        install_styles(store)
        store.log(
            "demo builder",
            "store_info",
            None,
            "import",
            None,
            {
                "seed": seed,
                "as_of": timeline.as_of.isoformat(),
                "years": years,
                "grids": len(grids),
                "facilities": round(activity.FACILITIES * scale),
                "incidents": incidents,
                "incident_steps": steps,
            },
            "demo data generated",
        )
    _stamp(path, to_datetime_text(now))
    say(f"built in {time.perf_counter() - started:.1f} s")
    with open_store(path) as store:
        return store.figures()


def _stamp(path, moment: str) -> None:
    """Date the store's own records (its creation, its layers' last change and styles,
    its log) at the demo's clock instead of the build's, so that a build is the same
    file to the byte whenever it runs. The store writes the wall clock there and has no
    way to be told another time, so this is done on the finished file."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE gpkg_contents SET last_change = ?", (moment,))
        db.execute("UPDATE store_info SET value = ? WHERE key = 'created'", (moment,))
        db.execute("UPDATE layer_styles SET update_time = ?", (moment,))
        db.execute("UPDATE audit_log SET at = ?", (moment,))


def _grid_versions(grids: list[dict], changes, since: date) -> tuple[list[dict], list]:
    """The grids' earlier boundaries (grid_versions rows and geometries), and the grids
    the changes made dated from the change (row version 2 for a changed grid)."""
    rows, geometries = [], []
    for change in changes:
        before = [(change.kept, change.kept_before), (change.other, change.other_before)]
        for g, geometry in before:
            grids[g]["valid_from"] = change.day.isoformat()
            if geometry is None:
                continue  # the new half of a split: no earlier version
            grids[g]["row_version"] = 2
            rows.append(
                dict(
                    code=grids[g]["code"],
                    name=grids[g]["name"],
                    community_code=grids[g]["community_code"],
                    town_code=grids[g]["town_code"],
                    valid_from=since.isoformat(),
                    valid_to=change.day.isoformat(),
                    change="changed",
                    grid_fid=g + 1,  # grids are numbered in the order written
                )
            )
            geometries.append(geometry)
    return rows, geometries


def _towns(geo) -> list[dict]:
    rows = []
    for spec, polygon in zip(geography.TOWNS, geo.towns):
        rows.append(
            dict(
                code=f"321012{spec.sequence:03d}",
                name=spec.name,
                pinyin=spec.pinyin,
                town_class=spec.town_class,
                population=int(spec.population),
                area_km2=round(polygon.area / 1e6, 4),
            )
        )
    return rows


def _communities(rng, geo, towns) -> list[dict]:
    """Codes in reading order within each town, residents' committees (001..) before
    villages (201..); names from distinct place-name stems."""
    cell_community = activity.Locator(geo.communities).grids_of(geo.cell_xy)
    population = np.bincount(
        cell_community[cell_community >= 0],
        weights=geo.cell_people[cell_community >= 0],
        minlength=len(geo.communities),
    )
    stems = place_names(rng, len(geo.communities))
    rows: list[dict | None] = [None] * len(geo.communities)
    for t, town in enumerate(towns):
        members = [c for c, owner in enumerate(geo.community_town) if owner == t]
        centroids = shapely.get_coordinates(shapely.centroid([geo.communities[c] for c in members]))
        top = geo.towns[t].bounds[3]
        row_height = np.sqrt(geo.towns[t].area / len(members))
        ordered = [
            members[i] for i in reading_order(centroids[:, 0], centroids[:, 1], top, row_height)
        ]
        urban, village = 0, 200
        for c in ordered:
            area = geo.communities[c].area / 1e6
            is_urban = population[c] / area > URBAN_DENSITY
            if is_urban:
                urban += 1
            else:
                village += 1
            code = f"{town['code']}{urban if is_urban else village:03d}"
            rows[c] = dict(
                code=code,
                name=stems[c] + ("社区" if is_urban else "村"),
                kind="community" if is_urban else "village",
                town_code=town["code"],
                population=round(float(population[c])),
                area_km2=round(area, 4),
            )
    return rows


def _grids(geo, communities, since: date) -> list[dict]:
    """Grid codes: community code + sequence in reading order (west to east, north to
    south) within the community; in force `since`."""
    cell_grid = activity.Locator(geo.grids).grids_of(geo.cell_xy)
    population = np.bincount(
        cell_grid[cell_grid >= 0], weights=geo.cell_people[cell_grid >= 0], minlength=len(geo.grids)
    )
    rows: list[dict | None] = [None] * len(geo.grids)
    for c, community in enumerate(communities):
        members = [g for g, owner in enumerate(geo.grid_community) if owner == c]
        centroids = shapely.get_coordinates(shapely.centroid([geo.grids[g] for g in members]))
        top = geo.communities[c].bounds[3]
        row_height = np.sqrt(geo.communities[c].area / len(members))
        order = reading_order(centroids[:, 0], centroids[:, 1], top, row_height)
        for sequence, i in enumerate(order, start=1):
            g = members[i]
            code = GridCode.of(CommunityCode(community["code"]), sequence)
            rows[g] = dict(
                code=code.value,
                name=f"{community['name']}第{sequence}网格",
                community_code=community["code"],
                town_code=community["town_code"],
                status="active",
                population=round(float(population[g])),
                area_km2=round(geo.grids[g].area / 1e6, 4),
                valid_from=since.isoformat(),
                row_version=1,
            )
    return rows
