"""The grids' guard against writers other than the plugin: GDAL (what QGIS and ogr2ogr
write through, with SpatiaLite's functions), a bare SQLite client, and PostgreSQL
sessions of every kind of login. No decision of the plugin can be
forged, and the rules the plugin's check holds hold for them too."""

from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest
import shapely

from jiangdu_grid_plugin.core.store import StoreError, open_store
from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.core.store.postgres import copy_to_postgis, grant_access
from tests.core.backends import BACKENDS, store_on
from tests.core.gdal_writer import GdalWriter
from tests.core.routing_fixture import build_store_file
from tests.core.test_grid_guard import EDGE_MOVED, A, B, box, checked, fid, grid

EAST = "321012101001001"  # the east town's south-west grid, x 200-300
MERGED = ((A, box(0, 0, 200, 100)),)


def ogr_sql(path, sql: str) -> None:
    """One statement through GDAL's own connection to the GeoPackage (SpatiaLite's
    functions as GDAL registers them, as QGIS and ogr2ogr have them; in a process of its
    own, tests/core/gdal_writer.py): RuntimeError with the store's refusal."""
    with GdalWriter(path) as writer:
        error = writer.run(sql, keep=True)
    if error is not None:
        raise RuntimeError(error)


def set_geometry(geometry, code: str) -> str:
    return (
        f"UPDATE grids SET geom = AsGPB(GeomFromText('{geometry.wkt}', 4549)) WHERE code = '{code}'"
    )


@pytest.fixture
def gpkg(tmp_path):
    return build_store_file(tmp_path / "district.gpkg")


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with store_on(request, request.param, build_store_file(tmp_path / "district.gpkg")) as store:
        yield store


def test_a_decision_written_into_the_file_relaxes_nothing(gpkg):
    """A bare client leaves an "allow" row valid until 2999, as the guard once read
    them; then GDAL deletes the grid and leaves a gap."""
    with open_store(gpkg) as store:
        a, b = fid(store, A), fid(store, B)
    with sqlite3.connect(gpkg) as bare:
        bare.executemany(
            "INSERT INTO grid_edit_guard (decision, grid_fid, actor, reason, expires_at) "
            "VALUES ('allow', ?, 'x', 'forged', '2999-01-01T00:00:00.000Z')",
            [(a,), (b,)],
        )
    with pytest.raises(RuntimeError, match="grids are merged with the plugin, not deleted"):
        ogr_sql(gpkg, f"DELETE FROM grids WHERE code = '{B}'")
    with pytest.raises(RuntimeError, match="the change leaves ground no grid covers"):
        ogr_sql(gpkg, set_geometry(box(0, 0, 50, 100), A))
    # Not even a table of that name in the file: decisions are tables of a database
    # attached to the writing connection.
    with sqlite3.connect(gpkg) as bare:
        bare.execute(f'CREATE TABLE "allow_{b}" (x)')
        bare.execute('CREATE TABLE "refuse" (x)')
    with pytest.raises(RuntimeError, match="grids are merged with the plugin, not deleted"):
        ogr_sql(gpkg, f"DELETE FROM grids WHERE code = '{B}'")
    with open_store(gpkg) as store:
        assert grid(store, B)["geom"].equals(box(100, 0, 200, 100))


def test_the_plugins_decision_holds_for_its_own_connection_only(gpkg):
    with open_store(gpkg) as store:
        store.allow_grid_changes(checked(store, MERGED, [B]), "测绘员甲", "社区合并")
        # Meanwhile another writer (QGIS without the plugin, ogr2ogr) deletes B.
        with pytest.raises(RuntimeError, match="grids are merged with the plugin"):
            ogr_sql(gpkg, f"DELETE FROM grids WHERE code = '{B}'")
        store.update_grid(fid(store, A), box(0, 0, 200, 100))
        store.delete_grid(fid(store, B))
        store.clear_grid_guard()
        assert grid(store, A)["geom"].area == pytest.approx(20_000)
    # The decision ended with its connection (and with clear_grid_guard).
    with open_store(gpkg) as store, pytest.raises(StoreError, match="grids overlap"):
        store.update_grid(fid(store, EAST), box(150, 0, 300, 100))


def test_a_refusal_blocks_its_own_connection_only(gpkg):
    with open_store(gpkg) as store, open_store(gpkg) as other:
        store.refuse_grid_save("测绘员甲", "check failed")
        with pytest.raises(StoreError, match="refused by the grid check"):
            store.update_grid(fid(store, A), name="甲")
        other.update_grid(fid(other, A), name="乙")
        ogr_sql(gpkg, f"UPDATE grids SET name = '丙' WHERE code = '{A}'")
        assert grid(other, A)["name"] == "丙"


@pytest.mark.parametrize("writer", ["store", "gdal"])
def test_a_grid_far_beyond_the_district_is_refused(gpkg, writer):
    far = shapely.MultiPolygon([box(0, 0, 100, 100), box(110_000, 0, 110_100, 100)])
    with pytest.raises((StoreError, RuntimeError), match="a grid reaches beyond the district"):
        if writer == "gdal":
            ogr_sql(gpkg, set_geometry(far, A))
        else:
            with open_store(gpkg) as store:
                store.update_grid(fid(store, A), far)
    with open_store(gpkg) as store:
        assert grid(store, A)["geom"].equals(box(0, 0, 100, 100))


