"""The moves districts make beside the six steps (退回, 改派, 延期, 挂账/恢复, 回访/返工),
each on both backends with the role allowed, a role refused and a conflict; and
deadlines in working time across 2019's National Day, Spring Festival and 调休 days."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from jiangdu_grid_plugin.core import workflow
from jiangdu_grid_plugin.core.timestamps import CHINA_TZ, from_datetime_text
from jiangdu_grid_plugin.core.workflow import Actor, ConflictError, WorkflowError
from tests.core.activity_fixture import insert_incident
from tests.core.backends import BACKENDS, store_on
from tests.core.routing_fixture import build_store_file

DESK = Actor("command_centre", "指挥员甲")
OFFICER = Actor("grid_officer", "人员1", 1)
UNIT = Actor("unit", "单位46")


def china(*parts) -> datetime:
    return datetime(*parts, tzinfo=CHINA_TZ)


T0 = china(2019, 6, 3, 9)  # a Monday


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    path = build_store_file(tmp_path / "district.gpkg")
    with store_on(request, "gpkg", path) as gpkg:
        gpkg.insert(
            "event_catalog",
            [
                dict(code=code, category_code="01", name=name, unit_code="046",
                     deadline_hours=amount, deadline_unit=unit)
                for code, name, amount, unit in (
                    ("01002", "道路破损", 1, "working_days"),
                    ("01003", "路灯不亮", 8, "working_hours"),
                    ("01004", "违章搭建", 5, "working_days"),
                )
            ],
        )  # fmt: skip
    with store_on(request, request.param, path) as store:
        yield store


def deadline(store, fid) -> datetime | None:
    text = store.incident(fid)["deadline_at"]
    return None if text is None else from_datetime_text(text).astimezone(CHINA_TZ)


def dispatched(store, ticket="A", catalog="01001", source="patrol", at=T0) -> tuple[int, int]:
    """An incident dispatched at `at`: (fid, version)."""
    fid = insert_incident(store, ticket, "registered", catalog=catalog, source=source)
    return fid, workflow.move(store, fid, "dispatch", DESK, 1, at=at)


# Each move: (code, the step it starts from, who may, who may not, what it is given).
MOVES = [
    ("send_back", "dispatched", UNIT, DESK, dict(note="非本单位职责")),
    ("reassign", "dispatched", DESK, OFFICER, dict(unit_code="050")),
    (
        "request_extension",
        "dispatched",
        OFFICER,
        DESK,
        dict(deadline=china(2019, 6, 10, 17), note="需协调"),
    ),
    ("approve_extension", "extension_requested", DESK, OFFICER, dict(deadline=china(2019, 6, 10))),
    ("refuse_extension", "extension_requested", DESK, UNIT, dict(note="理由不充分")),
    ("suspend", "dispatched", DESK, OFFICER, dict(note="待汛期结束")),
    ("resume", "suspended", DESK, UNIT, dict()),
    ("follow_up", "closed", DESK, OFFICER, dict(satisfaction="satisfied")),
    ("rework", "closed", DESK, UNIT, dict(note="群众不满意")),
]


@pytest.mark.parametrize(
    ("code", "step", "allowed", "refused", "given"), MOVES, ids=[m[0] for m in MOVES]
)
def test_each_move_for_its_role_refused_to_others_and_conflicting(
    store, code, step, allowed, refused, given
):
    fid = insert_incident(store, "A", step, source="hotline_12345")
    with pytest.raises(WorkflowError) as refusal:
        workflow.move(store, fid, code, refused, 1, at=T0, **given)
    assert "cannot move an incident" in refusal.value.text("en")
    version = workflow.move(store, fid, code, allowed, 1, at=T0, **given)
    assert version == 2
    (row,) = store.incident_history(fid)
    assert (row["move"], row["actor_role"]) == (code, allowed.role)
    with pytest.raises(ConflictError, match="changed by someone else"):
        workflow.move(store, fid, code, allowed, 1, at=T0, **given)  # version 1 is gone
    assert store.incident(fid)["row_version"] == 2


def test_a_unit_sends_a_wrong_dispatch_back_with_a_reason(store):
    fid, version = dispatched(store)
    with pytest.raises(WorkflowError) as refused:
        workflow.move(store, fid, "退回", UNIT, version, at=T0)
    assert refused.value.text("zh") == "事件 A 的“退回”需填写理由"
    version = workflow.move(store, fid, "退回", UNIT, version, note="非本单位职责", at=T0)
    incident = store.incident(fid)
    assert (incident["step"], incident["deadline_at"]) == ("registered", None)
    # The command centre dispatches it again, to the right unit, with a fresh deadline.
    later = T0 + timedelta(hours=2)
    workflow.move(store, fid, "dispatched", DESK, version, at=later, unit_code="050")
    assert deadline(store, fid) == later + timedelta(hours=4)
    assert store.incident_history(fid)[-1]["unit_code"] == "050"


def test_reassigning_restarts_the_clock_and_checks_the_assignee(store):
    fid, version = dispatched(store)
    with pytest.raises(WorkflowError, match="needs a unit or an officer"):
        workflow.move(store, fid, "改派", DESK, version, at=T0)
    with pytest.raises(WorkflowError, match="there is no unit '999'"):
        workflow.move(store, fid, "reassign", DESK, version, unit_code="999")
    with pytest.raises(WorkflowError, match="there is no officer 77"):
        workflow.move(store, fid, "reassign", DESK, version, assignee_id=77)
    later = T0 + timedelta(hours=3)
    workflow.move(store, fid, "reassign", DESK, version, at=later, assignee_id=2)
    row = store.incident_history(fid)[-1]
    assert (row["from_step"], row["to_step"], row["assignee_id"]) == (
        "dispatched",
        "dispatched",
        2,
    )
    assert deadline(store, fid) == later + timedelta(hours=4)
    assert from_datetime_text(row["deadline_at"]) == later + timedelta(hours=4)


def test_an_extension_asked_then_approved_or_refused(store):
    fid, version = dispatched(store)  # due 13:00
    asked = china(2019, 6, 4, 17)
    with pytest.raises(WorkflowError, match="must be later than 2019-06-03 13:00"):
        workflow.move(store, fid, "延期申请", OFFICER, version, note="需协调", deadline=T0, at=T0)
    version = workflow.move(
        store, fid, "延期申请", OFFICER, version, note="需协调", deadline=asked, at=T0
    )
    assert store.incident(fid)["step"] == "extension_requested"
    assert deadline(store, fid) == china(2019, 6, 3, 13)  # the clock runs meanwhile
    assert from_datetime_text(store.incident_history(fid)[-1]["deadline_at"]) == asked
    # Two moves lead back to dispatched: naming the step is not enough.
    with pytest.raises(WorkflowError) as ambiguous:
        workflow.move(store, fid, "dispatched", DESK, version)
    assert ambiguous.value.text("en") == (
        "several moves lead from Extension requested to Dispatched: name one of "
        "approve_extension (Approve the extension), refuse_extension (Refuse the extension)"
    )
    other, other_version = dispatched(store, "B")
    other_version = workflow.move(
        store, other, "request_extension", UNIT, other_version, note="需协调", deadline=asked, at=T0
    )
    workflow.move(store, fid, "批准延期", DESK, version, deadline=asked, at=T0 + timedelta(hours=1))
    assert (store.incident(fid)["step"], deadline(store, fid)) == ("dispatched", asked)
    with pytest.raises(WorkflowError, match="needs a reason"):
        workflow.move(store, other, "refuse_extension", DESK, other_version)
    workflow.move(store, other, "不予延期", DESK, other_version, note="可按期办结")
    assert deadline(store, other) == china(2019, 6, 3, 13)


def test_suspension_stops_the_clock_for_the_office_time_it_took(store):
    fid, version = dispatched(store, catalog="01003")  # 8 working hours from Mon 09:00
    assert deadline(store, fid) == china(2019, 6, 4, 10)  # 6.5 h on Monday, 1.5 on Tuesday
    version = workflow.move(
        store, fid, "挂账", DESK, version, note="待管线迁改", at=china(2019, 6, 3, 10)
    )
    incident = store.incident(fid)
    assert (incident["step"], incident["deadline_at"]) == ("suspended", None)
    assert workflow.escalate_overdue(store, china(2019, 6, 20)) == []  # no clock, no overdue
    # Resumed a working day later (7 h of office time): due a working day later.
    workflow.move(store, fid, "恢复", DESK, version, at=china(2019, 6, 4, 10))
    assert (store.incident(fid)["step"], deadline(store, fid)) == (
        "dispatched",
        china(2019, 6, 5, 10),
    )


def test_follow_up_of_a_hotline_case_and_rework_when_unsatisfied(store):
    fid = insert_incident(store, "A", "closed", source="hotline_12345")
    patrol = insert_incident(store, "B", "closed")
    with pytest.raises(WorkflowError) as refused:
        workflow.move(store, patrol, "回访", DESK, 1, satisfaction="satisfied")
    assert refused.value.text("zh") == "“回访”只适用于来自12345 热线的事件"
    with pytest.raises(WorkflowError, match="must be satisfied"):
        workflow.move(store, fid, "follow_up", DESK, 1, satisfaction="unsatisfied")
    version = workflow.move(
        store, fid, "follow_up", DESK, 1, satisfaction="basically_satisfied", at=T0
    )
    assert store.incident(fid)["step"] == "closed"
    later = T0 + timedelta(days=1)
    workflow.move(store, fid, "rework", DESK, version, note="路面仍积水", at=later)
    incident = store.incident(fid)
    assert (incident["step"], incident["closed_at"]) == ("dispatched", None)
    assert deadline(store, fid) == later + timedelta(hours=4)
    assert [r["satisfaction"] for r in store.incident_history(fid)] == [
        "basically_satisfied",
        "unsatisfied",
    ]


# Deadlines in working time (the official calendar from chinesecalendar).


@pytest.mark.parametrize(
    ("catalog", "at", "due"),
    [
        # National Day: 1-7 October off; the first working day after 30 September is 8 October.
        ("01002", china(2019, 9, 30, 16), china(2019, 10, 8, 17, 30)),
        ("01003", china(2019, 9, 30, 16), china(2019, 10, 8, 17)),
        # Spring Festival: 4-10 February off; Saturday 2 and Sunday 3 February are working days.
        ("01002", china(2019, 2, 1, 10), china(2019, 2, 2, 17, 30)),
        ("01004", china(2019, 2, 1, 10), china(2019, 2, 13, 17, 30)),  # 2, 3, 11, 12, 13
        # Saturday 12 October 2019 is a working day (调休 for National Day).
        ("01002", china(2019, 10, 11, 16), china(2019, 10, 12, 17, 30)),
        ("01001", china(2019, 9, 30, 16), china(2019, 9, 30, 20)),  # 4 calendar hours
    ],
)
def test_dispatch_deadlines_on_the_official_calendar(store, catalog, at, due):
    fid, _ = dispatched(store, catalog=catalog, at=at)
    assert deadline(store, fid) == due


def test_the_districts_own_days_move_deadlines(store):
    store.insert("calendar_overrides", [dict(day="2019-10-08", working=0, note="区里调休")])
    fid, _ = dispatched(store, catalog="01002", at=china(2019, 9, 30, 16))
    assert deadline(store, fid) == china(2019, 10, 9, 17, 30)


def test_overdue_escalation_counts_working_days(store):
    fid, _ = dispatched(store, catalog="01002", at=china(2019, 9, 30, 16))  # due 10-08 17:30
    assert workflow.escalate_overdue(store, china(2019, 10, 8, 17)) == []
    # Overdue over a night: under a working day late, with the community.
    assert workflow.escalate_overdue(store, china(2019, 10, 9, 8)) == [("A", "community")]
    # A whole working day later (9 October's office hours): the town's.
    assert workflow.escalate_overdue(store, china(2019, 10, 9, 18)) == [("A", "town")]
    assert store.incident(fid)["escalation"] == "town"


def test_cancelled_escalation_and_batch_moves_change_nothing(store):
    from jiangdu_grid_plugin.core.progress import CanceledError, Progress
    from jiangdu_grid_plugin.core.workflow.batch import apply_moves

    first, _ = dispatched(store, ticket="A", catalog="01002", at=china(2019, 9, 30, 16))
    dispatched(store, ticket="B", catalog="01002", at=china(2019, 9, 30, 16))
    heard = []
    stop = Progress(heard.append, lambda: len(heard) == 1)  # before the second incident
    before = store.incident(first)
    with pytest.raises(CanceledError):
        workflow.escalate_overdue(store, china(2019, 10, 9, 8), progress=stop)
    assert heard == [0.0] and store.incident(first) == before
    heard.clear()
    with pytest.raises(CanceledError), store.transaction():
        apply_moves(store, ["ticket", "move"], [["A", "退回"], ["B", "退回"]], DESK, progress=stop)
    assert heard == [0.0] and store.incident(first) == before
    assert workflow.escalate_overdue(store, china(2019, 10, 9, 8)) == [
        ("A", "community"),
        ("B", "community"),
    ]


# The evaluation indicators, on five incidents with known histories.


def test_the_evaluation_indicators(store):
    from jiangdu_grid_plugin.core.workflow_report import report

    def hours(h):
        return T0 + timedelta(hours=h)

    def run(fid, *moves):
        version = 1
        for h, code, actor, given in moves:
            version = workflow.move(store, fid, code, actor, version, at=hours(h), **given)

    why = dict(note="理由")
    run(  # dispatched at 1, due 5, handled at 3: on time
        insert_incident(store, "A"),
        (0, "register", DESK, {}),
        (1, "dispatch", DESK, {}),
        (3, "handle", OFFICER, {}),
        (4, "close", DESK, {}),
    )
    run(  # sent back, dispatched again at 3 (due 7), handled at 9: late
        insert_incident(store, "B"),
        (0, "register", DESK, {}),
        (1, "dispatch", DESK, {}),
        (2, "send_back", UNIT, why),
        (3, "dispatch", DESK, {}),
        (9, "handle", OFFICER, {}),
        (10, "close", DESK, {}),
    )
    run(  # extended, suspended 2 h, handled, reworked (due 16), handled at 13: on time
        insert_incident(store, "C", source="hotline_12345"),
        (0, "register", DESK, {}),
        (1, "dispatch", DESK, {}),
        (2, "request_extension", OFFICER, dict(deadline=hours(20), note="需协调")),
        (3, "approve_extension", DESK, dict(deadline=hours(20))),
        (4, "suspend", DESK, why),
        (6, "resume", DESK, {}),
        (10, "handle", OFFICER, {}),
        (11, "close", DESK, {}),
        (12, "rework", DESK, why),
        (13, "handle", OFFICER, {}),
        (14, "close", DESK, {}),
    )
    run(insert_incident(store, "D"), (0, "reject", DESK, {}))
    run(  # dispatched and reassigned, open
        insert_incident(store, "E"),
        (0, "register", DESK, {}),
        (1, "dispatch", DESK, {}),
        (2, "reassign", DESK, dict(unit_code="050")),
    )
    (row,) = report(store, "district", as_of=hours(30))
    assert {k: row[k] for k in ("incidents", "registered", "dispatches", "sent_back")} == {
        "incidents": 5,
        "registered": 4,
        "dispatches": 6,
        "sent_back": 1,
    }
    assert row["dispatch_accuracy"] == pytest.approx(5 / 6)
    assert (row["handled_on_time"], row["handled_with_deadline"]) == (2, 3)
    assert row["case_closure_rate"] == pytest.approx(3 / 4)
    assert (row["reopened"], row["rework_rate"]) == (1, pytest.approx(1 / 3))
    assert (row["extended"], row["extension_rate"]) == (1, 1 / 4)
    assert row["mean_handling_hours"] == pytest.approx((2 + 8 + (12 - 2)) / 3)
    towns = report(store, "town", as_of=hours(30), with_hours=False)
    assert [(t["key"], t["registered"], t["extension_rate"]) for t in towns] == [
        ("321012100", 4, 1 / 4)
    ]
    assert "registered" not in report(store, "district", with_indicators=False)[0]


# The same indicators by unit, grid and officer: five incidents over two units, three grids
# and two officers; each group's figures counted here from the incidents' rows and moves.

OFFICER_2 = Actor("grid_officer", "人员2", 2)
CLOSED_STEPS, OPEN_STEPS = {"closed", "evaluated"}, {
    "reported", "registered", "dispatched", "handled", "extension_requested", "suspended"
}  # fmt: skip


def loop_over_groups(store):
    """Incidents A-E (the moves of test_the_evaluation_indicators, spread out): the
    officer of each one's last handling, its item's unit and its grid differ."""
    store.insert(
        "event_catalog",
        [dict(code="01005", category_code="01", name="占道经营", unit_code="050",
              deadline_hours=4, deadline_unit="hours")],
    )  # fmt: skip
    why, later = dict(note="理由"), T0 + timedelta(hours=20)
    plans = {
        ("A", "321012100001001", (10, 20), "01001", "patrol"): [
            (0, "register", DESK, {}),
            (1, "dispatch", DESK, {}),
            (3, "handle", OFFICER, {}),
            (4, "close", DESK, {}),
        ],
        ("B", "321012100001002", (150, 50), "01005", "patrol"): [
            (0, "register", DESK, {}),
            (1, "dispatch", DESK, {}),
            (2, "send_back", UNIT, why),
            (3, "dispatch", DESK, {}),
            (9, "handle", OFFICER_2, {}),
            (10, "close", DESK, {}),
        ],
        ("C", "321012101001001", (250, 50), "01005", "hotline_12345"): [
            (0, "register", DESK, {}),
            (1, "dispatch", DESK, {}),
            (2, "request_extension", OFFICER, dict(deadline=later, note="需协调")),
            (3, "approve_extension", DESK, dict(deadline=later)),
            (4, "suspend", DESK, why),
            (6, "resume", DESK, {}),
            (10, "handle", OFFICER, {}),
            (11, "close", DESK, {}),
            (12, "rework", DESK, why),
            (13, "handle", OFFICER_2, {}),
            (14, "close", DESK, {}),
        ],
        ("D", "321012100001001", (30, 40), "01001", "patrol"): [(0, "reject", DESK, {})],
        ("E", "321012101001001", (260, 60), "01001", "patrol"): [
            (0, "register", DESK, {}),
            (1, "dispatch", DESK, {}),
            (2, "reassign", DESK, dict(unit_code="050")),
        ],
    }  # fmt: skip
    for (ticket, grid, xy, catalog, source), moves in plans.items():
        fid = insert_incident(store, ticket, grid=grid, xy=xy, catalog=catalog, source=source)
        version = 1
        for h, code, actor, given in moves:
            at = T0 + timedelta(hours=h)
            version = workflow.move(store, fid, code, actor, version, at=at, **given)


def counted_from_the_rows(store, group_by: str) -> dict:
    """Each group's indicators, counted from the incidents and their histories as
    core/workflow_report.py defines them."""
    units = {r["code"]: r["unit_code"] for r in store.rows("event_catalog", ["code", "unit_code"])}
    groups: dict = {}
    for row in store.rows("incidents", ["ticket"]):
        incident = store.incident(row["fid"])
        moves = [m for m in store.incident_history(row["fid"]) if m["escalated_to"] is None]
        handlings = [m for m in moves if m["to_step"] == "handled" and m["from_step"] != "handled"]
        key = {
            "unit": units.get(incident["catalog_code"]),
            "grid": incident["grid_code"],
            "officer": str(handlings[-1]["officer_id"]) if handlings else None,
        }[group_by]
        g = groups.setdefault(key, dict.fromkeys(
            ("incidents", "registered", "dispatches", "sent_back", "handled_with_deadline",
             "handled_on_time", "closed", "closed_once", "reopened", "dispatched", "extended",
             "timed", "hours"), 0))  # fmt: skip

        def when(move):
            return from_datetime_text(move["at"])

        codes = [m["move"] for m in moves]
        handles = [when(m) for m in moves if m["move"] == "handle"]
        dispatches = [when(m) for m in moves if m["move"] == "dispatch"]
        due = incident["deadline_at"] and from_datetime_text(incident["deadline_at"])
        g["incidents"] += 1
        g["registered"] += "register" in codes
        g["dispatches"] += codes.count("dispatch") + codes.count("reassign")
        g["sent_back"] += codes.count("send_back")
        g["handled_with_deadline"] += bool(handles and due)
        g["handled_on_time"] += bool(handles and due and handles[-1] <= due)
        g["closed"] += incident["step"] in CLOSED_STEPS
        g["closed_once"] += "close" in codes
        g["reopened"] += any(
            m["from_step"] in CLOSED_STEPS and m["to_step"] in OPEN_STEPS for m in moves
        )
        g["dispatched"] += bool(dispatches)
        g["extended"] += "approve_extension" in codes
        if handles and dispatches:
            suspended = sum(
                (when(later) - when(earlier)).total_seconds() / 3600
                for earlier, later in zip(moves, moves[1:])
                if later["move"] == "resume"
            )
            g["timed"] += 1
            g["hours"] += (handles[-1] - dispatches[0]).total_seconds() / 3600 - suspended
    return groups


# One group each, by hand: (key, dispatch accuracy, on-time handling, rework rate, mean hours).
@pytest.mark.parametrize(
    ("group_by", "keys", "by_hand"),
    [
        # B and C: 3 dispatches, 1 sent back; B late, C on time; C reworked; 8 h and 10 h.
        ("unit", ["046", "050"], ("050", 2 / 3, 1 / 2, 1 / 2, 9.0)),
        # B alone: dispatched twice, sent back once, handled late after 8 h.
        (
            "grid",
            ["321012100001001", "321012100001002", "321012101001001"],
            ("321012100001002", 1 / 2, 0.0, 0.0, 8.0),
        ),
        # D (rejected) and E (open): never handled.
        ("officer", ["1", "2", None], (None, 1.0, None, None, None)),
    ],
)
def test_the_evaluation_indicators_by_unit_grid_and_officer(store, group_by, keys, by_hand):
    from jiangdu_grid_plugin.core.workflow_report import report

    loop_over_groups(store)
    rows = report(store, group_by, as_of=T0 + timedelta(hours=30), with_hours=False)
    assert [r["key"] for r in rows] == keys
    (known,) = [r for r in rows if r["key"] == by_hand[0]]
    names = ("dispatch_accuracy", "on_time_handling_rate", "rework_rate", "mean_handling_hours")
    assert [known[n] for n in names] == [
        None if v is None else pytest.approx(v, abs=1e-6) for v in by_hand[1:]
    ]
    counted = counted_from_the_rows(store, group_by)
    assert sorted(counted, key=lambda k: (k is None, k)) == keys

    def ratio(part, whole):
        return pytest.approx(part / whole) if whole else None

    for row in rows:
        c = counted[row["key"]]
        assert {
            k: row[k]
            for k in ("incidents", "registered", "dispatches", "sent_back", "handled_on_time",
                      "handled_with_deadline", "reopened", "extended")
        } == {
            k: c[k]
            for k in ("incidents", "registered", "dispatches", "sent_back", "handled_on_time",
                      "handled_with_deadline", "reopened", "extended")
        }  # fmt: skip
        assert row["dispatch_accuracy"] == ratio(c["dispatches"] - c["sent_back"], c["dispatches"])
        assert row["on_time_handling_rate"] == ratio(
            c["handled_on_time"], c["handled_with_deadline"]
        )
        assert row["case_closure_rate"] == ratio(c["closed"], c["registered"])
        assert row["rework_rate"] == ratio(c["reopened"], c["closed_once"])
        assert row["extension_rate"] == ratio(c["extended"], c["dispatched"])
        assert row["mean_handling_hours"] == ratio(c["hours"], c["timed"])
    # The groups share out the district's figures.
    (district,) = report(store, "district", as_of=T0 + timedelta(hours=30), with_hours=False)
    for name in ("incidents", "registered", "dispatches", "sent_back", "reopened", "extended"):
        assert sum(r[name] for r in rows) == district[name]
