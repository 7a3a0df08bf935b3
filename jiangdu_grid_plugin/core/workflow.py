"""The six-step closed loop (六步闭环): moving incidents from step to step, deadlines and
escalation.

The steps and the legal moves are data in the store (incident_states and
workflow_transitions, with Chinese labels); this module only reads them. A move is legal
when the table has a row for (the incident's step, the new step, the actor's role); on
top of that, whoever handled a case cannot close it. Each move updates the incident and
writes its history row in one transaction, and carries the row version the actor saw:
when someone else moved the incident meanwhile, the move is refused as a conflict.

Deadlines: dispatching sets the deadline, the dispatch time plus the catalogue item's
hours (24 hours without an item). An open incident past its deadline is overdue, and
escalates (督办升级) to the next leader level: to the community's grid leader at once,
to the town's after a second deadline's length, to the district's after a third.
The command centre can also escalate an open incident by hand, one level at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from .store.errors import StaleRowError
from .store.schema import ESCALATION_LEVELS
from .text import Text, UserError
from .timestamps import from_datetime_text, to_datetime_text

DEFAULT_DEADLINE_HOURS = 24
ESCALATING_ROLES = ("command_centre", "superior", "system")
LEVEL_LABELS = {
    "community": ("the community's grid leader", "村（社区）级网格长"),
    "town": ("the town's grid leader", "镇级网格长"),
    "district": ("the district's grid leader", "区级网格长"),
}
ROLE_LABELS = {
    "grid_officer": ("grid officer", "网格员"),
    "grid_leader": ("grid leader", "网格长"),
    "command_centre": ("command centre", "指挥中心"),
    "unit": ("responsible unit", "责任单位"),
    "citizen": ("citizen", "群众"),
    "system": ("system", "系统"),
    "superior": ("superior", "上级"),
}


@dataclass(frozen=True)
class Actor:
    """Who makes a move: a role of ACTOR_ROLES, a name for the history, and the officer
    when the actor is one."""

    role: str
    name: str
    officer_id: int | None = None


class WorkflowError(UserError):
    """A move refused, with the reason in English and in Chinese."""

    def __init__(self, en: str, zh: str):
        super().__init__(Text(en, zh))


class ConflictError(WorkflowError):
    """Someone else moved the incident since the actor read it."""


def _role(role: str, language: int) -> str:
    return ROLE_LABELS.get(role, (role, role))[language]


class Workflow:
    """The steps and legal moves of a store."""

    def __init__(self, states: list[dict], transitions: list[dict]):
        self.states = {state["code"]: state for state in states}
        self.transitions = transitions

    @classmethod
    def from_store(cls, store) -> Workflow:
        return cls(store.incident_states(), store.workflow_transitions())

    def label(self, step: str, language: str = "en") -> str:
        state = self.states.get(step)
        if state is None:
            return step
        return state["label_zh"] if language == "zh" else state["label_en"]

    def is_open(self, step: str) -> bool:
        return self.states[step]["phase"] == "open"

    def moves(self, step: str, role: str) -> list[dict]:
        """The moves the role may make from the step."""
        return [t for t in self.transitions if t["from_step"] == step and t["actor_role"] == role]

    def transition(self, step: str, to_step: str, role: str) -> dict:
        """The table's row for the move, or WorkflowError saying what the role may do."""
        for move in self.moves(step, role):
            if move["to_step"] == to_step:
                return move
        if to_step not in self.states:
            raise WorkflowError(f"there is no step {to_step!r}", f"没有“{to_step}”这一环节")
        allowed = self.moves(step, role)
        en = (
            f"a {_role(role, 0)} cannot move an incident from {self.label(step)} to "
            f"{self.label(to_step)}; "
            + (
                "from there they may: " + ", ".join(self.label(m["to_step"]) for m in allowed)
                if allowed
                else "they cannot move it from there"
            )
        )
        zh = (
            f"{_role(role, 1)}不能把事件从“{self.label(step, 'zh')}”转到"
            f"“{self.label(to_step, 'zh')}”；"
            + (
                "此环节可以：" + "、".join(self.label(m["to_step"], "zh") for m in allowed)
                if allowed
                else "此环节不能由其操作"
            )
        )
        raise WorkflowError(en, zh)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _incident_or_fail(store, fid: int, expected_version: int, workflow: Workflow) -> dict:
    incident = store.incident(fid)
    if incident is None:
        raise WorkflowError(f"there is no incident {fid}", f"没有编号为 {fid} 的事件")
    if incident["row_version"] != expected_version:
        raise _conflict(incident, expected_version, workflow)
    return incident


