"""The moves of one demo incident: the six steps, the moves districts make beside them,
and the morning runs' escalations (督办升级).

Beside the six steps, in proportions like a district's: a handler sends about one
dispatch in 35 back to the command centre as not theirs (退回), which dispatches it to
the other kind of handler; one in 50 is reassigned (改派) to the item's unit; one in 25
has more time asked for (延期申请), approved four times in five with the limit's length
again (批准延期), else refused; one in 100 is suspended (挂账) for one to ten days and
resumed (恢复), its deadline moved by the time suspended. Three 12345 cases in four are
followed up after closing (回访): most callers satisfied, one in 20 not, and those cases
are reopened (返工), handled and closed again. A few open cases are suspended now.

These choices draw from their own random stream (`practice`), so the report's figures,
times and places drawn from the year's stream are those of a demo without them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from ..timestamps import CHINA_TZ
from ..workflow import LEVEL_LABELS, SYSTEM, due_level

OPEN_STEPS = ("reported", "registered", "dispatched", "handled", "extension_requested", "suspended")
SENT_BACK_SHARE = 0.025  # closed cases whose check failed once
SEND_BACK = 1 / 35
REASSIGN = 1 / 50
EXTENSION = 1 / 25
APPROVED = 0.8
SUSPENSION = 1 / 100
SUSPENDED_NOW = 0.04  # of the open cases waiting at dispatched
FOLLOW_UP = 0.75  # of the closed 12345 cases
SATISFACTION = (("satisfied", 0.85), ("basically_satisfied", 0.10), ("unsatisfied", 0.05))
ESCALATION_RUN = time(8, 30)  # the command centre escalates overdue incidents every morning
_LEVELS = (None, "community", "town", "district")
KEEP = "keep"


def _step(from_step, to_step, actor, moment, note, code, **extra) -> dict:
    return dict(
        from_step=from_step,
        to_step=to_step,
        actor=actor,
        moment=moment,
        note=note,
        level=None,
        move=code,
        deadline_row=extra.get("deadline_row"),
        unit_code=extra.get("unit_code"),
        assignee_id=extra.get("assignee_id"),
        satisfaction=extra.get("satisfaction"),
        deadline=extra.get("deadline", KEEP),  # the incident's deadline after the move
    )


def _assigned(handler, unit_code) -> dict:
    """Where a dispatch sends the case: the unit, or the officer."""
    if handler[0] == "unit":
        return dict(unit_code=unit_code)
    return dict(assignee_id=handler[2])


def history(
    rng, practice, target, reported, reporter, desk, handler, other, item, on_time, now, hotline
):
    """The moves of one incident up to `target` (a final or an open step), as step dicts
    (see _step), escalations included; no moment is later than `now`. `other` is the
    handler a sent-back case goes to next."""
    steps = [_step(None, "reported", reporter, reported, None, None)]
    if target == "reported":
        return steps
    centre = ("command_centre", desk, None)
    limit = timedelta(hours=item.deadline_hours)
    if target == "rejected":
        plan = [("reported", "rejected", centre, rng.lognormal(0.0, 0.8), "经核实不属于受理范围")]
    else:
        # The year's stream is drawn in the same order as ever (see the module's note).
        handling = item.deadline_hours * (
            rng.uniform(0.1, 0.95) if on_time else rng.uniform(1.05, 2)
        )
        plan = [
            ("reported", "registered", centre, rng.lognormal(-0.7, 0.6), "核实属实，立案"),
            ("registered", "dispatched", centre, rng.lognormal(-1.2, 0.6), f"派遣至{handler[1]}"),
            ("dispatched", "handled", handler, handling, "已处置完毕"),
            ("handled", "closed", centre, rng.lognormal(1.2, 0.7), "核查通过，结案"),
        ]
        if target == "closed" and rng.random() < SENT_BACK_SHARE:
            plan += [
                ("closed", "handled", centre, rng.uniform(2, 30), "核查不通过，退回重办"),
                ("handled", "closed", centre, rng.lognormal(1.0, 0.5), "复核通过，结案"),
            ]
        if target == "closed":
            plan.append(("closed", "evaluated", centre, rng.uniform(24, 240), "纳入考核"))
    codes = {
        ("reported", "registered"): "register",
        ("reported", "rejected"): "reject",
        ("registered", "dispatched"): "dispatch",
        ("dispatched", "handled"): "handle",
        ("handled", "closed"): "close",
        ("closed", "handled"): "check_failed",
        ("closed", "evaluated"): "evaluate",
    }
    moment, deadline = reported, None

    def add(from_step, to_step, actor, hours, note, code, **extra):
        nonlocal moment, deadline
        following = moment + timedelta(hours=float(hours))
        # A history that would run past the demo's clock is squeezed before it.
        moment = following if following <= now else moment + (now - moment) / 2
        if "start" in extra:
            extra["deadline"] = extra["deadline_row"] = moment + limit
            del extra["start"]
        if extra.get("deadline", KEEP) is not KEEP:
            deadline = extra["deadline"]
        steps.append(_step(from_step, to_step, actor, moment, note, code, **extra))

    for from_step, to_step, actor, hours, note in plan:
        if target in OPEN_STEPS and from_step == target:
            break  # an open incident stops at its step
        if to_step == "evaluated" and moment + timedelta(hours=float(hours)) > now:
            break  # closed, not evaluated yet
        code = codes[(from_step, to_step)]
        if code == "dispatch":
            add(from_step, to_step, actor, hours, note, code, start=True,
                **_assigned(handler, item.unit_code))  # fmt: skip
            if target != "dispatched" and target != "registered":
                handler = _beside(practice, add, handler, other, item, centre, limit, deadline)
            continue
        if code == "handle":
            actor = handler
        if code == "evaluate" and hotline:
            _follow_up(practice, add, handler, centre, item)
            hotline = False  # followed up (or not) once
            if moment + timedelta(hours=float(hours)) > now:
                break
        add(from_step, to_step, actor, hours, note, code)
    if target == "closed" and hotline and steps[-1]["to_step"] == "closed":
        _follow_up(practice, add, handler, centre, item)
    last = steps[-1]["to_step"]
    if target == "dispatched" and last == "dispatched" and practice.random() < SUSPENDED_NOW:
        hours = min(practice.uniform(1, 48), (now - moment).total_seconds() / 7200)
        add("dispatched", "suspended", centre, hours, "需待条件具备后处置", "suspend",
                deadline=None, deadline_row=deadline)  # fmt: skip
    return escalated(steps, item, now)


def _beside(practice, add, handler, other, item, centre, limit, deadline):
    """The moves some dispatched cases make before they are handled; returns who handles
    the case in the end."""
    hours = item.deadline_hours
    if practice.random() < SEND_BACK:
        add("dispatched", "registered", handler, hours * practice.uniform(0.05, 0.2),
            "非本单位职责，退回指挥中心", "send_back", deadline=None)  # fmt: skip
        handler = other
        add("registered", "dispatched", centre, practice.uniform(0.2, 2),
            f"重新派遣至{handler[1]}", "dispatch", start=True,
            **_assigned(handler, item.unit_code))  # fmt: skip
    elif practice.random() < REASSIGN and handler[0] != "unit":
        handler = ("unit", other[1], None) if other[0] == "unit" else handler
        add("dispatched", "dispatched", centre, hours * practice.uniform(0.05, 0.2),
            f"改派至{handler[1]}", "reassign", start=True,
            **_assigned(handler, item.unit_code))  # fmt: skip
    if practice.random() < EXTENSION:
        add("dispatched", "extension_requested", handler, hours * 0.3, "情况复杂，申请延期",
            "request_extension", deadline_row=None)  # fmt: skip
        asked = None  # set below, once the deadline in force is known
        if practice.random() < APPROVED:
            add("extension_requested", "dispatched", centre, hours * 0.1, "同意延期",
                "approve_extension", deadline=asked, deadline_row=asked)  # fmt: skip
        else:
            add("extension_requested", "dispatched", centre, hours * 0.1, "可按期办结",
                "refuse_extension")  # fmt: skip
    if practice.random() < SUSPENSION:
        add("dispatched", "suspended", centre, hours * 0.2, "需待条件具备后处置", "suspend",
            deadline=None)  # fmt: skip
        add("suspended", "dispatched", centre, practice.uniform(24, 240), "条件具备，恢复办理",
            "resume")  # fmt: skip
    return handler


def _follow_up(practice, add, handler, centre, item):
    """回访 of a closed 12345 case; an unsatisfied caller's case is reworked (返工)."""
    if practice.random() >= FOLLOW_UP:
        return
    draw = practice.random()
    satisfaction = "satisfied" if draw < 0.85 else ("basically_satisfied" if draw < 0.95 else None)
    hours = practice.uniform(2, 48)
    if satisfaction is not None:
        note = "回访：群众满意" if draw < 0.85 else "回访：基本满意"
        add("closed", "closed", centre, hours, note, "follow_up", satisfaction=satisfaction)
        return
    add("closed", "dispatched", centre, hours, "回访不满意，返工", "rework", start=True,
        satisfaction="unsatisfied")  # fmt: skip
    add("dispatched", "handled", handler, item.deadline_hours * practice.uniform(0.2, 0.9),
        "返工处置完毕", "handle")  # fmt: skip
    add("handled", "closed", centre, practice.uniform(1, 10), "复核通过，结案", "close")
    add("closed", "closed", centre, practice.uniform(2, 48), "二次回访：群众满意", "follow_up",
        satisfaction="satisfied")  # fmt: skip


