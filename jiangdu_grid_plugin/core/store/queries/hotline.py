"""The hotline import's reads (tickets already there, repeated callers, places to
guess from), and its one write: incidents with their first step and an audit row."""

from __future__ import annotations

import shapely

from .base import StoreBase


class HotlineQueries(StoreBase):
    """What the hotline import reads and writes."""

    def existing_tickets(self, tickets: list[str]) -> dict[str, str]:
        """ticket -> reported_at of the incidents that already have one of `tickets`."""
        found = {}
        for start in range(0, len(tickets), 500):
            chunk = tickets[start : start + 500]
            found.update(
                self._rows(
                    f"SELECT ticket, reported_at FROM incidents WHERE ticket IN "
                    f"({', '.join('?' * len(chunk))})",
                    chunk,
                )
            )
        return found

    def incidents_by_phone(self, phones: list[str], since: str, until: str) -> list[dict]:
        """Incidents reported from these phone numbers between two DATETIME texts, with
        their points (for spotting repeated reports)."""
        found = []
        for start in range(0, len(phones), 500):
            chunk = phones[start : start + 500]
            records, x, y = self._points(
                f"SELECT fid, reporter_phone, reported_at, {self.dialect.geometry_select()} "
                f"FROM incidents WHERE reporter_phone IN ({', '.join('?' * len(chunk))}) "
                "AND reported_at >= ? AND reported_at < ?",
                (*chunk, since, until),
            )
            found += [
                dict(fid=fid, phone=phone, reported_at=at, x=float(px), y=float(py))
                for (fid, phone, at, _), px, py in zip(records, x, y)
            ]
        return found

    def community_places(self) -> list[dict]:
        """Each community's code, name, town name and a point inside it."""
        records = self._rows(
            f"SELECT c.code, c.name, t.name, {self.dialect.geometry_select('c.geom')} "
            "FROM communities c JOIN towns t ON t.code = c.town_code ORDER BY c.code"
        )
        inside = shapely.point_on_surface(self.dialect.geometries([r[3] for r in records]))
        return [
            dict(code=code, name=name, town_name=town, x=point.x, y=point.y)
            for (code, name, town, _), point in zip(records, inside)
        ]

    def add_incidents(
        self,
        rows: list[dict],
        points: list[tuple[float, float]],
        actor_role: str,
        actor_name: str,
        reason: str,
    ) -> list[int]:
        """Insert incidents with their first step ("reported") and one audit row, in one
        transaction; returns their fids. Duplicate-of links that refer to incidents of
        the same batch are given as -1 - (position in the batch)."""
        with self.transaction():
            fids = self._next_fids("incidents", len(rows))
            numbered = []
            for fid, row in zip(fids, rows):
                link = row.get("duplicate_of")
                if link is not None and link < 0:
                    link = fids[-1 - link]
                numbered.append(dict(row, fid=fid, duplicate_of=link))
            self.insert("incidents", numbered, shapely.points(points))
            self.insert(
                "incident_steps",
                [
                    dict(
                        incident_id=fid,
                        from_step=None,
                        to_step="reported",
                        actor_role=actor_role,
                        actor_name=actor_name,
                        officer_id=None,
                        at=row["reported_at"],
                        note=None,
                    )
                    for fid, row in zip(fids, rows)
                ],
            )
            self.log(
                actor_name,
                "incidents",
                f"{fids[0]}-{fids[-1]}" if fids else None,
                "import",
                None,
                {"count": len(fids)},
                reason,
            )
        return fids
