"""A demo store's figures as the report gives them, for its last year, and a line of
figures for each of its years.

In a store of several years the whole record holds more incidents, cases and officers
than the report's year; the report's figures are those of the last year: the incidents
reported in it, by their state at the demo's clock, the cases decided in it, and the
people in post on its last day.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from ..timestamps import to_datetime_text
from .timeline import Timeline

_COUNTS = (
    "incidents",
    "closed",
    "in_progress",
    "rejected",
    "overdue",
    "closed_on_time",
    "closed_with_deadline",
)


def demo_figures(store) -> tuple[dict, list[dict]]:
    """The figures of `store.figures()` with those of the demo's last year in place of
    the whole record's, and a dict per year (earliest first). A store that is not a
    demo (or a demo older than its timeline) gives its whole record and no years."""
    figures = store.figures()
    timeline = Timeline.from_info(store.info())
    if timeline is None:
        return figures, []
    as_of = to_datetime_text(timeline.now)
    decided = Counter(row["decided_on"] for row in store.rows("enforcement_cases", ["decided_on"]))
    change_days = store.grid_change_days()
    assignments = store.assignments_with_officers()
    left = _officers_left(assignments)
    years = []
    for year in timeline.periods():
        counts = store.workflow_counts(
            "source", to_datetime_text(year.start), to_datetime_text(year.end), as_of, False
        )
        total = dict.fromkeys(_COUNTS, 0)
        for row in counts:
            for key in _COUNTS:
                total[key] += row[key]
        by_source = {row["key"]: row["incidents"] for row in counts}
        # Days (cases, grid changes, officers leaving): the anniversary begins a year.
        first, last = year.start.date(), year.end.date()
        span = first.isoformat(), last.isoformat()
        years.append(
            dict(
                number=year.number,
                start=year.start,
                end=year.end,
                **total,
                closure_rate=_share(total["closed"], total["closed"] + total["in_progress"]),
                on_time_rate=_share(total["closed_on_time"], total["closed_with_deadline"]),
                hotline_share=_share(by_source.get("hotline_12345", 0), total["incidents"]),
                superior=by_source.get("superior", 0),
                enforcement_cases=sum(n for day, n in decided.items() if span[0] <= day < span[1]),
                grid_changes=sum(first <= day < last for day in change_days),
                officers_left=sum(first <= day < last for day in left),
            )
        )
    final = years[-1]
    figures.update(
        incidents=final["incidents"],
        incidents_closed=final["closed"],
        incidents_in_progress=final["in_progress"],
        incidents_rejected=final["rejected"],
        superior_incidents=final["superior"],
        closure_rate=final["closure_rate"],
        enforcement_cases=final["enforcement_cases"],
    )
    figures.update(_in_post(assignments, timeline.as_of))
    return figures, years


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _in_post(assignments: list[dict], day: date) -> dict:
    """Officer counts by role (leaders by level) among those in post on `day`."""
    text = day.isoformat()
    people = {
        (a["officer_id"], a["role"], a["level"])
        for a in assignments
        if a["valid_from"] <= text and (a["valid_to"] is None or text < a["valid_to"])
    }
    roles = Counter(role for _, role, _ in people)
    levels = Counter(level for _, role, level in people if role == "grid_leader")
    return dict(
        grid_leaders=roles["grid_leader"],
        grid_leaders_by_level=dict(levels),
        grid_officers=roles["grid_officer"],
        instructors=roles["instructor"],
    )


def _officers_left(assignments: list[dict]) -> list[date]:
    """The days grid officers left for good (their last assignment ended)."""
    last: dict[int, str | None] = {}
    for a in assignments:
        if a["role"] != "grid_officer":
            continue
        end = a["valid_to"]
        previous = last.get(a["officer_id"], "")
        last[a["officer_id"]] = None if end is None or previous is None else max(end, previous)
    return [date.fromisoformat(end) for end in last.values() if end is not None]
