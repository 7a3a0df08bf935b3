"""The evaluation indicators of the loop (考核指标) per group, beside workflow_counts:
counted from the moves of each incident's history (their codes, workflow_transitions'
`move`), for both backends. core/workflow_report.py defines them for users."""

from __future__ import annotations

from ..errors import StoreError
from .base import StoreBase
from .loop import incident_filter_sql

INDICATOR_COUNTS = (
    "incidents",
    "registered",
    "dispatches",
    "sent_back",
    "handled_with_deadline",
    "handled_on_time",
    "closed",
    "closed_once",
    "reopened",
    "dispatched",
    "extended",
    "timed",
)


class IndicatorQueries(StoreBase):
    """What the evaluation indicators read."""

    def workflow_indicators(
        self,
        group_by: str,
        start: str | None,
        end: str | None,
        filters: dict | None = None,
    ) -> list[dict]:
        """Per group (the keys of workflow_counts) of the incidents reported in [start,
        end): how many there are, were registered (a register move), dispatches
        (dispatch and reassign moves) and sends back, handled with a deadline and by it
        (the last handling by the deadline now in force), closed now, ever closed,
        reopened (a move from a closed step to an open one), dispatched and given an
        approved extension, and the hours from the first dispatch to the last handling
        less the time suspended (their sum over `timed` incidents). Sorted by key."""
        groups = self._WORKFLOW_GROUPS  # type: ignore[attr-defined]
        if group_by not in groups:
            raise StoreError(f"cannot group by {group_by!r}: use one of {', '.join(groups)}")
        key = groups[group_by][0].format(month=self.dialect.month_sql("i.reported_at"))
        where = incident_filter_sql(start, end, filters, alias="i.")
        base = self.dialect.temporary("indicator_base")

        def flag(condition: str, aggregate: str = "max") -> str:
            return f"{aggregate}(CASE WHEN {condition} THEN 1 ELSE 0 END)"

        registered = flag("st.move = 'register'")
        dispatches = flag("st.move IN ('dispatch', 'reassign')", "sum")
        sent_back = flag("st.move = 'send_back'", "sum")
        closed_once = flag("st.move = 'close'")
        reopened = flag("fs.phase = 'closed' AND ts.phase = 'open'")
        extended = flag("st.move = 'approve_extension'")
        previous = "lag(s.at) OVER (PARTITION BY s.incident_id ORDER BY s.at, s.fid)"
        handling = self.dialect.hours_sql("d.last_handle", "d.first_dispatch")
        timed = "d.last_handle IS NOT NULL AND d.first_dispatch IS NOT NULL"
        self._rows_of(f"DROP TABLE IF EXISTS {base}")
        self._rows_of(
            f"CREATE TEMP TABLE indicator_base AS SELECT i.fid AS fid, {key} AS key, "
            "i.step AS step, i.deadline_at AS deadline_at FROM incidents i "
            f"LEFT JOIN event_catalog k ON k.code = i.catalog_code WHERE {where}"
        )
        try:
            rows = self._rows(
                "SELECT b.key, count(*), sum(coalesce(d.registered, 0)), "
                "sum(coalesce(d.dispatches, 0)), sum(coalesce(d.sent_back, 0)), "
                "sum(CASE WHEN d.last_handle IS NOT NULL AND b.deadline_at IS NOT NULL "
                "THEN 1 ELSE 0 END), "
                "sum(CASE WHEN d.last_handle IS NOT NULL AND b.deadline_at IS NOT NULL AND "
                "d.last_handle <= b.deadline_at THEN 1 ELSE 0 END), "
                "sum(CASE WHEN p.phase = 'closed' THEN 1 ELSE 0 END), "
                "sum(coalesce(d.closed_once, 0)), sum(coalesce(d.reopened, 0)), "
                "sum(CASE WHEN d.first_dispatch IS NOT NULL THEN 1 ELSE 0 END), "
                "sum(coalesce(d.extended, 0)), "
                f"sum(CASE WHEN {timed} THEN 1 ELSE 0 END), "
                f"sum(CASE WHEN {timed} THEN {handling} - d.suspended_hours END) "
                f"FROM {base} b JOIN incident_states p ON p.code = b.step LEFT JOIN ("
                "SELECT st.incident_id AS fid, "
                f"{registered} AS registered, "
                f"{dispatches} AS dispatches, "
                f"{sent_back} AS sent_back, "
                "min(CASE WHEN st.move = 'dispatch' THEN st.at END) AS first_dispatch, "
                "max(CASE WHEN st.move = 'handle' THEN st.at END) AS last_handle, "
                f"{closed_once} AS closed_once, "
                f"{reopened} AS reopened, "
                f"{extended} AS extended, "
                "sum(CASE WHEN st.move = 'resume' THEN "
                f"{self.dialect.hours_sql('st.at', 'st.previous')} ELSE 0 END) "
                "AS suspended_hours "
                "FROM (SELECT s.incident_id AS incident_id, s.move AS move, s.at AS at, "
                f"s.from_step AS from_step, s.to_step AS to_step, {previous} AS previous "
                f"FROM incident_steps s JOIN {base} w ON w.fid = s.incident_id "
                "WHERE s.escalated_to IS NULL) st "
                "LEFT JOIN incident_states fs ON fs.code = st.from_step "
                "JOIN incident_states ts ON ts.code = st.to_step "
                "GROUP BY st.incident_id) d ON d.fid = b.fid "
                "GROUP BY b.key ORDER BY b.key IS NULL, b.key"
            )
        finally:
            self._rows_of(f"DROP TABLE IF EXISTS {base}")
        return [
            dict(
                key=group,
                **dict(zip(INDICATOR_COUNTS, (int(v or 0) for v in values[:-1]))),
                handling_hours=float(values[-1] or 0.0),
            )
            for group, *values in rows
        ]
