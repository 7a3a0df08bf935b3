"""The store's guard and the plugin's check (core/grid_checks.py) agree, on generated
edits of the small district's grids: moved vertices, added parts, holes and notches,
touching and overlapping parts, slivers, shifted grids and new grids. Each edit is one
write, made and rolled back by GDAL (SpatiaLite's functions, as QGIS and ogr2ogr write a
GeoPackage; in a process of its own), by the plugin's own connection (its functions,
shapely's), and by a PostgreSQL session (PostGIS); each is refused exactly when the check
finds a problem on the grids as the write leaves them, with a rule the check names too."""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import dataclass

import numpy as np
import psycopg
import pytest
import shapely
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from shapely import affinity

from jiangdu_grid_plugin.core.grid_checks import GridRecord, check_grids
from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.store.guard_rules import MESSAGES
from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.core.store.postgres import copy_to_postgis
from jiangdu_grid_plugin.core.store.sqlite import geometry_blob
from jiangdu_grid_plugin.core.store.sqlite.connection import connect
from tests.core.activity_fixture import OX, OY
from tests.core.gdal_writer import GdalWriter
from tests.core.routing_fixture import build_store_file

TOLERANCE = 1.0
# What the check calls a rule, as the guard's refusal names it.
GUARD_RULE = {
    "empty": "invalid",
    "invalid": "invalid",
    "overlap": "overlap",
    "gap": "gap",
    "outside_community": "outside_community",
    "outside_district": "outside_district",
}
SCHEMAS = itertools.count()


ORIGIN = np.array([OX, OY])


def shifted(geometry):
    return shapely.transform(geometry, lambda xy: xy + ORIGIN)


@dataclass(frozen=True)
class Edit:
    """One write: grid `index` (of the store's grids in force, by code) gets `geometry`,
    or, with `index` None, a new grid of community `community` is added."""

    kind: str
    index: int | None
    geometry: object  # shapely, in the district's local metres
    community: str | None = None


class Writers:
    """The store's three writers, each making a write and rolling it back."""

    def __init__(self, path, postgres):
        self.path = path
        self.gdal = GdalWriter(path)
        self.plugin = connect(path)
        self.schema = f"agree{next(SCHEMAS)}"
        with open_store(path) as store:
            copy_to_postgis(store, StoreLocation.postgis(postgres.conninfo(), self.schema))
            self.grids = sorted(
                (g for g in store.grid_records() if g["status"] == "active"),
                key=lambda g: g["code"],
            )
            self.communities = store.community_geometries()
            self.district = store.district_geometry()
        self.postgis = psycopg.connect(postgres.conninfo())
        self.postgis.execute(f"SET search_path TO {self.schema}, public")
        self.postgis.commit()

    def close(self):
        self.gdal.close()
        self.plugin.close()
        self.postgis.close()

    # Each returns the refusal's message key, or None for a write accepted.

    def _statement(self, edit: Edit, geometry_sql: str) -> tuple[str, tuple]:
        if edit.index is not None:
            return f"UPDATE grids SET geom = {geometry_sql} WHERE fid = ?", (
                self.grids[edit.index]["fid"],
            )
        community = edit.community
        return (
            "INSERT INTO grids (geom, code, name, community_code, town_code, status, "
            f"area_km2, valid_from, row_version) VALUES ({geometry_sql}, ?, '新网格', ?, ?, "
            "'active', 0.01, '2019-01-01', 1)",
            (f"{community}009", community, community[:9]),
        )

    def by_gdal(self, edit: Edit, wkt: str) -> str | None:
        sql, values = self._statement(edit, f"AsGPB(GeomFromText('{wkt}', 4549))")
        for value in values:
            sql = sql.replace("?", f"'{value}'" if isinstance(value, str) else str(value), 1)
        error = self.gdal.run(sql)
        return None if error is None else refusal_key(error)

    def by_plugin(self, edit: Edit, geometry) -> str | None:
        sql, values = self._statement(edit, "?")
        blob = geometry_blob.encode([geometry], 4549)[0]
        self.plugin.execute("BEGIN")
        try:
            self.plugin.execute(sql, (blob, *values))
        except sqlite3.DatabaseError as error:
            return refusal_key(str(error))
        finally:
            self.plugin.execute("ROLLBACK")
        return None

    def by_postgis(self, edit: Edit, wkt: str) -> str | None:
        sql, values = self._statement(edit, "ST_Multi(ST_GeomFromText(%s, 4549))")
        try:
            self.postgis.execute(sql.replace("?", "%s"), (wkt, *values))
        except psycopg.errors.RaiseException as error:
            return refusal_key(str(error))
        finally:
            self.postgis.rollback()
        return None


def refusal_key(message: str) -> str:
    keys = [key for key, text in MESSAGES.items() if text.en in message]
    assert keys, f"not a refusal of the guard: {message}"
    return keys[0]


@pytest.fixture(scope="module")
def writers(tmp_path_factory, postgres):
    writers = Writers(build_store_file(tmp_path_factory.mktemp("agree") / "d.gpkg"), postgres)
    yield writers
    writers.close()


# The edits. Coordinates on a half-metre lattice around the district (0-400 x 0-200),
# slivers by centimetres.
along = st.integers(-100, 900).map(lambda v: v / 2)
across = st.integers(-100, 500).map(lambda v: v / 2)
size = st.integers(1, 240).map(lambda v: v / 2)
grid_index = st.integers(0, 7)


