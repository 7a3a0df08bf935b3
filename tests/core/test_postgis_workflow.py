"""The six-step loop on a PostGIS store: the same moves as on a GeoPackage, and many
sessions at once without a lost update."""

from __future__ import annotations

import math
import threading
from collections import Counter
from datetime import datetime, timedelta, timezone

import psycopg
import pytest

from jiangdu_grid_plugin.core.privacy import mask_name, mask_phone
from jiangdu_grid_plugin.core.routing import Router
from jiangdu_grid_plugin.core.store import StoreError, open_store
from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.core.store.postgres import PostGISStore, copy_to_postgis, grant_access
from jiangdu_grid_plugin.core.workflow import Actor, ConflictError, WorkflowError, move
from tests.core.activity_fixture import OX, OY, add_activity, insert_incident
from tests.core.routing_fixture import build_store_file

CENTRE = Actor("command_centre", "指挥员甲")
OFFICER = Actor("grid_officer", "网格员乙", officer_id=1)
AT = datetime(2019, 6, 3, 1, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def stores(postgres, tmp_path_factory):
    """A GeoPackage store with three reported and five handled incidents, and three
    dispatched (two in the west town, one in the east), and its copy in PostGIS (schema
    jiangdu_loop)."""
    path = build_store_file(tmp_path_factory.mktemp("loop") / "district.gpkg")
    with open_store(path) as store:
        for i in range(3):
            insert_incident(store, f"R{i}")
        for i in range(5):
            insert_incident(store, f"H{i}", step="handled")
        for i in range(2):
            insert_incident(store, f"W{i}", step="dispatched")
        insert_incident(store, "E0", step="dispatched", grid="321012101001001", xy=(250, 50))
        copy_to_postgis(store, StoreLocation.postgis(postgres.conninfo(), "jiangdu_loop"))
    return path, postgres.conninfo()


def fids(store, ticket_prefix):
    return [
        row["fid"]
        for row in store.rows("incidents", ["ticket"])
        if row["ticket"][0] == ticket_prefix
    ]


def run_loop(store, fid):
    version = store.incident(fid)["row_version"]
    for step, actor in (
        ("registered", CENTRE),
        ("dispatched", CENTRE),
        ("handled", OFFICER),
        ("closed", CENTRE),
    ):
        version = move(store, fid, step, actor, version, note=step, at=AT)
    return store.incident(fid), store.incident_history(fid)


def test_the_loop_gives_the_same_rows_on_both_backends(stores):
    path, conninfo = stores
    with open_store(path) as gpkg:
        fid = fids(gpkg, "R")[0]
        on_gpkg = run_loop(gpkg, fid)
    with open_store(conninfo, schema="jiangdu_loop") as postgis:
        assert isinstance(postgis, PostGISStore)
        on_postgis = run_loop(postgis, fid)
    assert on_postgis == on_gpkg
    incident, history = on_postgis
    assert (incident["step"], incident["row_version"]) == ("closed", 5)
    assert incident["deadline_at"] == "2019-06-03T05:00:00.000Z"  # the item's 4 hours
    assert [row["to_step"] for row in history] == ["registered", "dispatched", "handled", "closed"]


def test_an_illegal_move_and_a_stale_version_are_refused(stores):
    _, conninfo = stores
    with open_store(conninfo, schema="jiangdu_loop") as store:
        fid = fids(store, "R")[1]
        with pytest.raises(WorkflowError, match="a grid officer cannot move an incident"):
            move(store, fid, "registered", OFFICER, 1, at=AT)
        move(store, fid, "registered", CENTRE, 1, at=AT)
        with pytest.raises(ConflictError, match=r"changed by someone else .* you had version 1"):
            move(store, fid, "rejected", CENTRE, 1, at=AT)
        assert len(store.incident_history(fid)) == 1


def test_many_sessions_at_once_lose_no_update(stores):
    """Eight sessions; in each round all read the same incident, wait for each other, and
    move it (close it, or send it back). One wins a round; the others are told."""
    _, conninfo = stores
    sessions, rounds = 8, 12
    with open_store(conninfo, schema="jiangdu_loop") as store:
        pool = fids(store, "H")
        before = {fid: store.incident(fid)["row_version"] for fid in pool}
        steps_before = {fid: len(store.incident_history(fid)) for fid in pool}
    barrier = threading.Barrier(sessions)
    outcomes = Counter()
    lock = threading.Lock()

    def session(number):
        actor = Actor("command_centre", f"指挥员{number}")
        with open_store(conninfo, schema="jiangdu_loop") as store:
            for round_ in range(rounds):
                fid = pool[round_ % len(pool)]
                incident = store.incident(fid)
                target = "closed" if incident["step"] == "handled" else "handled"
                barrier.wait(timeout=60)
                try:
                    move(store, fid, target, actor, incident["row_version"], at=AT)
                    outcome = "moved"
                except ConflictError:
                    outcome = "conflict"
                except WorkflowError:  # the one who sent it back may not close it
                    outcome = "refused"
                with lock:
                    outcomes[outcome] += 1

    threads = [threading.Thread(target=session, args=(n,)) for n in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(outcomes.values()) == sessions * rounds
    assert 1 <= outcomes["moved"] <= rounds
    assert outcomes["conflict"] >= rounds * (sessions - 2)
    with open_store(conninfo, schema="jiangdu_loop") as store:
        moved = 0
        for fid in pool:
            versions = store.incident(fid)["row_version"] - before[fid]
            steps = len(store.incident_history(fid)) - steps_before[fid]
            assert versions == steps  # every update has its history row, and no more
            moved += steps
    assert moved == outcomes["moved"]


@pytest.fixture(scope="module")
def roles(stores):
    return grant_access(StoreLocation.postgis(stores[1], "jiangdu_loop"))


def test_roles_town_staff_and_masked_personal_data(stores, roles, postgres):
    _, conninfo = stores
    assert roles == [
        "jiangdu_loop_supervisor",
        "jiangdu_loop_command_centre",
        "jiangdu_loop_town_staff",
        "jiangdu_loop_gis_editor",
    ]
    with psycopg.connect(conninfo, autocommit=True) as db:
        db.execute("CREATE ROLE alice LOGIN PASSWORD 'alice-pw' IN ROLE jiangdu_loop_town_staff")
        db.execute("CREATE ROLE bob LOGIN PASSWORD 'bob-pw' IN ROLE jiangdu_loop_supervisor")
        db.execute("INSERT INTO jiangdu_loop.staff_towns VALUES ('alice', '321012100')")
        db.execute(
            "UPDATE jiangdu_loop.incidents SET reporter_name = '张小明', "
            "reporter_phone = '13812345678' WHERE ticket = 'W0'"
        )
    with open_store(
        postgres.conninfo("postgres", "alice", "alice-pw"), schema="jiangdu_loop"
    ) as alice:
        west, east = fids(alice, "W")[0], fids(alice, "E")[0]
        assert move(alice, west, "handled", OFFICER, 1, at=AT) == 2
        with pytest.raises(StoreError, match=f"incidents {east}: you may not change it"):
            move(alice, east, "handled", OFFICER, 1, at=AT)
        assert alice.incident(east)["row_version"] == 1 and alice.incident_history(east) == []
    bob_conninfo = postgres.conninfo("postgres", "bob", "bob-pw")
    with open_store(bob_conninfo, schema="jiangdu_loop") as bob:
        other = fids(bob, "W")[1]
        with pytest.raises(StoreError, match="your database role may not move it"):
            move(bob, other, "handled", OFFICER, 1, at=AT)
    with psycopg.connect(bob_conninfo) as db:
        assert (
            db.execute(
                "SELECT reporter_name, reporter_phone FROM jiangdu_loop.incident_reporters_masked "
                "WHERE ticket = 'W0'"
            ).fetchone()
            == (mask_name("张小明"), mask_phone("13812345678"))
            == ("张*明", "138****5678")
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("SELECT reporter_phone FROM jiangdu_loop.incidents")


@pytest.mark.parametrize(
    "text", [None, "", "1", "1234567", "13812345678", " 8612 ", "张", "张三", "欧阳小明"]
)
def test_masking_in_postgis_follows_the_plugins_rules(stores, roles, text):
    _, conninfo = stores
    with psycopg.connect(conninfo) as db:
        assert db.execute(
            "SELECT jiangdu_loop.mask_phone(%s), jiangdu_loop.mask_name(%s)", (text, text)
        ).fetchone() == (mask_phone(text), mask_name(text))


def test_routing_reads_postgis_as_it_reads_the_geopackage(stores):
    path, conninfo = stores
    x = [OX + v for v in (10, 100, 150, 199.99, 250, 395, 405, -300, 100)]
    y = [OY + v for v in (20, 50, 100, 150, 50, 195, 100, 50, 100)]
    codes = ["01001", None, "01001", None, None, "01001", None, None, None]
    times = [AT] * len(x)
    with open_store(path) as gpkg:
        on_gpkg = Router.from_store(gpkg).route(x, y, codes, times)
        tiling = gpkg.grids_in_force(AT.date())
    with open_store(conninfo, schema="jiangdu_loop") as postgis:
        on_postgis = Router.from_store(postgis).route(x, y, codes, times)
        assert [(g["code"], g["geom"].wkb) for g in postgis.grids_in_force(AT.date())] == [
            (g["code"], g["geom"].wkb) for g in tiling
        ]
        assert postgis.grid_change_days() == []
    assert on_postgis == on_gpkg
    assert [r.rule for r in on_postgis] == [
        "inside", "on_boundary", "on_boundary", "inside", "inside", "inside", "nearest",
        "unroutable", "on_boundary",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def reported(postgres, tmp_path_factory):
    """The small district with its activity and three incidents moved along the loop at
    known times, in a GeoPackage and in PostGIS (schema jiangdu_figures)."""
    path = add_activity(build_store_file(tmp_path_factory.mktemp("figures") / "district.gpkg"))
    with open_store(path) as store:
        for number, hours in enumerate((2, 30, 80)):
            fid = insert_incident(store, f"F{number}")
            start = datetime(2019, 6, 3, 1, 0, tzinfo=timezone.utc)
            version = 1
            for step, actor, at in (
                ("registered", CENTRE, start),
                ("dispatched", CENTRE, start + timedelta(hours=1)),
                ("handled", OFFICER, start + timedelta(hours=hours)),
                ("closed", CENTRE, start + timedelta(hours=hours + 1)),
            ):
                version = move(store, fid, step, actor, version, at=at)
        copy_to_postgis(store, StoreLocation.postgis(postgres.conninfo(), "jiangdu_figures"))
    return path, postgres.conninfo()


@pytest.mark.parametrize(
    "group_by",
    ["district", "town", "grid", "category", "source", "unit", "officer", "month", "step"],
)
def test_workflow_figures_are_the_same_on_both_backends(reported, group_by):
    path, conninfo = reported
    arguments = dict(start=None, end=None, as_of="2019-07-01T00:00:00.000Z")
    with open_store(path) as gpkg:
        expected = gpkg.workflow_counts(group_by, **arguments)
    with open_store(conninfo, schema="jiangdu_figures") as postgis:
        found = postgis.workflow_counts(group_by, **arguments)
    # SQLite's julianday keeps times to the millisecond of a day, less than PostgreSQL.
    for row in (*found, *expected):
        row["hours"] = {step: round(hours, 6) for step, hours in row["hours"].items()}
    assert found == expected
    assert sum(row["incidents"] for row in found) == 10


def test_the_incident_list_is_the_same_on_both_backends(reported):
    path, conninfo = reported
    arguments = dict(as_of="2019-06-04T00:00:00.000Z", filters={"town_code": "321012100"})
    with open_store(path) as gpkg:
        expected = gpkg.incident_list(**arguments)
        grid = gpkg.grid_geometry("321012100001001")
    with open_store(conninfo, schema="jiangdu_figures") as postgis:
        found = postgis.incident_list(**arguments)
        assert postgis.grid_geometry("321012100001001").equals(grid)
        assert postgis.grid_geometry("nothing") is None
    for row in (*found, *expected):  # G has no place: NaN, which equals nothing
        row["x"], row["y"] = (None, None) if math.isnan(row["x"]) else (row["x"], row["y"])
    assert found == expected and len(found) == 8