def escalated(steps, item, now):
    """`steps` with the deadlines their moves set filled in, and the escalations (督办升级)
    of the mornings the incident was open past its deadline: each morning's run raises
    it to the level it is due (workflow.due_level); a new deadline, or leaving the open
    steps, ends its escalation."""
    deadline, remembered = None, None
    for step in steps:
        code = step["move"]
        if code == "request_extension":
            step["deadline_row"] = deadline + timedelta(hours=item.deadline_hours)
        elif code == "approve_extension":
            step["deadline"] = step["deadline_row"] = deadline + timedelta(
                hours=item.deadline_hours
            )
        elif code == "suspend":
            step["deadline_row"], remembered = deadline, deadline
        elif code == "resume":
            stopped = step["moment"] - steps[steps.index(step) - 1]["moment"]
            step["deadline"] = step["deadline_row"] = remembered + stopped
        if step["deadline"] is not KEEP:
            deadline = step["deadline"]
    first = next((s["moment"] for s in steps if s["move"] == "dispatch"), None)
    if first is None:
        return steps
    run = datetime.combine(first.astimezone(CHINA_TZ).date(), ESCALATION_RUN, CHINA_TZ)
    if run <= first:
        run += timedelta(days=1)
    last_open = max(i for i, s in enumerate(steps) if s["to_step"] in OPEN_STEPS)
    result, done, step_now, level, deadline = [], 0, None, None, None
    while run <= now:
        while done < len(steps) and steps[done]["moment"] <= run:
            move = steps[done]
            result.append(move)
            done += 1
            step_now = move["to_step"]
            if move["deadline"] is not KEEP:
                deadline, level = move["deadline"], None
            if step_now not in OPEN_STEPS:
                level = None
        if step_now not in OPEN_STEPS and done > last_open:
            break  # closed for good
        due = None
        if step_now in OPEN_STEPS and deadline is not None:
            due = due_level(deadline, item.deadline_hours, run)
        if _LEVELS.index(due) > _LEVELS.index(level):
            level = due
            note = f"超时未办结，升级至{LEVEL_LABELS[level].zh}"
            escalation = _step(step_now, step_now, ("system", SYSTEM.name, None), run, note, None)
            escalation["level"] = level
            result.append(escalation)
        run += timedelta(days=1)
    return result + steps[done:]
