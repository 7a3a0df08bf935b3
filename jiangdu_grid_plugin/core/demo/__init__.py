"""The Jiangdu demo store: the real district outline with synthetic towns, communities,
1,102 grids, people, facilities and a year of incidents, reproducing every figure of the
2019 report. Deterministic for a given seed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable

import numpy as np
import shapely

from ..codes import CommunityCode, GridCode, reading_order
from ..new_store import seed_reference_data
from ..store import build_store, open_store
from ..styles import install_styles
from . import activity, catalog, geography, people
from .names import place_names

log = logging.getLogger(__name__)

GRIDS = 1102
URBAN_DENSITY = 1500.0  # people per km2 above which a community is a residents' committee


def build_demo(
    path: str | os.PathLike,
    seed: int = 2019,
    *,
    overwrite: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Build the demo store at `path` and return its figures, read back from the file."""
    say = progress or log.info
    rng = np.random.default_rng(seed)
    started = time.perf_counter()

    say("tiling the district into towns, communities and grids")
    geo = geography.build(rng, GRIDS)
    towns = _towns(geo)
    communities = _communities(rng, geo, towns)
    grids = _grids(geo, communities)
    grid_codes = [g["code"] for g in grids]

    say("people and their assignments")
    staff = people.build(
        rng,
        [t["code"] for t in towns],
        [c["code"] for c in communities],
        geo.grid_community,
        grid_codes,
        [g["population"] for g in grids],
    )
    units = catalog.units()
    items = catalog.event_catalog(rng)
    powers = catalog.enforcement_powers(rng)

    say("facilities, incidents and enforcement cases")
    locator = activity.Locator(geo.grids)
    cell_town = activity.town_of_cells(geo)
    facility_rows, facility_xy = activity.facilities(rng, geo, locator, cell_town, grid_codes)
    staffing = activity.Staffing(staff, grid_codes)
    incident_rows, incident_xy, step_rows = activity.incidents(
        rng,
        geo,
        locator,
        grid_codes,
        {c["code"]: c["name"] for c in communities},
        {t["code"]: t["name"] for t in towns},
        staffing,
        items,
        {u.code: (u.short_name, u.kind) for u in units},
    )
    case_rows, case_xy = activity.enforcement_cases(
        rng, geo, locator, cell_town, grid_codes, powers
    )

    say(f"writing {path}")
    with build_store(path, overwrite=overwrite) as store, store.transaction():
        store.insert("towns", towns, geo.towns)
        store.insert("communities", communities, geo.communities)
        store.insert("grids", grids, geo.grids)
        store.insert("units", [u._asdict() | {"phone": None} for u in units])
        seed_reference_data(store, {u.code for u in units})
        store.insert("facilities", facility_rows, shapely.points(facility_xy))
        store.insert("officers", staff.officers)
        store.insert("assignments", staff.assignments)
        store.insert(
            "event_categories",
            [dict(code=c.code, name=c.name, name_en=c.name_en) for c in catalog.CATEGORIES],
        )
        store.insert("event_catalog", [item._asdict() for item in items])
        store.insert("incidents", incident_rows, shapely.points(incident_xy))
        store.insert("incident_steps", step_rows)
        store.insert("enforcement_powers", [p._asdict() for p in powers])
        store.insert("enforcement_cases", case_rows, shapely.points(case_xy))
        store.set_info("district_code", towns[0]["code"][:6])
        store.set_info("demo_seed", str(seed))
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
                "grids": len(grids),
                "facilities": len(facility_rows),
                "incidents": len(incident_rows),
            },
            "demo data generated",
        )
    say(f"built in {time.perf_counter() - started:.1f} s")
    with open_store(path) as store:
        return store.figures()


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


def _grids(geo, communities) -> list[dict]:
    """Grid codes: community code + sequence in reading order (west to east, north to
    south) within the community."""
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
                valid_from="2019-01-01",
                row_version=1,
            )
    return rows
