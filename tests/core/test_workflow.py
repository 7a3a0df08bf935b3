"""The six-step loop: every legal and illegal move, roles, the handler who may not close,
conflicts, deadlines and escalation, on the small district."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from jiangdu_grid_plugin.core import workflow
from jiangdu_grid_plugin.core.reference_data import INCIDENT_STATES, WORKFLOW_TRANSITIONS
from jiangdu_grid_plugin.core.store.schema import ACTOR_ROLES
from jiangdu_grid_plugin.core.timestamps import from_datetime_text
from jiangdu_grid_plugin.core.workflow import Actor, ConflictError, Workflow, WorkflowError
from tests.core.activity_fixture import insert_incident
from tests.core.backends import BACKENDS, store_on
from tests.core.routing_fixture import build_store_file

T0 = datetime(2019, 6, 3, 1, 0, tzinfo=timezone.utc)
DESK = Actor("command_centre", "指挥员甲")
OFFICER = Actor("grid_officer", "人员1", 1)


def new_incident(store, ticket="A", catalog="01001", step="reported", source="patrol") -> int:
    return insert_incident(store, ticket, step, catalog=catalog, source=source)


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with store_on(request, request.param, build_store_file(tmp_path / "district.gpkg")) as store:
        yield store


def go(store, fid, steps):
    """Move through (to_step, actor) pairs, an hour apart from T0; returns the version."""
    version = store.incident(fid)["row_version"]
    for hour, (to_step, actor) in enumerate(steps, start=1):
        version = workflow.move(store, fid, to_step, actor, version, at=T0 + timedelta(hours=hour))
    return version


def test_the_whole_loop_writes_history_deadline_and_closure(store):
    fid = new_incident(store)
    version = go(
        store,
        fid,
        [
            ("registered", DESK),
            ("dispatched", DESK),
            ("handled", OFFICER),
            ("closed", Actor("command_centre", "指挥员乙")),
            ("evaluated", DESK),
        ],
    )
    incident = store.incident(fid)
    assert (incident["step"], incident["row_version"], version) == ("evaluated", 6, 6)
    # Dispatched at T0 + 2 h, item 01001 has 4 hours.
    assert from_datetime_text(incident["deadline_at"]) == T0 + timedelta(hours=6)
    assert from_datetime_text(incident["closed_at"]) == T0 + timedelta(hours=4)
    history = store.incident_history(fid)
    assert [(r["from_step"], r["to_step"], r["actor_role"]) for r in history] == [
        ("reported", "registered", "command_centre"),
        ("registered", "dispatched", "command_centre"),
        ("dispatched", "handled", "grid_officer"),
        ("handled", "closed", "command_centre"),
        ("closed", "evaluated", "command_centre"),
    ]
    assert history[2]["officer_id"] == 1 and history[3]["actor_name"] == "指挥员乙"


LEGAL = {(t.from_step, t.to_step, t.actor_role) for t in WORKFLOW_TRANSITIONS}
STEPS = [state.code for state in INCIDENT_STATES]
# What each kind of need is given in the sweep of every legal move.
GIVEN = dict(
    note="理由",
    deadline=T0 + timedelta(days=3),
    unit_code="050",
    satisfaction=None,  # the only value a move allows, or the first
)


@pytest.mark.parametrize(
    "transition", WORKFLOW_TRANSITIONS, ids=lambda t: f"{t.from_step}-{t.move}-{t.actor_role}"
)
def test_every_legal_move(store, transition):
    fid = new_incident(store, step=transition.from_step, source=transition.source or "patrol")
    actor = Actor(
        transition.actor_role, "某人" if transition.actor_role != "command_centre" else "指挥员丙"
    )
    needs = workflow.parse_needs(transition.needs)
    given = {n.name: GIVEN[n.name] for n in needs if n.name != "assignee"}
    if any(n.name == "satisfaction" for n in needs):
        given["satisfaction"] = next(n.values[0] for n in needs if n.name == "satisfaction")
    if any(n.name == "assignee" for n in needs):
        given["unit_code"] = GIVEN["unit_code"]
    assert workflow.move(store, fid, transition.move, actor, 1, at=T0, **given) == 2
    assert store.incident(fid)["step"] == transition.to_step
    (row,) = store.incident_history(fid)
    assert (row["move"], row["note"]) == (transition.move, given.get("note"))


def test_every_illegal_move_is_refused_and_changes_nothing(store):
    incidents = {step: new_incident(store, ticket=step, step=step) for step in STEPS}
    wf = Workflow.from_store(store)
    refused = 0
    for from_step, fid in incidents.items():
        for to_step in STEPS:
            for role in ACTOR_ROLES:
                if (from_step, to_step, role) in LEGAL:
                    continue
                with pytest.raises(WorkflowError):
                    workflow.move(store, fid, to_step, Actor(role, "某人"), 1, workflow=wf)
                refused += 1
    assert refused == len(STEPS) ** 2 * len(ACTOR_ROLES) - len(LEGAL)
    assert {store.incident(fid)["row_version"] for fid in incidents.values()} == {1}
    assert store.count("incident_steps") == 0


def test_a_refusal_says_what_the_role_may_do(store):
    fid = new_incident(store, step="dispatched")
    with pytest.raises(WorkflowError) as refused:
        workflow.move(store, fid, "closed", OFFICER, 1)
    assert refused.value.text("en") == (
        "a grid officer cannot move an incident from Dispatched to Closed; from there they "
        "may: Report handling, Send back to the command centre, Ask for more time"
    )
    assert refused.value.text("zh") == (
        "网格员不能把事件从“指挥派遣”转到“核查结案”；此环节可以：处理反馈、退回、延期申请"
    )
    with pytest.raises(WorkflowError, match="there is no step 'done'"):
        workflow.move(store, fid, "done", OFFICER, 1)
    with pytest.raises(WorkflowError, match="there is no incident 999"):
        workflow.move(store, 999, "handled", OFFICER, 1)


@pytest.mark.parametrize(
    "closer",
    [
        Actor("command_centre", "别名", 1),  # the same officer, by id
        Actor("command_centre", "人员1"),  # the same person, by name
    ],
)
def test_whoever_handled_a_case_cannot_close_it(store, closer):
    fid = new_incident(store, step="dispatched")
    version = workflow.move(store, fid, "handled", OFFICER, 1, at=T0)
    with pytest.raises(WorkflowError, match="handled incident A and cannot also check"):
        workflow.move(store, fid, "closed", closer, version)
    assert workflow.move(store, fid, "closed", DESK, version) == version + 1


def test_a_failed_check_sends_the_case_back_and_reopens_it(store):
    fid = new_incident(store, step="dispatched")
    version = go(store, fid, [("handled", OFFICER), ("closed", DESK)])
    assert store.incident(fid)["closed_at"] is not None
    version = workflow.move(store, fid, "handled", DESK, version, note="井盖仍松动")
    incident = store.incident(fid)
    assert (incident["step"], incident["closed_at"]) == ("handled", None)
    assert store.incident_history(fid)[-1]["note"] == "井盖仍松动"


def test_the_second_of_two_supervisors_gets_a_conflict(store, tmp_path):
    fid = new_incident(store)
    seen = store.incident(fid)["row_version"]
    with store.location.open(migrate=False) as other:
        workflow.move(other, fid, "registered", Actor("command_centre", "乙"), seen)
    with pytest.raises(ConflictError) as conflict:
        workflow.move(store, fid, "rejected", DESK, seen)
    assert conflict.value.text("en") == (
        "incident A was changed by someone else since you opened it (now Registered, "
        "version 2; you had version 1): reload it and try again"
    )
    assert "请刷新后重试" in conflict.value.text("zh")
    assert [r["actor_name"] for r in store.incident_history(fid)] == ["乙"]


def test_a_move_is_one_transaction(store, monkeypatch):
    fid = new_incident(store)

    def failing_insert(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "insert", failing_insert)
    with pytest.raises(sqlite3.OperationalError):
        workflow.move(store, fid, "registered", DESK, 1)
    monkeypatch.undo()
    assert (store.incident(fid)["step"], store.incident(fid)["row_version"]) == ("reported", 1)


def test_dispatch_without_a_catalogue_item_gets_24_hours(store):
    fid = new_incident(store, catalog=None, step="registered")
    workflow.move(store, fid, "dispatched", DESK, 1, at=T0)
    assert from_datetime_text(store.incident(fid)["deadline_at"]) == T0 + timedelta(hours=24)


def test_escalation_by_hand_one_level_at_a_time(store):
    fid = new_incident(store, step="dispatched")
    version = 1
    for level in ("community", "town", "district"):
        version = workflow.escalate(store, fid, DESK, version, at=T0)
        assert store.incident(fid)["escalation"] == level
    with pytest.raises(WorkflowError, match="already with the district's grid leader"):
        workflow.escalate(store, fid, DESK, version)
    with pytest.raises(WorkflowError, match="a grid officer cannot escalate"):
        workflow.escalate(store, fid, OFFICER, version)
    history = store.incident_history(fid)
    assert [(r["from_step"], r["to_step"], r["escalated_to"]) for r in history] == [
        ("dispatched", "dispatched", "community"),
        ("dispatched", "dispatched", "town"),
        ("dispatched", "dispatched", "district"),
    ]
    assert history[1]["note"] == "升级至镇级网格长"


def test_closed_incidents_do_not_escalate(store):
    fid = new_incident(store, step="closed")
    with pytest.raises(WorkflowError, match="only open incidents escalate"):
        workflow.escalate(store, fid, DESK, 1)


@pytest.mark.parametrize(
    ("late", "level"),
    [
        (timedelta(0), None),
        (timedelta(minutes=1), "community"),
        (timedelta(hours=4), "town"),  # a second deadline's length (4 h) overdue
        (timedelta(hours=8), "district"),
        (timedelta(days=30), "district"),
    ],
)
def test_due_level(late, level):
    assert workflow.due_level(T0, 4, T0 + late) == level


def test_overdue_cases_escalate_and_closing_ends_it(store):
    fid = new_incident(store, step="registered")
    on_time = new_incident(store, ticket="B", step="registered")
    workflow.move(store, fid, "dispatched", DESK, 1, at=T0)  # due T0 + 4 h
    workflow.move(store, on_time, "dispatched", DESK, 1, at=T0 + timedelta(hours=3))
    assert workflow.escalate_overdue(store, T0 + timedelta(hours=4)) == []
    assert workflow.escalate_overdue(store, T0 + timedelta(hours=5)) == [("A", "community")]
    assert workflow.escalate_overdue(store, T0 + timedelta(hours=5, minutes=30)) == []
    assert workflow.escalate_overdue(store, T0 + timedelta(hours=13)) == [
        ("A", "district"),
        ("B", "town"),
    ]
    history = store.incident_history(fid)
    assert history[-1]["actor_role"] == "system"
    assert history[-1]["note"] == "超时未办结，升级至区级网格长"
    go(store, fid, [("handled", OFFICER), ("closed", DESK)])
    assert store.incident(fid)["escalation"] is None
    assert workflow.escalate_overdue(store, T0 + timedelta(days=3)) == [("B", "district")]


# Figures, on five incidents with known histories.


def test_report_counts_rates_hours_and_score(store):
    from jiangdu_grid_plugin.core.workflow_report import report

    def at(hours):
        return T0 + timedelta(hours=hours)

    def moves(fid, *steps):
        version = 1
        for hours, to_step, actor in steps:
            version = workflow.move(store, fid, to_step, actor, version, at=at(hours))

    closer = Actor("command_centre", "指挥员乙")
    # Reported 2019-06-03 00:30 UTC. Item 01001: 4 hours from dispatch.
    moves(
        new_incident(store, "on_time"),
        (1, "registered", DESK),
        (2, "dispatched", DESK),
        (3, "handled", OFFICER),
        (4, "closed", closer),
    )  # due 6 h, closed 4 h
    moves(
        new_incident(store, "late"),
        (1, "registered", DESK),
        (1.5, "dispatched", DESK),
        (7, "handled", OFFICER),
        (8, "closed", closer),
    )  # due 5.5 h, closed 8 h
    moves(new_incident(store, "overdue"), (1, "registered", DESK), (2, "dispatched", DESK))
    moves(new_incident(store, "rejected"), (1, "rejected", DESK))
    new_incident(store, "fresh")
    (row,) = report(store, "district", as_of=at(10))
    assert {k: row[k] for k in ("incidents", "closed", "in_progress", "rejected", "overdue")} == {
        "incidents": 5,
        "closed": 2,
        "in_progress": 2,
        "rejected": 1,
        "overdue": 1,
    }
    assert (row["closure_rate"], row["on_time_rate"]) == (0.5, 0.5)
    # 100 × (0.4 × 0.5 + 0.4 × 0.5 + 0.2 × (1 − 1/4))
    assert row["score"] == pytest.approx(55.0)
    # No history row for the report itself: the first move has no duration.
    assert row["hours_dispatched"] == pytest.approx((1 + 0.5 + 1) / 3)
    assert row["hours_handled"] == pytest.approx((1 + 5.5) / 2)
    assert row["hours_closed"] == pytest.approx(1.0)
    by_officer = {r["name"]: r["closed"] for r in report(store, "officer", as_of=at(10))}
    assert by_officer == {"人员1": 2, "(none)": 0}
    early = report(store, "district", as_of=at(10), end=at(-1))  # before any report
    assert early == []
    filtered = report(store, "town", as_of=at(10), filters={"step": "closed"}, language="zh")
    assert [(r["name"], r["closed"]) for r in filtered] == [("仙女镇", 2)]


def test_score_formula_leaves_out_what_cannot_be_computed():
    from jiangdu_grid_plugin.core.workflow_report import score

    assert score(1.0, 1.0, 0.0) == 100.0
    assert score(0.5, None, 0.0) == pytest.approx(100 * (0.4 * 0.5 + 0.2) / 0.6)
    assert score(None, None, None) is None
