"""The six-step closed loop (六步闭环) as districts run it: moving incidents from step
to step, deadlines in working time, and escalation.

The steps and the legal moves are data in the store (incident_states and
workflow_transitions, with Chinese labels); this package only reads them. A move is
legal when the table has a row for (the incident's step, the move, the actor's role),
for the incident's source when the row names one; on top of that, whoever handled a case
cannot close it. What a move needs from its author (a reason, a new deadline, a unit or
an officer, the caller's satisfaction) and what it does to the deadline are columns of
its row too. Each move updates the incident and writes its history row (with what was
given) in one transaction, and carries the row version the actor saw: when someone else
moved the incident meanwhile, the move is refused as a conflict.

Besides the six steps, the moves districts make (reference_data.py): 退回 (a handler
sends a wrong dispatch back to the command centre, with a reason), 改派 (the command
centre reassigns a dispatched case), 延期 (a handler asks for more time; the command
centre approves with a new deadline or refuses), 挂账/恢复 (suspend and resume; the clock
stops while suspended) and 回访 (the 12345 caller's satisfaction after closing;
unsatisfied reopens the case: 返工).

Deadlines: a move whose rule is `start` (dispatch, reassign, rework) sets the deadline,
the move's time plus the catalogue item's limit in hours, working hours or working days
(24 hours without an item), on the store's working calendar (calendar.py); `set` takes
the deadline given (an approved extension), `stop` and `resume` stop the clock and move
the deadline later by the office time suspended, `clear` takes it away (a case sent
back). An open incident past its deadline is overdue, and escalates (督办升级) to the
next leader level: to the community's grid leader at once, to the town's after a second
limit's length, to the district's after a third. The command centre can also escalate
an open incident by hand, one level at a time.
"""

from .calendar import DEFAULT_DEADLINE_HOURS, limit_of, store_calendar
from .escalation import (
    SYSTEM,
    due_level,
    escalate,
    escalate_overdue,
    next_level,
    overdue_escalations,
)
from .moves import move
from .steps import (
    ESCALATING_ROLES,
    LEVEL_LABELS,
    NEED_LABELS,
    ROLE_LABELS,
    SATISFACTION_LABELS,
    Actor,
    ConflictError,
    Move,
    Need,
    Workflow,
    WorkflowError,
    parse_needs,
)

__all__ = [
    "DEFAULT_DEADLINE_HOURS",
    "ESCALATING_ROLES",
    "LEVEL_LABELS",
    "NEED_LABELS",
    "ROLE_LABELS",
    "SATISFACTION_LABELS",
    "SYSTEM",
    "Actor",
    "ConflictError",
    "Move",
    "Need",
    "Workflow",
    "WorkflowError",
    "due_level",
    "escalate",
    "escalate_overdue",
    "limit_of",
    "move",
    "next_level",
    "overdue_escalations",
    "parse_needs",
    "store_calendar",
]
