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
"""

from __future__ import annotations

from datetime import datetime, timezone

from .progress import SILENT, Progress
from .timestamps import to_datetime_text

GROUPS = ("district", "town", "grid", "category", "source", "unit", "officer", "month", "step")
TIMED_STEPS = ("registered", "dispatched", "handled", "closed")
WEIGHTS = {"closure_rate": 0.4, "on_time_rate": 0.4, "not_overdue": 0.2}
SOURCE_LABELS = {
    "patrol": ("patrol", "网格巡查"),
    "hotline_12345": ("12345 hotline", "12345 热线"),
    "police_sentiment": ("police online sentiment", "公安网络舆情"),
    "duty_linkage": ("three-level duty linkage", "三级联动"),
    "superior": ("superior", "上级交办"),
}
NO_GROUP = ("(none)", "（无）")


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
    progress: Progress = SILENT,
) -> list[dict]:
    """One row per group: key, name, counts, rates, hours per step (unless with_hours is
    False) and score. `filters`: see the store's workflow_counts. `progress` hears when
    the store has counted (one query, the most of the time) and may cancel."""
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
    progress(0.9)
    progress.check()
    index = 1 if language == "zh" else 0
    steps = {}
    if group_by == "step":
        label = "label_zh" if language == "zh" else "label_en"
        steps = {state["code"]: state[label] for state in store.incident_states()}
    rows = []
    for group in counts:
        name = group["name"]
        if group_by == "source":
            name = SOURCE_LABELS.get(group["key"], (group["key"],) * 2)[index]
        elif group_by == "month":
            name = group["key"]
        elif group_by == "step":
            name = steps.get(group["key"], group["key"])
        if group["key"] is None:
            name = NO_GROUP[index]
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
            )
        )
    return rows
