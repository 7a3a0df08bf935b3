"""One move of one incident: the transition it names, what its author gave, what it does
to the deadline, and its history row, in one transaction with the row-version check."""

from __future__ import annotations

from datetime import datetime, timezone

from ..store.errors import StaleRowError
from ..timestamps import CHINA_TZ, from_datetime_text, to_datetime_text
from .calendar import due_at, limit_of
from .steps import (
    NEED_LABELS,
    SATISFACTION_LABELS,
    Actor,
    ConflictError,
    Move,
    Workflow,
    WorkflowError,
)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def incident_or_fail(store, fid: int, expected_version: int, workflow: Workflow) -> dict:
    incident = store.incident(fid)
    if incident is None:
        raise WorkflowError(f"there is no incident {fid}", f"没有编号为 {fid} 的事件")
    if incident["row_version"] != expected_version:
        raise conflict(incident, expected_version, workflow)
    return incident


def conflict(incident: dict, expected_version: int, workflow: Workflow) -> ConflictError:
    step = incident["step"]
    return ConflictError(
        f"incident {incident['ticket']} was changed by someone else since you opened it (now "
        f"{workflow.label(step)}, version {incident['row_version']}; you had version "
        f"{expected_version}): reload it and try again",
        f"事件 {incident['ticket']} 在您打开后已被他人更改（现为“{workflow.label(step, 'zh')}”，"
        f"第 {incident['row_version']} 版；您看到的是第 {expected_version} 版）：请刷新后重试",
    )


def record(store, incident, expected_version, changes, step, workflow) -> int:
    try:
        return store.record_move(incident["fid"], expected_version, changes, step)
    except StaleRowError:
        fresh = store.incident(incident["fid"]) or incident
        raise conflict(fresh, expected_version, workflow) from None


def _same_person(actor: Actor, row: dict) -> bool:
    if actor.officer_id is not None and row["officer_id"] is not None:
        return actor.officer_id == row["officer_id"]
    return actor.name == row["actor_name"]


def _local(moment: datetime) -> str:
    return moment.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def _missing(found: Move, incident: dict, need: str) -> WorkflowError:
    label = NEED_LABELS[need]
    return WorkflowError(
        f"{found.label_en} of incident {incident['ticket']} needs {label.en}",
        f"事件 {incident['ticket']} 的“{found.label_zh}”需填写{label.zh}",
    )


def _given(store, found: Move, incident: dict, at: datetime, values: dict) -> dict:
    """What the history row keeps of what the author gave, checked against what the
    move needs (anything it does not need is left out)."""
    kept = {}
    note = (values.get("note") or "").strip() or None
    kept["note"] = note
    need = found.need("note")
    if need is not None and not need.optional and note is None:
        raise _missing(found, incident, "note")
    need = found.need("deadline")
    deadline = values.get("deadline")
    if need is not None and deadline is not None:
        if deadline.tzinfo is None:
            deadline = deadline.replace(tzinfo=CHINA_TZ)
        current = incident["deadline_at"] and from_datetime_text(incident["deadline_at"])
        floor = max(at, current) if found.deadline_rule == "keep" and current else at
        if deadline <= floor:
            raise WorkflowError(
                f"{found.label_en} of incident {incident['ticket']}: the new deadline "
                f"{_local(deadline)} must be later than {_local(floor)}",
                f"事件 {incident['ticket']} 的“{found.label_zh}”：新时限 {_local(deadline)} "
                f"须晚于 {_local(floor)}",
            )
        kept["deadline_at"] = deadline
    elif need is not None and not need.optional:
        raise _missing(found, incident, "deadline")
    need = found.need("assignee")
    unit, officer = values.get("unit_code"), values.get("assignee_id")
    if need is not None and (unit or officer is not None):
        if unit and unit not in store.names("units"):
            raise WorkflowError(
                f"{found.label_en} of incident {incident['ticket']}: there is no unit {unit!r}",
                f"事件 {incident['ticket']} 的“{found.label_zh}”：没有单位代码“{unit}”",
            )
        if officer is not None and store.officer_name(int(officer)) is None:
            raise WorkflowError(
                f"{found.label_en} of incident {incident['ticket']}: there is no officer {officer}",
                f"事件 {incident['ticket']} 的“{found.label_zh}”：没有编号为 {officer} 的人员",
            )
        kept["unit_code"] = unit or None
        kept["assignee_id"] = None if officer is None else int(officer)
    elif need is not None and not need.optional:
        raise _missing(found, incident, "assignee")
    need = found.need("satisfaction")
    satisfaction = values.get("satisfaction")
    if need is not None:
        if satisfaction is None and len(need.values) == 1:
            satisfaction = need.values[0]
        if satisfaction not in need.values:
            allowed_en = ", ".join(f"{v} ({SATISFACTION_LABELS[v].en})" for v in need.values)
            allowed_zh = "、".join(SATISFACTION_LABELS[v].zh for v in need.values)
            raise WorkflowError(
                f"{found.label_en} of incident {incident['ticket']}: the caller's satisfaction "
                f"must be {allowed_en}, not {satisfaction!r}",
                f"事件 {incident['ticket']} 的“{found.label_zh}”：群众满意度应为{allowed_zh}，"
                f"而不是“{satisfaction}”",
            )
        kept["satisfaction"] = satisfaction
    return kept


