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


# The moves counted in workflow_indicators' tally, and their places in it: registered,
# dispatches (dispatch and reassign), sent back, closed, approved extensions.
_TALLY = (
    ("register", 0),
    ("dispatch", 1),
    ("reassign", 1),
    ("send_back", 2),
    ("close", 3),
    ("approve_extension", 4),
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

        # Five kinds of move counted in one sum, twelve bits each (no incident has 4,096
        # moves of a kind): one aggregate a move instead of five, most of the time the
        # indicators take.
        tally = (
            "CAST(sum(CASE st.move "
            + " ".join(f"WHEN {literal(move)} THEN {1 << 12 * place}" for move, place in _TALLY)
            + " ELSE 0 END) AS BIGINT)"
        )

        def counted(place: int) -> str:
            # (tally / 4096^place) modulo 4096, in integers (no % in psycopg's SQL)
            return f"(d.tally / {1 << 12 * place} - d.tally / {1 << 12 * (place + 1)} * 4096)"

        def ever(place: int) -> str:
            return f"sum(CASE WHEN {counted(place)} > 0 THEN 1 ELSE 0 END)"

        phases = {
            phase: ", ".join(
                literal(s["code"]) for s in self.incident_states() if s["phase"] == phase
            )
            or "NULL"
            for phase in ("open", "closed")
        }
        # A move from a closed step back to an open one (the steps by name: cheaper than
        # two joins a move).
        reopened = (
            f"max(CASE WHEN st.from_step IN ({phases['closed']}) "
            f"AND st.to_step IN ({phases['open']}) THEN 1 ELSE 0 END)"
        )
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
            for name, kind in (("key", "TEXT"), ("closed", "INTEGER"), ("deadline_at", "DATETIME"))
        )
        self._rows_of(f"DROP TABLE IF EXISTS {base}")
        self._rows_of(f"CREATE TEMP TABLE indicator_base (fid {fid} PRIMARY KEY, {columns})")
        try:
            self._rows_of(
                f"INSERT INTO {base} SELECT i.fid, {key}, "
                "CASE WHEN s.phase = 'closed' THEN 1 ELSE 0 END, i.deadline_at FROM incidents i "
                "JOIN incident_states s ON s.code = i.step "
                f"LEFT JOIN event_catalog k ON k.code = i.catalog_code WHERE {where} "
                "ORDER BY +i.fid"  # the key's B-tree filled from one end (loop.py)
            )
            # One pass over the incidents, each with its moves (the index on incident,
            # time and fid): grouped by incident as they come, without a sort.
            rows = self._rows(
                f"SELECT d.key, count(*), {ever(0)}, sum({counted(1)}), sum({counted(2)}), "
                "sum(CASE WHEN d.last_handle IS NOT NULL AND d.deadline_at IS NOT NULL "
                "THEN 1 ELSE 0 END), "
                "sum(CASE WHEN d.last_handle IS NOT NULL AND d.deadline_at IS NOT NULL AND "
                "d.last_handle <= d.deadline_at THEN 1 ELSE 0 END), "
                f"sum(d.closed), {ever(3)}, sum(d.reopened), "
                "sum(CASE WHEN d.first_dispatch IS NOT NULL THEN 1 ELSE 0 END), "
                f"{ever(4)}, "
                f"sum(CASE WHEN {timed} THEN 1 ELSE 0 END), "
                f"sum(CASE WHEN {timed} THEN {handling} - d.suspended_hours END) "
                "FROM (SELECT w.key AS key, w.closed AS closed, w.deadline_at AS deadline_at, "
                f"{tally} AS tally, "
                "min(CASE WHEN st.move = 'dispatch' THEN st.at END) AS first_dispatch, "
                "max(CASE WHEN st.move = 'handle' THEN st.at END) AS last_handle, "
                f"{reopened} AS reopened, "
                "sum(CASE WHEN st.move = 'resume' THEN "
                f"{self.dialect.hours_sql('st.at', previous)} ELSE 0 END) AS suspended_hours "
                f"FROM {base} w LEFT JOIN incident_steps st "
                "ON st.incident_id = w.fid AND st.escalated_to IS NULL "
                "GROUP BY w.fid) d GROUP BY d.key ORDER BY d.key IS NULL, d.key"
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
