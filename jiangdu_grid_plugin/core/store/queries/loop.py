"""The six-step loop (六步闭环): its states and moves as data, an incident's card and
history, the workflow figures, the supervisor's list, and the one write that moves an
incident (core/workflow.py), for both backends."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import ClassVar

import shapely

from ..dialect import literal, quote
from ..errors import StaleRowError, StoreError
from ..schema import INCIDENT_CARD, Column
from .base import StoreBase

_STEP = (
    "from_step",
    "to_step",
    "actor_role",
    "actor_name",
    "officer_id",
    "at",
    "note",
    "escalated_to",
    "move",
    "deadline_at",
    "unit_code",
    "assignee_id",
    "satisfaction",
)


NO_FILTER = "1 = 1"  # incident_filter_sql's condition when nothing is filtered


INCIDENT_FILTERS = ("town_code", "grid_code", "category_code", "source", "step")


def incident_filter_sql(
    start: str | None = None,
    end: str | None = None,
    filters: Mapping[str, str | None] | None = None,
    overdue_at: str | None = None,
    alias: str = "",
) -> str:
    """An SQL condition on incidents (values quoted in, never pasted raw): reported in
    [start, end) (DATETIME text), equal to each filter given (town_code, grid_code,
    category_code, source, step), and, with `overdue_at`, open and past the deadline then.
    The same text filters the incidents layer in QGIS (a subset string); `alias` prefixes
    the columns ("i.")."""
    where = []
    for bound, operator in ((start, ">="), (end, "<")):
        if bound is not None:
            where.append(f"{alias}reported_at {operator} {literal(bound)}")
    for name, value in (filters or {}).items():
        if name not in INCIDENT_FILTERS:
            raise StoreError(f"incidents cannot be filtered by {name!r}")
        if value is None:
            continue
        if name == "category_code":
            where.append(
                f"{alias}catalog_code IN (SELECT code FROM event_catalog "
                f"WHERE category_code = {literal(value)})"
            )
        else:
            where.append(f"{alias}{name} = {literal(value)}")
    if overdue_at is not None:
        where.append(
            f"{alias}deadline_at < {literal(overdue_at)} AND {alias}step IN "
            "(SELECT code FROM incident_states WHERE phase = 'open')"
        )
    return " AND ".join(where) or NO_FILTER


class LoopQueries(StoreBase):
    """What the six-step loop reads and writes."""

    def incident_states(self) -> list[dict]:
        names = ("code", "ordinal", "label_zh", "label_en", "phase")
        return self._dicts(
            f"SELECT {', '.join(names)} FROM incident_states ORDER BY ordinal", names
        )

    def workflow_transitions(self) -> list[dict]:
        names = (
            "from_step",
            "to_step",
            "actor_role",
            "label_zh",
            "label_en",
            "move",
            "needs",
            "deadline_rule",
            "source",
        )
        return self._dicts(
            f"SELECT {', '.join(names)} FROM workflow_transitions ORDER BY fid", names
        )

    def incident(self, fid: int) -> dict | None:
        """An incident's workflow facts (no geometry, no reporter); None if there is none."""
        rows = self._dicts(
            f"SELECT {', '.join(INCIDENT_CARD)} FROM incidents WHERE fid = ?", INCIDENT_CARD, (fid,)
        )
        return rows[0] if rows else None

    def incident_history(self, fid: int) -> list[dict]:
        """The incident's moves, oldest first."""
        return self._dicts(
            f"SELECT {', '.join(_STEP)} FROM incident_steps WHERE incident_id = ? ORDER BY at, fid",
            _STEP,
            (fid,),
        )

    def catalog_deadline_hours(self, code: str | None) -> int | None:
        """The deadline of a catalogue item, in hours (None without item or deadline)."""
        if code is None:
            return None
        rows = self._rows("SELECT deadline_hours FROM event_catalog WHERE code = ?", (code,))
        return rows[0][0] if rows else None

    def catalog_deadline(self, code: str | None) -> tuple[int, str] | None:
        """The limit of a catalogue item: (amount, unit of core.workcalendar.UNITS); None
        without item."""
        if code is None:
            return None
        rows = self._rows(
            "SELECT deadline_hours, deadline_unit FROM event_catalog WHERE code = ?", (code,)
        )
        return (rows[0][0], rows[0][1]) if rows else None

    def incident_ids(self, tickets: list[str]) -> dict[str, int]:
        """ticket -> fid of the incidents with these tickets (those there are)."""
        found: dict[str, int] = {}
        for start in range(0, len(tickets), 500):
            part = list(tickets[start : start + 500])
            marks = ", ".join("?" for _ in part)
            found.update(
                self._rows(f"SELECT ticket, fid FROM incidents WHERE ticket IN ({marks})", part)
            )
        return found

    def officer_name(self, fid: int) -> str | None:
        """The name of officer `fid`; None if there is none."""
        rows = self._rows("SELECT name FROM officers WHERE fid = ?", (fid,))
        return rows[0][0] if rows else None

    def overdue_incidents(self, now: str) -> list[dict]:
        """Open incidents whose deadline (DATETIME text) is before `now`, oldest first."""
        return self._dicts(
            f"SELECT {', '.join('i.' + n for n in INCIDENT_CARD)} FROM incidents i "
            "JOIN incident_states s ON s.code = i.step WHERE s.phase = 'open' AND "
            "i.deadline_at < ? ORDER BY i.deadline_at, i.fid",
            INCIDENT_CARD,
            (now,),
        )

    # The groups workflow figures are counted by: SQL for the key of an incident i (with
    # its catalogue item k), and for the names of the keys.
    _WORKFLOW_GROUPS: ClassVar[dict[str, tuple[str, str | None]]] = {
        "district": ("'321012'", "SELECT '321012', '江都区'"),
        "town": ("i.town_code", "SELECT code, name FROM towns"),
        "grid": ("i.grid_code", "SELECT code, name FROM grids"),
        "category": ("k.category_code", "SELECT code, name FROM event_categories"),
        "source": ("i.source", None),
        "unit": ("k.unit_code", "SELECT code, name FROM units"),
        "officer": (
            "(SELECT CAST(st.officer_id AS TEXT) FROM incident_steps st "
            "WHERE st.incident_id = i.fid AND st.to_step = 'handled' "
            "AND st.from_step <> st.to_step ORDER BY st.at DESC, st.fid DESC LIMIT 1)",
            "SELECT CAST(fid AS TEXT), name FROM officers",
        ),
        "month": ("{month}", None),
        "step": ("i.step", "SELECT code, label_zh FROM incident_states"),
    }

    def workflow_counts(
        self,
        group_by: str,
        start: str | None,
        end: str | None,
        as_of: str,
        with_hours: bool = True,
        filters: dict | None = None,
    ) -> list[dict]:
        """Per group of the incidents reported in [start, end) (DATETIME text, either may
        be None): counts by phase, closed on time, open past their deadline at `as_of`,
        and (with_hours; it takes most of the time) the mean hours each step took, keyed
        by the step reached. Sorted by key. `filters` narrow the incidents: town_code,
        grid_code, category_code, source, step (values, compared for equality)."""
        if group_by not in self._WORKFLOW_GROUPS:
            raise StoreError(
                f"cannot group by {group_by!r}: use one of {', '.join(self._WORKFLOW_GROUPS)}"
            )
        key, names_sql = self._WORKFLOW_GROUPS[group_by]
        key = key.format(month=self.dialect.month_sql("i.reported_at"))
        where = incident_filter_sql(start, end, filters, alias="i.")
        incidents = (
            f"SELECT i.fid AS fid, {key} AS key, s.phase AS phase, i.deadline_at AS deadline_at, "
            "i.closed_at AS closed_at FROM incidents i JOIN incident_states s ON s.code = i.step "
            f"LEFT JOIN event_catalog k ON k.code = i.catalog_code WHERE {where}"
        )

        def count(condition: str) -> str:
            return f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END)"

        conditions = (
            "phase = 'closed'",
            "phase = 'open'",
            "phase = 'rejected'",
            "phase = 'closed' AND deadline_at IS NOT NULL AND closed_at <= deadline_at",
            "phase = 'closed' AND deadline_at IS NOT NULL",
            "phase = 'open' AND deadline_at < ?",
        )
        counting = (
            f"SELECT key, count(*), {', '.join(count(c) for c in conditions)} FROM {{}} "
            # Incidents without a key (no item, no handler) last, in either dialect.
            "GROUP BY key ORDER BY key IS NULL, key"
        )
        if not with_hours:
            counts = self._rows(counting.format(f"({incidents}) b"), (as_of,))
            durations = []
        else:
            counts, durations = self._counts_and_durations(incidents, counting, as_of)
        names = dict(self._rows(names_sql)) if names_sql else {}
        hours: dict = defaultdict(dict)
        for group, step, mean in durations:
            hours[group][step] = mean
        fields = (
            "incidents",
            "closed",
            "in_progress",
            "rejected",
            "closed_on_time",
            "closed_with_deadline",
            "overdue",
        )
        return [
            dict(
                key=group,
                name=names.get(group),
                **dict(zip(fields, (int(v or 0) for v in values))),
                hours=hours.get(group, {}),
            )
            for group, *values in counts
        ]

    def _counts_and_durations(self, incidents: str, counting: str, as_of: str):
        """workflow_counts with hours: the incidents in a temporary table keyed by fid,
        then one ordered pass over their moves (index incident_id, at, fid: each
        incident's moves in order, no sort), each move's hours since the one before."""
        base = self.dialect.temporary("workflow_base")
        fid = self.dialect.type_sql(Column("fid", "INTEGER"))
        columns = ", ".join(
            self.dialect.column_sql(Column(name, kind))
            for name, kind in (
                ("key", "TEXT"),
                ("phase", "TEXT"),
                ("deadline_at", "DATETIME"),
                ("closed_at", "DATETIME"),
            )
        )
        self._rows_of(f"DROP TABLE IF EXISTS {base}")
        self._rows_of(f"CREATE TEMP TABLE workflow_base (fid {fid} PRIMARY KEY, {columns})")
        try:
            # In fid order, whatever index found them: the key's B-tree fills from one
            # end (a third of the time of filling it in the index's order).
            self._rows_of(f"INSERT INTO {base} {incidents} ORDER BY +i.fid")
            counts = self._rows(counting.format(base), (as_of,))
            # Escalations are no moves of the loop: left out before the previous move is
            # taken. The incidents lead (CROSS JOIN keeps SQLite to that order), so the
            # moves come out by incident, then time: the window needs no sort.
            previous = "lag(st.at) OVER (PARTITION BY w.fid ORDER BY st.at, st.fid)"
            durations = self._rows(
                "SELECT d.key, d.to_step, avg(d.hours) FROM (SELECT w.key AS key, "
                f"st.to_step AS to_step, {self.dialect.hours_sql('st.at', previous)} AS hours "
                f"FROM {base} w CROSS JOIN incident_steps st "
                "WHERE st.incident_id = w.fid AND st.escalated_to IS NULL) d "
                "WHERE d.hours IS NOT NULL GROUP BY d.key, d.to_step"
            )
        finally:
            self._rows_of(f"DROP TABLE IF EXISTS {base}")
        return counts, durations

    # How incident_list sorts: a column of the list -> its SQL (ties by newest, then fid).
    INCIDENT_ORDER: ClassVar[dict[str, str]] = {
        "ticket": "i.ticket",
        "step": "s.ordinal",
        "town_name": "t.name",
        "catalog_name": "k.name",
        "reported_at": "i.reported_at",
        "deadline_at": "i.deadline_at",
    }
    _LIST = (
        "fid",
        "ticket",
        "step",
        "town_code",
        "town_name",
        "grid_code",
        "catalog_code",
        "catalog_name",
        "source",
        "reported_at",
        "deadline_at",
        "escalation",
        "row_version",
        "overdue",
    )

    def incident_count(
        self,
        as_of: str,
        start: str | None = None,
        end: str | None = None,
        filters: Mapping[str, str | None] | None = None,
        overdue_only: bool = False,
    ) -> int:
        """How many incidents the filters select (what incident_list pages through)."""
        where = incident_filter_sql(
            start, end, filters, as_of if overdue_only else None, alias="i."
        )
        return self._rows(f"SELECT count(*) FROM incidents i WHERE {where}")[0][0]

    def incident_list(
        self,
        as_of: str,
        start: str | None = None,
        end: str | None = None,
        filters: Mapping[str, str | None] | None = None,
        overdue_only: bool = False,
        limit: int = 500,
        offset: int = 0,
        order: str | None = None,
        descending: bool = False,
    ) -> list[dict]:
        """A page of the incidents the filters select (see incident_filter_sql), with
        their place (x, y): by default overdue ones first (the most overdue first), then
        the newest; or by a column of INCIDENT_ORDER."""
        where = incident_filter_sql(
            start, end, filters, as_of if overdue_only else None, alias="i."
        )
        if order is None:
            return self._overdue_then_newest(where, as_of, overdue_only, limit, offset)
        if order not in self.INCIDENT_ORDER:
            raise StoreError(f"incidents cannot be sorted by {order!r}")
        direction = "DESC" if descending else "ASC"
        key = self.INCIDENT_ORDER[order]
        # Empty values last either way, in both dialects (a column that is never empty
        # sorts by its index alone).
        empty_last = "" if order in self._NEVER_EMPTY else f"{key} IS NULL, "
        sort = f"{empty_last}{key} {direction}, i.reported_at DESC, i.fid DESC"
        return self._listed(
            f"WHERE {where} ORDER BY {sort} LIMIT ? OFFSET ?", as_of, (), limit, offset
        )

    _NEVER_EMPTY = frozenset({"ticket", "step", "reported_at"})
    _OVERDUE = (
        "coalesce(i.step IN (SELECT code FROM incident_states WHERE phase = 'open') "
        "AND i.deadline_at < ?, 0 = 1)"
    )

    def _overdue_then_newest(self, where, as_of, overdue_only, limit, offset) -> list[dict]:
        """The default order in two reads that each need only a page: the overdue ones
        (few; open steps and deadlines are indexed), the most overdue first; then the
        others, newest first (the time index, read backwards)."""
        overdue = self._rows(
            f"SELECT count(*) FROM incidents i WHERE {where} AND {self._OVERDUE}", (as_of,)
        )[0][0]
        rows = []
        if offset < overdue:
            rows = self._listed(
                f"WHERE {where} AND {self._OVERDUE} "
                "ORDER BY i.deadline_at, i.reported_at DESC, i.fid DESC LIMIT ? OFFSET ?",
                as_of,
                (as_of,),
                limit,
                offset,
            )
        if len(rows) < limit and not overdue_only:
            rows += self._listed(
                f"WHERE {where} AND NOT {self._OVERDUE} "
                "ORDER BY i.reported_at DESC, i.fid DESC LIMIT ? OFFSET ?",
                as_of,
                (as_of,),
                limit - len(rows),
                max(offset - overdue, 0),
            )
        return rows

    def _listed(self, rest: str, as_of: str, parameters: tuple, limit: int, offset: int):
        """Rows of the list: the incidents, their town and item, whether overdue at
        `as_of`, and their place; `rest` the WHERE and ORDER BY (with `parameters`)."""
        records = self._rows(
            "SELECT i.fid, i.ticket, i.step, i.town_code, t.name, i.grid_code, i.catalog_code, "
            "k.name, i.source, i.reported_at, i.deadline_at, i.escalation, i.row_version, "
            f"{self._OVERDUE} AS overdue, {self.dialect.geometry_select('i.geom')} "
            "FROM incidents i JOIN incident_states s ON s.code = i.step "
            "LEFT JOIN towns t ON t.code = i.town_code "
            f"LEFT JOIN event_catalog k ON k.code = i.catalog_code {rest}",
            (as_of, *parameters, limit, offset),
        )
        points = self.dialect.geometries([record[-1] for record in records])
        x = shapely.get_x(points).astype(float)
        y = shapely.get_y(points).astype(float)
        return [
            dict(zip(self._LIST, record[:-1]), overdue=bool(record[-2]), x=float(px), y=float(py))
            for record, px, py in zip(records, x, y)
        ]

    # The one write that moves an incident (core/workflow.py), for both backends.

    def record_move(self, fid: int, expected_version: int, changes: dict, step: dict) -> int:
        """Update the incident (its row version checked and moved on) and append its
        history row, in one transaction; returns the new row version. StaleRowError when
        the incident is at another version than `expected_version` (another session moved
        it: under PostgreSQL's row locks the later session waits, then finds it moved);
        StoreError when the user may not change it (row-level security hides another
        town's incidents from its staff; a role without the privilege)."""
        allowed = {"step", "updated_at", "deadline_at", "closed_at", "escalation"}
        if not changes.keys() <= allowed:
            raise StoreError(f"a move cannot change {sorted(changes.keys() - allowed)}")
        settings = ", ".join(f"{quote(name)} = ?" for name in changes)
        try:
            with self.transaction():
                updated = self._changed(
                    f"UPDATE incidents SET {settings}, row_version = row_version + 1 "
                    "WHERE fid = ? AND row_version = ?",
                    (*changes.values(), fid, expected_version),
                )
                if updated != 1:
                    found = self._rows("SELECT row_version FROM incidents WHERE fid = ?", (fid,))
                    current = found[0][0] if found else None
                    if current == expected_version:
                        raise StoreError(
                            f"incidents {fid}: you may not change it (it is another town's, "
                            "or your database role cannot move incidents)"
                        )
                    raise StaleRowError("incidents", fid, expected_version, current)
                self.insert("incident_steps", [dict(step, incident_id=fid)])
        except self.dialect.denials() as error:
            raise StoreError(
                f"incidents {fid}: your database role may not move it ({error})"
            ) from None
        return expected_version + 1
