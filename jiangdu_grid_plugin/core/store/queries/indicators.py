"""The evaluation indicators of the loop (考核指标) per group, beside workflow_counts:
counted from the moves of each incident's history (their codes, workflow_transitions'
`move`), for both backends. core/workflow_report.py defines them for users."""

from __future__ import annotations

from ..dialect import literal
from ..errors import StoreError
from ..schema import Column
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
        phases = {
            phase: ", ".join(
                literal(s["code"]) for s in self.incident_states() if s["phase"] == phase
            )
            or "NULL"
            for phase in ("open", "closed")
        }
        # A move from a closed step back to an open one (the steps by name: cheaper than
        # two joins a move).
        reopened = flag(
            f"st.from_step IN ({phases['closed']}) AND st.to_step IN ({phases['open']})"
        )
        extended = flag("st.move = 'approve_extension'")
        # The move before a resume (escalations are no moves): looked up for the few
        # resumes alone, along the index of each incident's moves in order.
        previous = (
            "(SELECT p.at FROM incident_steps p WHERE p.incident_id = st.incident_id "
            "AND p.escalated_to IS NULL AND (p.at < st.at OR (p.at = st.at AND p.fid < st.fid)) "
            "ORDER BY p.at DESC, p.fid DESC LIMIT 1)"
        )
        handling = self.dialect.hours_sql("d.last_handle", "d.first_dispatch")
        timed = "d.last_handle IS NOT NULL AND d.first_dispatch IS NOT NULL"
        fid = self.dialect.type_sql(Column("fid", "INTEGER"))
        columns = ", ".join(
            self.dialect.column_sql(Column(name, kind))
            for name, kind in (("key", "TEXT"), ("step", "TEXT"), ("deadline_at", "DATETIME"))
        )
        self._rows_of(f"DROP TABLE IF EXISTS {base}")
        self._rows_of(f"CREATE TEMP TABLE indicator_base (fid {fid} PRIMARY KEY, {columns})")
        try:
            self._rows_of(
                f"INSERT INTO {base} SELECT i.fid, {key}, i.step, i.deadline_at FROM incidents i "
                f"LEFT JOIN event_catalog k ON k.code = i.catalog_code WHERE {where}"
            )
            # One pass over the incidents, each with its moves (the index on incident,
            # time and fid): grouped by incident as they come, without a sort.
            rows = self._rows(
                "SELECT d.key, count(*), sum(d.registered), sum(d.dispatches), "
                "sum(d.sent_back), "
                "sum(CASE WHEN d.last_handle IS NOT NULL AND d.deadline_at IS NOT NULL "
                "THEN 1 ELSE 0 END), "
                "sum(CASE WHEN d.last_handle IS NOT NULL AND d.deadline_at IS NOT NULL AND "
                "d.last_handle <= d.deadline_at THEN 1 ELSE 0 END), "
                "sum(CASE WHEN p.phase = 'closed' THEN 1 ELSE 0 END), "
                "sum(d.closed_once), sum(d.reopened), "
                "sum(CASE WHEN d.first_dispatch IS NOT NULL THEN 1 ELSE 0 END), "
                "sum(d.extended), "
                f"sum(CASE WHEN {timed} THEN 1 ELSE 0 END), "
                f"sum(CASE WHEN {timed} THEN {handling} - d.suspended_hours END) "
                "FROM (SELECT w.key AS key, w.step AS step, w.deadline_at AS deadline_at, "
                f"{registered} AS registered, "
                f"{dispatches} AS dispatches, "
                f"{sent_back} AS sent_back, "
                "min(CASE WHEN st.move = 'dispatch' THEN st.at END) AS first_dispatch, "
                "max(CASE WHEN st.move = 'handle' THEN st.at END) AS last_handle, "
                f"{closed_once} AS closed_once, "
                f"{reopened} AS reopened, "
                f"{extended} AS extended, "
                "sum(CASE WHEN st.move = 'resume' THEN "
                f"{self.dialect.hours_sql('st.at', previous)} ELSE 0 END) AS suspended_hours "
                f"FROM {base} w LEFT JOIN incident_steps st "
                "ON st.incident_id = w.fid AND st.escalated_to IS NULL "
                "GROUP BY w.fid) d JOIN incident_states p ON p.code = d.step "
                "GROUP BY d.key ORDER BY d.key IS NULL, d.key"
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
