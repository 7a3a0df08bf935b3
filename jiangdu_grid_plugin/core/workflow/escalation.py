"""Escalation (督办升级): by hand, one level at a time, and of the overdue incidents to
the level each is due, with the time overdue counted on the limit's own clock (calendar
hours, or office time on working days)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..progress import SILENT, Progress
from ..store.schema import ESCALATION_LEVELS
from ..timestamps import from_datetime_text, to_datetime_text
from .calendar import DEFAULT_DEADLINE_HOURS, limit_of
from .moves import _now, incident_or_fail, record
from .steps import (
    ESCALATING_ROLES,
    LEVEL_LABELS,
    Actor,
    Workflow,
    WorkflowError,
    role_label,
)


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
            f"a {role_label(actor.role)} cannot escalate incidents",
            f"{role_label(actor.role, 'zh')}不能升级督办事件",
        )
    with store.transaction():
        incident = incident_or_fail(store, fid, expected_version, workflow)
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
                f"{LEVEL_LABELS[current].en if current else 'its grid'}; it cannot go to "
                f"{LEVEL_LABELS[target].en if target else 'a higher level'}",
                f"事件 {incident['ticket']} 已由"
                f"{LEVEL_LABELS[current].zh if current else '本网格'}督办，不能再升级"
                + (f"至{LEVEL_LABELS[target].zh}" if target else ""),
            )
        row = dict(
            from_step=step,
            to_step=step,
            actor_role=actor.role,
            actor_name=actor.name,
            officer_id=actor.officer_id,
            at=to_datetime_text(at),
            note=note or f"升级至{LEVEL_LABELS[target].zh}",
            escalated_to=target,
        )
        changes = {"escalation": target, "updated_at": to_datetime_text(at)}
        return record(store, incident, expected_version, changes, row, workflow)


def due_level(
    deadline: datetime, amount: float, now: datetime, unit: str = "hours", calendar=None
) -> str | None:
    """The level an open incident should be with at `now`: none before its deadline,
    then one level up for each limit's length (`amount` `unit`, counted on `calendar`'s
    clock for working units) it has been overdue, the district at most."""
    if now <= deadline:
        return None
    amount = amount or DEFAULT_DEADLINE_HOURS
    if unit == "hours":
        spans = int((now - deadline) / timedelta(hours=amount))
    else:
        from ..workcalendar import official_calendar

        spans = int((calendar or official_calendar()).elapsed(deadline, now, unit) / amount)
    return ESCALATION_LEVELS[min(spans, len(ESCALATION_LEVELS) - 1)]


SYSTEM = Actor("system", "超时自动督办")


def overdue_escalations(
    store, now: datetime | None = None, workflow: Workflow | None = None
) -> list[tuple[dict, str]]:
    """The overdue open incidents not yet with the level they are due at `now`, each with
    that level, most overdue first (reads only: what `escalate_overdue` would do)."""
    now = now or _now()
    calendar = (workflow or Workflow.from_store(store)).calendar
    order = (None, *ESCALATION_LEVELS)
    limits = {}
    due = []
    for incident in store.overdue_incidents(to_datetime_text(now)):
        code = incident["catalog_code"]
        if code not in limits:
            limits[code] = limit_of(store, code)
        amount, unit = limits[code]
        deadline = from_datetime_text(incident["deadline_at"])
        level = due_level(deadline, amount, now, unit, calendar)
        if level is not None and order.index(level) > order.index(incident["escalation"]):
            due.append((incident, level))
    return due


def escalate_overdue(
    store, now: datetime | None = None, dry_run: bool = False, progress: Progress = SILENT
) -> list[tuple[str, str]]:
    """Escalate every overdue open incident to the level it is due (督办升级); returns
    (ticket, level) for each. One transaction: all or none; with `dry_run`, nothing is
    written. Run only when a user or a scheduled job asks: never as a side effect of
    reading. `progress` reports each incident and may cancel (CanceledError: none is
    escalated)."""
    now = now or _now()
    workflow = Workflow.from_store(store)
    escalated = []
    with store.transaction():
        due = overdue_escalations(store, now, workflow)
        for number, (incident, level) in enumerate(due):
            progress.check()
            progress(number / len(due))
            if not dry_run:
                escalate(
                    store,
                    incident["fid"],
                    SYSTEM,
                    incident["row_version"],
                    to_level=level,
                    note=f"超时未办结，升级至{LEVEL_LABELS[level].zh}",
                    at=now,
                    workflow=workflow,
                )
            escalated.append((incident["ticket"], level))
    return escalated