def square(index: int):
    x0 = 200 * (index // 4) + 100 * (index % 2)
    y0 = 100 * ((index // 2) % 2)
    return x0, y0


@st.composite
def rectangles(draw):
    x, y, w, h = draw(along), draw(across), draw(size), draw(size)
    return shapely.box(x, y, x + w, y + h)


def own(index: int):
    x0, y0 = square(index)
    return shapely.box(x0, y0, x0 + 100, y0 + 100)


@st.composite
def moved_vertex(draw):
    index = draw(grid_index)
    x0, y0 = square(index)
    corners = [(x0, y0), (x0 + 100, y0), (x0 + 100, y0 + 100), (x0, y0 + 100)]
    corners[draw(st.integers(0, 3))] = (draw(along), draw(across))
    return Edit("moved vertex", index, shapely.Polygon(corners))


@st.composite
def added_part(draw):
    index = draw(grid_index)
    return Edit("added part", index, shapely.MultiPolygon([own(index), draw(rectangles())]))


@st.composite
def cut(draw):
    index = draw(grid_index)
    return Edit("hole or notch", index, shapely.difference(own(index), draw(rectangles())))


@st.composite
def grown(draw):
    index = draw(grid_index)
    return Edit(
        "touching or overlapping part", index, shapely.union(own(index), draw(rectangles()))
    )


@st.composite
def sliver(draw):
    index = draw(grid_index)
    x0, y0 = square(index)
    bounds = [x0, y0, x0 + 100, y0 + 100]
    bounds[draw(st.integers(0, 3))] += draw(st.integers(-40, 40)) / 1000
    return Edit("sliver", index, shapely.box(*bounds))


@st.composite
def translated(draw):
    index = draw(grid_index)
    dx, dy = draw(st.integers(-40, 40)) / 4, draw(st.integers(-40, 40)) / 4
    return Edit("shifted", index, affinity.translate(own(index), dx, dy))


@st.composite
def new_grid(draw):
    town = draw(st.sampled_from(["321012100", "321012101"]))
    community = f"{town}{draw(st.sampled_from(['001', '002']))}"
    return Edit("new grid", None, draw(rectangles()), community)


edits = st.one_of(moved_vertex(), added_part(), cut(), grown(), sliver(), translated(), new_grid())


def near_the_tolerance(edit: Edit, after: list[GridRecord], writers: Writers) -> bool:
    """Whether an area the rules compare with the tolerance is within a quarter of it:
    GEOS versions (shapely's, SpatiaLite's, PostGIS's) may round such cases apart."""
    edited = len(after) - 1 if edit.index is None else edit.index
    geometry = after[edited].geometry
    if not geometry.is_valid:
        return False
    others = [r.geometry for i, r in enumerate(after) if i != edited]
    measures = [shapely.intersection(geometry, other).area for other in others]
    measures.append(shapely.difference(geometry, writers.district).area)
    community = writers.communities.get(edit.community or after_community(edit, writers))
    if community is not None:
        measures.append(shapely.difference(geometry, community).area)
    covered = shapely.union_all([r.geometry for r in after])
    uncovered = shapely.difference(writers.district, covered)
    measures += [p.area for p in shapely.get_parts(shapely.get_parts(uncovered))]
    return any(0.75 * TOLERANCE <= m <= 1.25 * TOLERANCE for m in measures)


def after_community(edit: Edit, writers: Writers) -> str:
    return writers.grids[edit.index]["community_code"]


def expected_rules(edit: Edit, writers: Writers) -> tuple[set[str], list[GridRecord]]:
    after = [
        GridRecord(
            g["fid"],
            g["code"],
            g["community_code"],
            g["town_code"],
            "active",
            shifted(edit.geometry) if i == edit.index else g["geom"],
        )
        for i, g in enumerate(writers.grids)
    ]
    if edit.index is None:
        code = f"{edit.community}009"
        after.append(
            GridRecord(None, code, edit.community, code[:9], "active", shifted(edit.geometry))
        )
    problems = check_grids(after, writers.communities, writers.district, set(), TOLERANCE)
    return {GUARD_RULE[p.rule] for p in problems}, after


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edit=edits)
def test_the_guard_refuses_what_the_check_finds_and_nothing_else(writers, edit):
    assume(not edit.geometry.is_empty and edit.geometry.geom_type in ("Polygon", "MultiPolygon"))
    rules, after = expected_rules(edit, writers)
    assume(not near_the_tolerance(edit, after, writers))
    event(f"{edit.kind}: {', '.join(sorted(rules)) or 'accepted'}")
    geometry = shifted(edit.geometry)
    refused = {
        "GeoPackage through GDAL": writers.by_gdal(edit, geometry.wkt),
        "GeoPackage through the plugin": writers.by_plugin(edit, geometry),
        "PostGIS": writers.by_postgis(edit, geometry.wkt),
    }
    for writer, key in refused.items():
        if rules:
            assert key in rules, f"{writer}: {edit.kind} refused as {key}, the check finds {rules}"
        else:
            assert key is None, f"{writer}: {edit.kind} refused as {key}, the check finds none"