def _conflict(incident: dict, expected_version: int, workflow: Workflow) -> ConflictError:
    step = incident["step"]
    return ConflictError(
        f"incident {incident['ticket']} was changed by someone else since you opened it (now "
        f"{workflow.label(step)}, version {incident['row_version']}; you had version "
        f"{expected_version}): reload it and try again",
        f"事件 {incident['ticket']} 在您打开后已被他人更改（现为“{workflow.label(step, 'zh')}”，"
        f"第 {incident['row_version']} 版；您看到的是第 {expected_version} 版）：请刷新后重试",
    )


def _record(store, incident, expected_version, changes, step, workflow) -> int:
    try:
        return store.record_move(incident["fid"], expected_version, changes, step)
    except StaleRowError:
        fresh = store.incident(incident["fid"]) or incident
        raise _conflict(fresh, expected_version, workflow) from None


def _same_person(actor: Actor, row: dict) -> bool:
    if actor.officer_id is not None and row["officer_id"] is not None:
        return actor.officer_id == row["officer_id"]
    return actor.name == row["actor_name"]


def move(
    store,
    fid: int,
    to_step: str,
    actor: Actor,
    expected_version: int,
    note: str | None = None,
    at: datetime | None = None,
    workflow: Workflow | None = None,
) -> int:
    """Move incident `fid` to `to_step`; returns its new row version.

    `expected_version` is the row version the actor saw. Raises WorkflowError (the move is
    not legal for the actor) or ConflictError (someone else moved it first)."""
    workflow = workflow or Workflow.from_store(store)
    at = at or _now()
    with store.transaction():
        incident = _incident_or_fail(store, fid, expected_version, workflow)
        step = incident["step"]
        workflow.transition(step, to_step, actor.role)
        if to_step == "closed":
            handlers = [r for r in store.incident_history(fid) if r["to_step"] == "handled"]
            if handlers and _same_person(actor, handlers[-1]):
                raise WorkflowError(
                    f"{actor.name} handled incident {incident['ticket']} and cannot also "
                    "check and close it",
                    f"{actor.name} 处理了事件 {incident['ticket']}，不能同时核查结案",
                )
        changes = {"step": to_step, "updated_at": to_datetime_text(at)}
        if to_step == "dispatched":
            hours = store.catalog_deadline_hours(incident["catalog_code"])
            deadline = at + timedelta(hours=hours or DEFAULT_DEADLINE_HOURS)
            changes["deadline_at"] = to_datetime_text(deadline)
        if workflow.states[to_step]["phase"] == "closed" and incident["closed_at"] is None:
            changes["closed_at"] = to_datetime_text(at)
        elif workflow.states[to_step]["phase"] != "closed":
            changes["closed_at"] = None
        if not workflow.is_open(to_step):
            changes["escalation"] = None
        row = dict(
            from_step=step,
            to_step=to_step,
            actor_role=actor.role,
            actor_name=actor.name,
            officer_id=actor.officer_id,
            at=to_datetime_text(at),
            note=note,
            escalated_to=None,
        )
        return _record(store, incident, expected_version, changes, row, workflow)


def next_level(level: str | None) -> str | None:
    """The leader level above `level` (None: the grid's own people); None at the top."""
    order = (None, *ESCALATION_LEVELS)
    index = order.index(level)
    return order[index + 1] if index + 1 < len(order) else None


