"""The grids' guard, in the GeoPackage and in PostGIS, driven through the store's own
connection (the same triggers refuse QGIS's saves; tests/qgis drives those). Every rule
is checked on both backends."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta

import psycopg
import pytest
import shapely

from jiangdu_grid_plugin.core.grid_checks import GridRecord, GridSave
from jiangdu_grid_plugin.core.routing.cache import route_when_reported
from jiangdu_grid_plugin.core.store import StoreError, open_store
from jiangdu_grid_plugin.core.store.guard_rules import MESSAGES, refusal
from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.core.store.postgres import copy_to_postgis, grant_access
from jiangdu_grid_plugin.core.store.sqlite.guard import GUARD_TRIGGERS
from jiangdu_grid_plugin.core.timestamps import CHINA_TZ
from tests.core.activity_fixture import OX, OY, insert_incident
from tests.core.backends import BACKENDS, store_on
from tests.core.routing_fixture import build_store_file

# The small district: grids 100 m square; west town 321012100: 001001 at x 0-100 and
# 001002 at x 100-200 (south row), 002001 and 002002 above them.
A, B = "321012100001001", "321012100001002"


def box(x0, y0, x1, y1):
    return shapely.box(OX + x0, OY + y0, OX + x1, OY + y1)


@pytest.fixture
def gpkg_store(tmp_path):
    with open_store(build_store_file(tmp_path / "district.gpkg")) as store:
        yield store


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with store_on(request, request.param, build_store_file(tmp_path / "district.gpkg")) as store:
        yield store


def fid(store, code):
    return next(r["fid"] for r in store.rows("grids", ["code"]) if r["code"] == code)


def grid(store, code):
    return next(r for r in store.grid_records() if r["code"] == code and r["status"] == "active")


def checked(store, changed=(), deleted=()) -> GridSave:
    """A save as the plugin's check passes it: grids (code, new geometry) and deletions."""

    def record(code, geometry):
        row = grid(store, code)
        return GridRecord(
            row["fid"], code, row["community_code"], row["town_code"], "active", geometry
        )

    return GridSave(
        tuple(record(code, geometry) for code, geometry in changed),
        frozenset(grid(store, code)["fid"] for code in deleted),
    )


EDGE_MOVED = ((A, box(0, 0, 50, 100)), (B, box(50, 0, 200, 100)))


def test_every_guard_trigger_is_in_the_file(gpkg_store):
    with sqlite3.connect(gpkg_store.path) as connection:
        names = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'grids'"
            )
        }
    assert set(GUARD_TRIGGERS) <= names


def test_moving_a_shared_edge_needs_both_grids_in_one_checked_save(store):
    # The facility at (60, 60) is in A; the boundary moves west to x = 50.
    with pytest.raises(StoreError, match="grids overlap"):
        store.update_grid(fid(store, B), box(50, 0, 200, 100))
    with pytest.raises(StoreError, match="leaves ground no grid covers"):
        store.update_grid(fid(store, A), box(0, 0, 50, 100))
    store.allow_grid_changes(checked(store, EDGE_MOVED), "测绘员甲", "道路改线")
    store.update_grid(fid(store, A), box(0, 0, 50, 100))
    store.update_grid(fid(store, B), box(50, 0, 200, 100))
    store.clear_grid_guard()
    assert grid(store, A)["geom"].area == pytest.approx(5000)
    assert grid(store, A)["row_version"] == 2
    facilities = {
        f["code"]: f["grid_code"] for f in store.rows("facilities", ["code", "grid_code"])
    }
    assert facilities["3210120113000007"] == B  # the street light at (60, 60) moved
    assert facilities["3210120101000001"] == A  # the cover at (10, 20) stayed
    versions = store.rows("grid_versions", ["code", "change", "valid_to"], with_geometry=True)
    assert [(v["code"], v["change"]) for v in versions] == [(A, "changed"), (B, "changed")]
    assert versions[0]["geom"].equals(box(0, 0, 100, 100))
    audit = [
        r
        for r in store.rows("audit_log", ["actor", "table_name", "row_key", "reason"])
        if r["table_name"] in ("grids", "facilities")
    ]
    # Between the two writes the light lay in no grid: the history says so.
    assert [(r["table_name"], r["row_key"]) for r in audit] == [
        ("grids", A),
        ("facilities", A),
        ("grids", B),
        ("facilities", B),
    ]
    assert {(r["actor"], r["reason"]) for r in audit} == {("测绘员甲", "道路改线")}


