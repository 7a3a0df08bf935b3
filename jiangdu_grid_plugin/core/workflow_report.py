"""Workflow figures (办结率, on-time rate, time per step) and the evaluation score
(考核评价), by period and by district, town, grid, category, source, unit, officer,
month or step.

Definitions, for the incidents reported in the period:
- closed (办结): at closed or evaluated; in progress (在办): reported, registered,
  dispatched or handled; rejected (不予立案) counts in neither.
- closure rate = closed / (closed + in progress).
- on-time rate = closed by their deadline / closed with a deadline.
- overdue: in progress and past the deadline at the report's "as of" time.
- hours per step: the mean time from the previous move to the move into that step
  (registered: from the report; dispatched: from registration; and so on).
- score = 100 × (0.4 × closure rate + 0.4 × on-time rate + 0.2 × (1 − overdue share)),
  the overdue share being overdue / (closed + in progress). A part that cannot be
  computed (no incidents closed with a deadline, say) is left out and the weights of the
  others scaled up to 1; no incidents at all, no score.

The evaluation indicators of digital city management (GB/T 30428's kind), from the moves
in each incident's history (store.workflow_indicators):
- registered (立案数): incidents verified and registered (a 核实立案 move).
- dispatch accuracy (派遣准确率) = 1 − sent back (退回) / dispatches (指挥派遣 and 改派).
- on-time handling rate (按期处置率) = incidents whose last handling (处理反馈) came by the
  deadline in force / incidents handled with a deadline.
- case closure rate (结案率) = closed now / registered.
- rework rate (返工率) = incidents reopened after closing (核查不通过 or 回访不满意，返工)
  / incidents closed at least once.
- extension rate (延期率) = incidents given an approved extension (批准延期) /
  incidents dispatched.
- mean handling time (平均处置时长): hours from the first dispatch to the last handling,
  less the time suspended (挂账), over the incidents handled.
A ratio whose whole is zero is left empty.
"""

from __future__ import annotations

from datetime import datetime, timezone

from .progress import SILENT, Progress
from .text import Text
from .timestamps import to_datetime_text

GROUPS = ("district", "town", "grid", "category", "source", "unit", "officer", "month", "step")
TIMED_STEPS = ("registered", "dispatched", "handled", "closed")
WEIGHTS = {"closure_rate": 0.4, "on_time_rate": 0.4, "not_overdue": 0.2}
SOURCE_LABELS = {
    "patrol": Text("patrol", "网格巡查"),
    "hotline_12345": Text("12345 hotline", "12345 热线"),
    "police_sentiment": Text("police online sentiment", "公安网络舆情"),
    "duty_linkage": Text("three-level duty linkage", "三级联动"),
    "superior": Text("superior", "上级交办"),
}
NO_GROUP = Text("(none)", "（无）")


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def score(closure_rate, on_time_rate, overdue_share) -> float | None:
    """The evaluation score (0-100) of the module's formula; None without any part."""
    parts = {
        "closure_rate": closure_rate,
        "on_time_rate": on_time_rate,
        "not_overdue": None if overdue_share is None else 1.0 - overdue_share,
    }
    known = {name: value for name, value in parts.items() if value is not None}
    if not known:
        return None
    weight = sum(WEIGHTS[name] for name in known)
    return 100.0 * sum(WEIGHTS[name] * value for name, value in known.items()) / weight


def report(
    store,
    group_by: str = "district",
    start: datetime | None = None,
    end: datetime | None = None,
    as_of: datetime | None = None,
    language: str = "en",
    with_hours: bool = True,
    filters: dict | None = None,
    with_indicators: bool = True,
    progress: Progress = SILENT,
) -> list[dict]:
    """One row per group: key, name, counts, rates, hours per step (unless with_hours is
    False), score and (unless with_indicators is False) the evaluation indicators.
    `filters`: see the store's workflow_counts. `progress` hears when the store has
    counted and may cancel."""
    if group_by not in GROUPS:
        raise ValueError(f"cannot group by {group_by!r}: use one of {', '.join(GROUPS)}")
    progress.check()
    as_of = as_of or datetime.now(timezone.utc)
    counts = store.workflow_counts(
        group_by,
        None if start is None else to_datetime_text(start),
        None if end is None else to_datetime_text(end),
        to_datetime_text(as_of),
        with_hours=with_hours,
        filters=filters,
    )
    progress.check()
    bounds = (
        None if start is None else to_datetime_text(start),
        None if end is None else to_datetime_text(end),
    )
    extra = (
        {row["key"]: row for row in store.workflow_indicators(group_by, *bounds, filters)}
        if with_indicators
        else {}
    )
    progress(0.9)
    progress.check()
    steps = {}
    if group_by == "step":
        label = "label_zh" if language == "zh" else "label_en"
        steps = {state["code"]: state[label] for state in store.incident_states()}
    rows = []
    for group in counts:
        name = group["name"]
        if group_by == "source":
            name = (
                SOURCE_LABELS[group["key"]](language)
                if group["key"] in SOURCE_LABELS
                else group["key"]
            )
        elif group_by == "month":
            name = group["key"]
        elif group_by == "step":
            name = steps.get(group["key"], group["key"])
        if group["key"] is None:
            name = NO_GROUP(language)
        settled = group["closed"] + group["in_progress"]
        closure = _ratio(group["closed"], settled)
        on_time = _ratio(group["closed_on_time"], group["closed_with_deadline"])
        overdue_share = _ratio(group["overdue"], settled)
        rows.append(
            dict(
                key=group["key"],
                name=name,
                incidents=group["incidents"],
                closed=group["closed"],
                in_progress=group["in_progress"],
                rejected=group["rejected"],
                closure_rate=closure,
                on_time_rate=on_time,
                closed_on_time=group["closed_on_time"],
                closed_with_deadline=group["closed_with_deadline"],
                overdue=group["overdue"],
                **{f"hours_{step}": group["hours"].get(step) for step in TIMED_STEPS},
                score=score(closure, on_time, overdue_share),
                **(indicators(extra.get(group["key"])) if with_indicators else {}),
            )
        )
    return rows


INDICATORS = (
    "registered",
    "dispatch_accuracy",
    "on_time_handling_rate",
    "case_closure_rate",
    "rework_rate",
    "extension_rate",
    "mean_handling_hours",
)


def indicators(counts: dict | None) -> dict:
    """The evaluation indicators (INDICATORS, defined above) of one group's counts from
    store.workflow_indicators, with the counts they come from."""
    counts = counts or {}

    def n(name):
        return counts.get(name, 0)

    accuracy = _ratio(n("dispatches") - n("sent_back"), n("dispatches"))
    return dict(
        registered=n("registered"),
        dispatches=n("dispatches"),
        sent_back=n("sent_back"),
        dispatch_accuracy=accuracy,
        handled_on_time=n("handled_on_time"),
        handled_with_deadline=n("handled_with_deadline"),
        on_time_handling_rate=_ratio(n("handled_on_time"), n("handled_with_deadline")),
        case_closure_rate=_ratio(n("closed"), n("registered")),
        reopened=n("reopened"),
        rework_rate=_ratio(n("reopened"), n("closed_once")),
        extended=n("extended"),
        extension_rate=_ratio(n("extended"), n("dispatched")),
        mean_handling_hours=(counts["handling_hours"] / n("timed")) if n("timed") else None,
    )
