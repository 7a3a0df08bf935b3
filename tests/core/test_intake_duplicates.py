"""Possible duplicates: the command centre confirms (merges) or clears the store's mark."""

from __future__ import annotations

import pytest

from jiangdu_grid_plugin.core.intake.duplicates import clear_duplicate, merge_duplicate
from jiangdu_grid_plugin.core.text import UserError
from jiangdu_grid_plugin.core.workflow import Actor, ConflictError
from tests.core.backends import BACKENDS, store_on
from tests.core.intake_fixture import CENTRE, build_district, report


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with store_on(request, request.param, build_district(tmp_path / "d.gpkg")) as opened:
        yield opened


@pytest.fixture
def pair(store):
    at = "2019-11-25T08:00:00+08:00"
    original = report(store, 30, 40, reported_at=at)
    duplicate = report(store, 30, 60, reported_at="2019-11-25T10:00:00+08:00")
    assert duplicate["duplicate_of"] == original["fid"]
    return original, duplicate


def test_duplicates_are_listed_beside_their_originals(store, pair):
    original, duplicate = pair
    (listed,) = store.possible_duplicates()
    assert (listed["duplicate"]["ticket"], listed["original"]["ticket"]) == (
        duplicate["ticket"],
        original["ticket"],
    )
    assert (listed["item"], listed["metres"], listed["hours"]) == ("井盖破损", 20.0, 2.0)
    assert store.duplicate_links(original["fid"]) == dict(
        original=None,
        duplicates=[dict(fid=duplicate["fid"], ticket=duplicate["ticket"], step="reported")],
    )


def test_merging_closes_the_duplicate_with_a_reference(store, pair):
    original, duplicate = pair
    version = merge_duplicate(store, duplicate["fid"], 1, CENTRE)
    merged = store.incident(duplicate["fid"])
    assert (merged["step"], merged["row_version"], version) == ("rejected", 2, 2)
    assert store.incident_history(duplicate["fid"])[-1]["note"] == (
        f"重复上报，并入事件 {original['ticket']}"
    )
    assert store.possible_duplicates() == []
    assert len(store.possible_duplicates(open_only=False)) == 1  # the reference stays


def test_clearing_the_mark_keeps_the_report(store, pair):
    _, duplicate = pair
    assert clear_duplicate(store, duplicate["fid"], 1, CENTRE) == 2
    cleared = store.rows("incidents")[-1]
    assert (cleared["duplicate_of"], cleared["step"]) == (None, "reported")
    log = store.rows("audit_log")[-1]
    assert (log["actor"], log["reason"]) == ("指挥中心值班员", "not a duplicate")
    with pytest.raises(UserError, match="is not marked as a possible duplicate"):
        clear_duplicate(store, duplicate["fid"], 2, CENTRE)


def test_only_the_command_centre_decides_and_a_stale_view_is_a_conflict(store, pair):
    _, duplicate = pair
    officer = Actor("grid_officer", "人员1", 1)
    for decide in (merge_duplicate, clear_duplicate):
        with pytest.raises(UserError, match="only the command centre"):
            decide(store, duplicate["fid"], 1, officer)
    clear_duplicate(store, duplicate["fid"], 1, CENTRE)
    store._rows_of("UPDATE incidents SET duplicate_of = 1 WHERE fid = ?", (duplicate["fid"],))
    with pytest.raises(ConflictError, match="version 2; you had version 1"):
        clear_duplicate(store, duplicate["fid"], 1, CENTRE)
