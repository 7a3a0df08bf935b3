"""New incidents, routed on the way in (事件上报).

Every incident the plugin writes goes through `report()`: it is routed to its grid (see
`routing.router`), written with its first step ("reported") and an audit row, all in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .timestamps import to_datetime_text


@dataclass
class NewIncident:
    ticket: str
    source: str  # one of schema.INCIDENT_SOURCES
    reported_at: datetime  # aware
    x: float  # EPSG:4549
    y: float
    located_by: str  # coordinates, facility_code, address or report
    catalog_code: str | None = None
    description: str | None = None
    address: str | None = None
    reporter_name: str | None = None
    reporter_phone: str | None = None
    duplicate_of: int | None = None  # fid of an incident this one probably repeats


def report(
    store,
    router,
    incidents: list[NewIncident],
    actor_role: str,
    actor_name: str,
    reason: str = "reported",
) -> list:
    """Route and write `incidents`; returns their routes (fids are in `.fid`)."""
    if not incidents:
        return []
    routes = router.route(
        [i.x for i in incidents],
        [i.y for i in incidents],
        [i.catalog_code for i in incidents],
        [i.reported_at for i in incidents],
    )
    rows = []
    for incident, route in zip(incidents, routes):
        reported = to_datetime_text(incident.reported_at)
        item = router.catalog.get(incident.catalog_code) if incident.catalog_code else None
        rows.append(
            dict(
                ticket=incident.ticket,
                source=incident.source,
                catalog_code=incident.catalog_code if item else None,
                # As the store would derive it (store/intake_rules.py), without its UPDATE.
                category_code=item["category_code"] if item else None,
                grid_code=route.grid_code,
                town_code=route.town_code,
                step="reported",
                reported_at=reported,
                deadline_at=None,
                closed_at=None,
                updated_at=reported,
                description=incident.description,
                address=incident.address,
                reporter_name=incident.reporter_name,
                reporter_phone=incident.reporter_phone,
                route_rule=route.rule,
                row_version=1,
                located_by=incident.located_by,
                duplicate_of=incident.duplicate_of,
            )
        )
    fids = store.add_incidents(
        rows, [(i.x, i.y) for i in incidents], actor_role, actor_name, reason
    )
    return list(zip(fids, routes))