def escalate(
    store,
    fid: int,
    actor: Actor,
    expected_version: int,
    to_level: str | None = None,
    note: str | None = None,
    at: datetime | None = None,
    workflow: Workflow | None = None,
) -> int:
    """Escalate an open incident to `to_level` (the next level if None); returns its new
    row version. Only the command centre, a superior or the system escalate."""
    workflow = workflow or Workflow.from_store(store)
    at = at or _now()
    if actor.role not in ESCALATING_ROLES:
        raise WorkflowError(
            f"a {_role(actor.role, 0)} cannot escalate incidents",
            f"{_role(actor.role, 1)}不能升级督办事件",
        )
    with store.transaction():
        incident = _incident_or_fail(store, fid, expected_version, workflow)
        step, current = incident["step"], incident["escalation"]
        if not workflow.is_open(step):
            raise WorkflowError(
                f"incident {incident['ticket']} is {workflow.label(step)}: only open "
                "incidents escalate",
                f"事件 {incident['ticket']} 处于“{workflow.label(step, 'zh')}”：只有在办事件可以"
                "升级",
            )
        target = to_level or next_level(current)
        order = (None, *ESCALATION_LEVELS)
        if target is None or order.index(target) <= order.index(current):
            raise WorkflowError(
                f"incident {incident['ticket']} is already with "
                f"{LEVEL_LABELS[current][0] if current else 'its grid'}; it cannot go to "
                f"{LEVEL_LABELS[target][0] if target else 'a higher level'}",
                f"事件 {incident['ticket']} 已由"
                f"{LEVEL_LABELS[current][1] if current else '本网格'}督办，不能再升级"
                + (f"至{LEVEL_LABELS[target][1]}" if target else ""),
            )
        row = dict(
            from_step=step,
            to_step=step,
            actor_role=actor.role,
            actor_name=actor.name,
            officer_id=actor.officer_id,
            at=to_datetime_text(at),
            note=note or f"升级至{LEVEL_LABELS[target][1]}",
            escalated_to=target,
        )
        changes = {"escalation": target, "updated_at": to_datetime_text(at)}
        return _record(store, incident, expected_version, changes, row, workflow)


def due_level(deadline: datetime, hours: float, now: datetime) -> str | None:
    """The level an open incident should be with at `now`: none before its deadline,
    then one level up for each deadline's length it has been overdue, the district at
    most."""
    if now <= deadline:
        return None
    spans = int((now - deadline) / timedelta(hours=hours or DEFAULT_DEADLINE_HOURS))
    return ESCALATION_LEVELS[min(spans, len(ESCALATION_LEVELS) - 1)]


SYSTEM = Actor("system", "超时自动督办")


def overdue_escalations(store, now: datetime | None = None) -> list[tuple[dict, str]]:
    """The overdue open incidents not yet with the level they are due at `now`, each with
    that level, most overdue first (reads only: what `escalate_overdue` would do)."""
    now = now or _now()
    order = (None, *ESCALATION_LEVELS)
    hours = {}
    due = []
    for incident in store.overdue_incidents(to_datetime_text(now)):
        code = incident["catalog_code"]
        if code not in hours:
            hours[code] = store.catalog_deadline_hours(code)
        level = due_level(from_datetime_text(incident["deadline_at"]), hours[code], now)
        if level is not None and order.index(level) > order.index(incident["escalation"]):
            due.append((incident, level))
    return due


def escalate_overdue(
    store, now: datetime | None = None, dry_run: bool = False
) -> list[tuple[str, str]]:
    """Escalate every overdue open incident to the level it is due (督办升级); returns
    (ticket, level) for each. One transaction: all or none; with `dry_run`, nothing is
    written. Run only when a user or a scheduled job asks: never as a side effect of
    reading."""
    now = now or _now()
    workflow = Workflow.from_store(store)
    escalated = []
    with store.transaction():
        for incident, level in overdue_escalations(store, now):
            if not dry_run:
                escalate(
                    store,
                    incident["fid"],
                    SYSTEM,
                    incident["row_version"],
                    to_level=level,
                    note=f"超时未办结，升级至{LEVEL_LABELS[level][1]}",
                    at=now,
                    workflow=workflow,
                )
            escalated.append((incident["ticket"], level))
    return escalated
