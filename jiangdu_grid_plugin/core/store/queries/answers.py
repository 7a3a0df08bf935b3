"""What goes back to where the cases came from (core/answers.py): the incidents that
moved in a period or all of them, with their place, catalogue item and unit, and their
histories, for both backends."""

from __future__ import annotations

from .base import StoreBase

_ANSWER = (
    "fid",
    "ticket",
    "source",
    "step",
    "phase",
    "step_zh",
    "catalog_code",
    "catalog_name",
    "unit_name",
    "reported_at",
    "updated_at",
    "deadline_at",
    "closed_at",
    "description",
    "address",
    "reporter_name",
    "reporter_phone",
)
_HISTORY = (
    "incident_id",
    "from_step",
    "to_step",
    "actor_role",
    "actor_name",
    "at",
    "note",
    "escalated_to",
    "move",
    "deadline_at",
    "unit_code",
    "satisfaction",
)


class AnswerQueries(StoreBase):
    """Reads for the answers to the hotline and to Open311."""

    def answer_incidents(
        self, start: str | None = None, end: str | None = None, source: str | None = None
    ) -> list[dict]:
        """Incidents (of `source`, when given) with a move in [start, end) (DATETIME
        text; every incident when both are None), by ticket, with x and y (EPSG:4549)."""
        where, parameters = ["1 = 1"], []
        if source is not None:
            where.append("i.source = ?")
            parameters.append(source)
        if start is not None or end is not None:
            where.append(
                "EXISTS (SELECT 1 FROM incident_steps s WHERE s.incident_id = i.fid AND "
                "s.at >= ? AND s.at < ?)"
            )
            parameters += [start or "0000", end or "9999"]
        records, x, y = self._points(
            "SELECT i.fid, i.ticket, i.source, i.step, p.phase, p.label_zh, i.catalog_code, "
            "k.name, u.name, i.reported_at, i.updated_at, i.deadline_at, i.closed_at, "
            "i.description, i.address, i.reporter_name, i.reporter_phone, "
            f"{self.dialect.geometry_select('i.geom')} FROM incidents i "
            "JOIN incident_states p ON p.code = i.step "
            "LEFT JOIN event_catalog k ON k.code = i.catalog_code "
            "LEFT JOIN units u ON u.code = k.unit_code "
            f"WHERE {' AND '.join(where)} ORDER BY i.ticket",
            tuple(parameters),
        )
        return [
            dict(zip(_ANSWER, record[:-1]), x=float(px), y=float(py))
            for record, px, py in zip(records, x, y)
        ]

    def incident_histories(self, fids: list[int] | None = None) -> dict[int, list[dict]]:
        """fid -> its moves, oldest first (escalations included), for `fids` (every
        incident when None)."""
        histories: dict[int, list[dict]] = {}
        chunks = [None] if fids is None else [fids[i : i + 500] for i in range(0, len(fids), 500)]
        for chunk in chunks:
            if chunk is not None and not chunk:
                continue
            where = (
                "" if chunk is None else f"WHERE incident_id IN ({', '.join('?' for _ in chunk)})"
            )
            for row in self._bulk_rows(
                f"SELECT {', '.join(_HISTORY)} FROM incident_steps {where} "
                "ORDER BY incident_id, at, fid",
                tuple(chunk or ()),
            ):
                record = dict(zip(_HISTORY, row))
                histories.setdefault(record["incident_id"], []).append(record)
        return histories