@pytest.mark.parametrize("writer", ["store", "gdal"])
def test_a_second_part_inside_the_neighbour_is_an_overlap(gpkg, writer):
    """A ∩ B is then a collection of the shared edge and the part (SpatiaLite's ST_Area
    of it is 0): its polygonal part counts."""
    two_parts = shapely.MultiPolygon([box(0, 0, 100, 100), box(120, 20, 150, 60)])
    assert shapely.intersection(two_parts, box(100, 0, 200, 100)).geom_type == (
        "GeometryCollection"
    )
    with pytest.raises((StoreError, RuntimeError), match="grids overlap"):
        if writer == "gdal":
            ogr_sql(gpkg, set_geometry(two_parts, A))
        else:
            with open_store(gpkg) as store:
                store.update_grid(fid(store, A), two_parts)


def test_both_backends_refuse_a_grid_beyond_its_community_or_the_district(store):
    with pytest.raises(StoreError, match="a grid reaches beyond the district"):
        store.update_grid(
            fid(store, A),
            shapely.MultiPolygon([box(0, 0, 100, 100), box(110_000, 0, 110_100, 100)]),
        )
    with pytest.raises(StoreError, match="grids overlap"):
        store.update_grid(
            fid(store, A), shapely.MultiPolygon([box(0, 0, 100, 100), box(120, 20, 150, 60)])
        )
    assert grid(store, A)["row_version"] == 1
    # A checked save relaxes overlaps and gaps among its grids, never the community: A
    # takes half of 002001 (north of it, in community 321012100002).
    north = "321012100002001"
    taken = ((A, box(0, 0, 100, 150)), (north, box(0, 150, 100, 200)))
    with pytest.raises(StoreError, match="a grid reaches beyond its community"):
        store.allow_grid_changes(checked(store, taken), "测绘员甲", "越界")
        store.update_grid(fid(store, north), box(0, 150, 100, 200))
        store.update_grid(fid(store, A), box(0, 0, 100, 150))
    store.clear_grid_guard()
    assert grid(store, A)["geom"].equals(box(0, 0, 100, 100))


def test_in_postgis_no_login_forges_a_decision(postgres, tmp_path):
    """Tom is staff of the west town; Gina a GIS editor; the owner made the store."""
    conninfo, schema = postgres.conninfo(), "guard_forged"
    with open_store(build_store_file(tmp_path / "district.gpkg")) as source:
        copy_to_postgis(source, StoreLocation.postgis(conninfo, schema))
    grant_access(StoreLocation.postgis(conninfo, schema))
    with psycopg.connect(conninfo, autocommit=True) as db:
        for login, kind in (("tom2", "town_staff"), ("gina2", "gis_editor")):
            db.execute(f"CREATE ROLE {login} LOGIN PASSWORD '{login}-pw' IN ROLE {schema}_{kind}")
        db.execute(f"INSERT INTO {schema}.staff_towns VALUES ('tom2', '321012100')")

    def session(name):
        connection = psycopg.connect(postgres.conninfo("postgres", name, f"{name}-pw"))
        connection.autocommit = True
        connection.execute(f"SET search_path TO {schema}, public")
        return connection

    with open_store(conninfo, schema=schema) as owner_store:
        b = fid(owner_store, B)
        merge = checked(owner_store, MERGED, [B])
        edge = checked(owner_store, EDGE_MOVED)
    forged = (
        "INSERT INTO grid_edit_guard (decision, grid_fid, actor, reason, expires_at) "
        f"VALUES ('allow', {b}, 'x', 'forged', '2999-01-01')"
    )
    with session("tom2") as tom, session("gina2") as gina, psycopg.connect(conninfo) as owner:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            tom.execute(forged)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            gina.execute(forged)
        owner.execute(f"SET search_path TO {schema}, public")
        with pytest.raises(psycopg.errors.RaiseException, match="made only by the grid check"):
            owner.execute(forged)
        owner.rollback()
        # The decision function checks the save as it leaves the grids.
        with pytest.raises(psycopg.errors.RaiseException, match="leaves ground no grid covers"):
            tom.execute(
                "SELECT grid_guard_decide(%s::jsonb, 'tom', 'forged', 3600)",
                (json.dumps({"deleted": [b]}),),
            )
        with pytest.raises(psycopg.errors.RaiseException, match="merged with the plugin"):
            tom.execute(f"DELETE FROM grids WHERE fid = {b}")
        # A sound decision lets only the writes it names through: Tom decides the merge,
        # then shrinks A instead.
        from jiangdu_grid_plugin.core.store.postgres.guard import save_json

        tom.execute("SELECT grid_guard_decide(%s::jsonb, 'tom', 'merge', 120)", (save_json(merge),))
        with pytest.raises(psycopg.errors.RaiseException, match="leaves ground no grid covers"):
            tom.execute(
                "UPDATE grids SET geom = ST_Multi(ST_GeomFromText(%s, 4549)) WHERE code = %s",
                (box(0, 0, 50, 100).wkt, A),
            )
        # Gina's writes are not Tom's decision's.
        with pytest.raises(psycopg.errors.RaiseException, match="merged with the plugin"):
            gina.execute(f"DELETE FROM grids WHERE fid = {b}")
        # Tom's own decision does: the edge moves as decided.
        tom.execute("SELECT grid_guard_decide(%s::jsonb, 'tom', 'edge', 120)", (save_json(edge),))
        for code, geometry in EDGE_MOVED:
            tom.execute(
                "UPDATE grids SET geom = ST_Multi(ST_GeomFromText(%s, 4549)) WHERE code = %s",
                (geometry.wkt, code),
            )
        tom.execute("SELECT grid_guard_clear()")
    with open_store(conninfo, schema=schema) as opened:
        assert grid(opened, A)["geom"].area == pytest.approx(5_000)
        assert grid(opened, B)["geom"].area == pytest.approx(15_000)
        assert opened.count("grid_edit_guard") == 0