def test_grids_in_force_on_a_date(store):
    store.allow_grid_changes(checked(store, EDGE_MOVED), "测绘员甲", "道路改线")
    store.update_grid(fid(store, A), box(0, 0, 50, 100))
    store.update_grid(fid(store, B), box(50, 0, 200, 100))
    today = store.grid_records()[0]["geom"] is not None and date.today()
    before = {g["code"]: g["geom"].area for g in store.grids_in_force(date(2019, 1, 2))}
    assert before[A] == pytest.approx(10_000) and len(before) == 8
    # Edited "today" in China time: the new shapes are in force from today (or tomorrow
    # in UTC terms, whichever the clock says).
    later = {g["code"]: g["geom"].area for g in store.grids_in_force(today + timedelta(days=1))}
    assert later[A] == pytest.approx(5_000) and len(later) == 8


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            dict(
                geometry=shapely.Polygon(
                    [(OX, OY), (OX + 100, OY + 100), (OX + 100, OY), (OX, OY + 100)]
                )
            ),
            "a grid geometry is empty or invalid",
        ),
        (dict(code=B), "the grid code is used by another grid"),
        (dict(code="32101210000100X"), "15 digits starting with 321012"),
        (dict(code="321012100002009"), "starts with its community code"),
        (dict(status="retired"), "leaves ground no grid covers"),
    ],
)
def test_bad_writes_are_refused_and_change_nothing(store, change, message):
    before = grid(store, A)
    with pytest.raises(StoreError, match=message):
        store.update_grid(fid(store, A), **change)
    after = grid(store, A)
    assert (after["code"], after["row_version"]) == (before["code"], before["row_version"])
    assert after["geom"].equals(before["geom"])
    assert store.count("grid_versions") == 0


def test_a_grid_with_incidents_keeps_its_code(store):
    insert_incident(store, "X", "closed", A)
    with pytest.raises(StoreError, match="keeps its code"):
        store.update_grid(fid(store, A), code="321012100001009")


def test_deleting_is_refused_but_a_checked_merge_retires_the_grid(store):
    incidents = {
        "open": insert_incident(store, "open", "dispatched", B, (150, 50)),
        "closed": insert_incident(store, "closed", "closed", B, (160, 50)),
    }
    with pytest.raises(StoreError, match="grids are merged with the plugin, not deleted"):
        store.delete_grid(fid(store, B))
    store.allow_grid_changes(
        checked(store, [(A, box(0, 0, 200, 100))], [B]), "测绘员甲", "社区合并"
    )
    store.update_grid(fid(store, A), box(0, 0, 200, 100))
    store.delete_grid(fid(store, B))
    store.clear_grid_guard()
    rows = {(r["code"], r["status"]) for r in store.grid_records()}
    assert (B, "retired") in rows and (B, "active") not in rows
    assert store.incident(incidents["open"])["grid_code"] == A  # reassigned
    assert store.incident(incidents["closed"])["grid_code"] == B  # its history kept
    assert store.retired_grid_codes() == {B}
    facilities = {
        f["code"]: f["grid_code"] for f in store.rows("facilities", ["code", "grid_code"])
    }
    assert facilities["3210120101000002"] == A  # the retired cover at (150, 50)
    assert [(r["code"], r["change"]) for r in store.rows("grid_versions", ["code", "change"])] == [
        (A, "changed"),
        (B, "retired"),
    ]


def test_a_refused_save_blocks_every_grid_write_until_it_expires(store):
    store.refuse_grid_save("测绘员甲", "check failed", seconds=60)
    with pytest.raises(StoreError, match="refused by the grid check"):
        store.update_grid(fid(store, A), name="新名")
    # The refusal is named even when the write breaks a rule too (here: a gap).
    with pytest.raises(StoreError, match="refused by the grid check"):
        store.update_grid(fid(store, A), box(0, 0, 50, 100))
    store.clear_grid_guard()
    store.update_grid(fid(store, A), name="新名")
    store.refuse_grid_save("测绘员甲", "check failed", seconds=-1)  # already expired
    store.update_grid(fid(store, A), name="又一名")
    assert grid(store, A)["name"] == "又一名"


def test_a_client_without_the_spatial_functions_cannot_write_grids(gpkg_store):
    with (
        sqlite3.connect(gpkg_store.path) as connection,
        pytest.raises(sqlite3.OperationalError, match="no such function"),
    ):
        connection.execute("UPDATE grids SET name = 'x' WHERE code = ?", (A,))