def _deadline(store, found: Move, incident: dict, at: datetime, kept: dict, workflow):
    """(the incident's deadline after the move, the deadline its history row keeps):
    DEADLINE_RULES as data (workflow_transitions.deadline_rule)."""
    current = incident["deadline_at"] and from_datetime_text(incident["deadline_at"])
    rule = found.deadline_rule
    if rule == "start":
        new = due_at(workflow.calendar, at, limit_of(store, incident["catalog_code"]))
        return new, new
    if rule == "set":
        return kept["deadline_at"], kept["deadline_at"]
    if rule == "stop":
        return None, current  # the clock stops; the history row remembers where
    if rule == "clear":
        return None, None
    if rule == "resume":
        stopped = [
            r
            for r in store.incident_history(incident["fid"])
            if r["to_step"] == incident["step"] and r["from_step"] != r["to_step"]
        ]
        if not stopped or stopped[-1]["deadline_at"] is None:
            return current, None
        before = from_datetime_text(stopped[-1]["deadline_at"])
        unit = limit_of(store, incident["catalog_code"])[1]
        moved = workflow.calendar.shift(before, from_datetime_text(stopped[-1]["at"]), at, unit)
        return moved.at, moved.at
    return current, kept.get("deadline_at")  # keep (a request keeps what it asks for)


def move(
    store,
    fid: int,
    to_step: str,
    actor: Actor,
    expected_version: int,
    note: str | None = None,
    at: datetime | None = None,
    workflow: Workflow | None = None,
    *,
    deadline: datetime | None = None,
    unit_code: str | None = None,
    assignee_id: int | None = None,
    satisfaction: str | None = None,
) -> int:
    """Make the move `to_step` names (a move's code or label, or the step it leads to)
    on incident `fid`; returns its new row version.

    `expected_version` is the row version the actor saw. What the move needs is given
    by keyword: `note` (a reason), `deadline` (aware, or China time), `unit_code` or
    `assignee_id` (an officer's fid), `satisfaction`. Raises WorkflowError (the move is
    not legal for the actor, or lacks what it needs) or ConflictError (someone else
    moved the incident first)."""
    workflow = workflow or Workflow.from_store(store)
    at = at or _now()
    values = dict(
        note=note,
        deadline=deadline,
        unit_code=unit_code,
        assignee_id=assignee_id,
        satisfaction=satisfaction,
    )
    with store.transaction():
        incident = incident_or_fail(store, fid, expected_version, workflow)
        step = incident["step"]
        found = workflow.transition(step, to_step, actor.role, incident["source"])
        if found.to_step == "closed" and step != "closed":
            handlers = [r for r in store.incident_history(fid) if r["to_step"] == "handled"]
            if handlers and _same_person(actor, handlers[-1]):
                raise WorkflowError(
                    f"{actor.name} handled incident {incident['ticket']} and cannot also "
                    "check and close it",
                    f"{actor.name} 处理了事件 {incident['ticket']}，不能同时核查结案",
                )
        kept = _given(store, found, incident, at, values)
        deadline_now, deadline_row = _deadline(store, found, incident, at, kept, workflow)
        changes = {"step": found.to_step, "updated_at": to_datetime_text(at)}
        if found.deadline_rule != "keep":
            changes["deadline_at"] = (
                None if deadline_now is None else to_datetime_text(deadline_now)
            )
        phase = workflow.states[found.to_step]["phase"]
        if phase == "closed" and incident["closed_at"] is None:
            changes["closed_at"] = to_datetime_text(at)
        elif phase != "closed":
            changes["closed_at"] = None
        if not workflow.is_open(found.to_step) or found.deadline_rule != "keep":
            changes["escalation"] = None  # a new deadline is a fresh start
        row = dict(
            from_step=step,
            to_step=found.to_step,
            actor_role=actor.role,
            actor_name=actor.name,
            officer_id=actor.officer_id,
            at=to_datetime_text(at),
            note=kept["note"],
            escalated_to=None,
            move=found.code,
            deadline_at=None if deadline_row is None else to_datetime_text(deadline_row),
            unit_code=kept.get("unit_code"),
            assignee_id=kept.get("assignee_id"),
            satisfaction=kept.get("satisfaction"),
        )
        return record(store, incident, expected_version, changes, row, workflow)