def test_incidents_are_routed_with_the_grids_of_their_day(store):
    """The A/B boundary moves west to x = 50 today: a point at (60, 60) was in A before
    and is in B from today; one at (10, 20) stays in A."""
    store.allow_grid_changes(checked(store, EDGE_MOVED), "测绘员甲", "道路改线")
    store.update_grid(fid(store, A), box(0, 0, 50, 100))
    store.update_grid(fid(store, B), box(50, 0, 200, 100))
    store.clear_grid_guard()
    assert store.grid_change_days() == [datetime.now(CHINA_TZ).date()]
    now = datetime.now(CHINA_TZ)
    earlier = now - timedelta(days=3)
    x, y = [OX + 60, OX + 60, OX + 10, OX + 60], [OY + 60, OY + 60, OY + 20, OY + 60]
    routes = route_when_reported(store, x, y, times=[earlier, now, earlier, None])
    assert [r.grid_code for r in routes] == [A, B, A, B]
    assert [r.rule for r in routes] == ["inside"] * 4
    assert [r.grid_code for r in route_when_reported(store, x, y)] == [B, B, A, B]


def test_in_postgis_town_staff_edit_their_towns_grids_and_each_login_its_own_save(
    postgres, tmp_path
):
    """Tom is staff of the west town 321012100, Gina a GIS editor, Sam a supervisor."""
    conninfo, schema = postgres.conninfo(), "guard_roles"
    with open_store(build_store_file(tmp_path / "district.gpkg")) as source:
        copy_to_postgis(source, StoreLocation.postgis(conninfo, schema))
    grant_access(StoreLocation.postgis(conninfo, schema))
    with psycopg.connect(conninfo, autocommit=True) as db:
        for login, kind in (("tom", "town_staff"), ("gina", "gis_editor"), ("sam", "supervisor")):
            db.execute(f"CREATE ROLE {login} LOGIN PASSWORD '{login}-pw' IN ROLE {schema}_{kind}")
        db.execute(f"INSERT INTO {schema}.staff_towns VALUES ('tom', '321012100')")

    def login(name):
        return open_store(postgres.conninfo("postgres", name, f"{name}-pw"), schema=schema)

    east = "321012101001001"
    with login("tom") as tom, login("gina") as gina, login("sam") as sam:
        # Tom moves the A/B edge in his town: the light at (60, 60) goes to B, written by
        # the guard although Tom may not write facilities himself.
        tom.allow_grid_changes(checked(tom, EDGE_MOVED), "网格长汤", "道路改线")
        tom.update_grid(fid(tom, A), box(0, 0, 50, 100))
        tom.update_grid(fid(tom, B), box(50, 0, 200, 100))
        tom.clear_grid_guard()
        lights = {f["code"]: f["grid_code"] for f in tom.rows("facilities", ["code", "grid_code"])}
        assert lights["3210120113000007"] == B
        audit = tom.rows("audit_log", ["actor", "table_name", "row_key"])
        assert ("网格长汤", "facilities", A) in {
            (r["actor"], r["table_name"], r["row_key"]) for r in audit
        }
        # The east town's grids are not his: refused by name, not skipped.
        with pytest.raises(StoreError, match=f"grid {east} is not in your towns"):
            tom.update_grid(fid(tom, east), name="汤改的名")
        with pytest.raises(StoreError, match=f"grid {east} is not in your towns"):
            tom.delete_grid(fid(tom, east))
        assert grid(tom, east)["name"] != "汤改的名"
        # His refused save blocks his own writes only.
        tom.refuse_grid_save("网格长汤", "check failed")
        with pytest.raises(StoreError, match="refused by the grid check"):
            tom.update_grid(fid(tom, A), name="新名")
        gina.update_grid(fid(gina, east), name="吉娜改的名")
        assert grid(gina, east)["name"] == "吉娜改的名"
        tom.clear_grid_guard()
        tom.update_grid(fid(tom, A), name="新名")
        with pytest.raises(StoreError, match="permission denied for table grids"):
            sam.update_grid(fid(sam, A), name="督导改的名")


def test_a_trigger_says_its_refusal_in_both_languages():
    assert refusal("overlap") == "jiangdu_grid: 网格相互重叠 / grids overlap"
    assert refusal("other_town") % ("X", "X") == (
        "jiangdu_grid: 网格 X 不属于您负责的镇 / grid X is not in your towns: your login "
        "edits only their grids"
    )
    assert all(message.en and message.zh for message in MESSAGES.values())
