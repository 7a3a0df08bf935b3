"""Incidents and enforcement cases in the small district (routing_fixture), with known
counts per town, grid and period: west town 321012100, east 321012101."""

from datetime import datetime

import shapely

from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.timestamps import CHINA_TZ

OX, OY = 470_000.0, 3_590_000.0
WEST, EAST = "321012100", "321012101"


def _incident(ticket, x, y, grid, at, step="closed", source="patrol", catalog="01001"):
    return (
        dict(
            ticket=ticket,
            source=source,
            catalog_code=catalog,
            grid_code=grid,
            town_code=grid[:9] if grid else WEST,
            step=step,
            reported_at=at,
            updated_at=at,
            row_version=1,
        ),
        None if x is None else shapely.Point(OX + x, OY + y),
    )


INCIDENTS = [
    _incident("A", 10, 20, "321012100001001", "2019-06-10T02:00:00.000Z"),
    _incident("B", 150, 50, "321012100001002", "2019-06-20T02:00:00.000Z", "handled", "superior"),
    _incident("C", 350, 150, "321012101002002", "2019-06-05T02:00:00.000Z", catalog=None),
    # 00:30 on 1 June in China: June, though the UTC day is 31 May.
    _incident("D", 30, 40, "321012100001001", "2019-05-31T16:30:00.000Z"),
    _incident("E", 60, 60, "321012100001001", "2019-05-20T02:00:00.000Z"),
    _incident("F", 250, 50, "321012101001001", "2019-05-25T02:00:00.000Z"),
    _incident("G", None, None, "321012100002001", "2019-06-15T02:00:00.000Z"),  # no place
]
JUNE = dict(start=datetime(2019, 6, 1, tzinfo=CHINA_TZ), end=datetime(2019, 7, 1, tzinfo=CHINA_TZ))
MAY = dict(start=datetime(2019, 5, 2, tzinfo=CHINA_TZ), end=datetime(2019, 6, 1, tzinfo=CHINA_TZ))


def add_activity(path):
    """Add the incidents and three enforcement cases (west 1 and 30 June, east 1 July)."""
    with open_store(path) as store, store.transaction():
        store.insert("incidents", [r for r, _ in INCIDENTS], [g for _, g in INCIDENTS])
        store.insert(
            "enforcement_powers",
            [dict(code="P1", kind="penalty", name="占道经营", domain="市容", basis="条例")],
        )
        store.insert(
            "enforcement_cases",
            [
                dict(
                    case_no=f"K{i}",
                    power_code="P1",
                    grid_code=None,
                    town_code=town,
                    decided_on=day,
                    outcome="fined",
                )
                for i, (town, day) in enumerate(
                    [(WEST, "2019-06-01"), (WEST, "2019-06-30"), (EAST, "2019-07-01")]
                )
            ],
            [shapely.Point(OX + 20 * i, OY + 10) for i in range(3)],
        )
    return path


def insert_incident(
    store,
    ticket: str,
    step: str = "reported",
    grid: str = "321012100001001",
    xy: tuple[float, float] = (10.0, 20.0),
    catalog: str | None = "01001",
    source: str = "patrol",
) -> int:
    """One incident (a patrol's unless `source` says otherwise) reported at 2019-06-03
    00:30 UTC in `grid` at `xy` (metres from the small district's origin); returns its
    fid."""
    moment = "2019-06-03T00:30:00.000Z"
    store.insert(
        "incidents",
        [
            dict(
                ticket=ticket,
                source=source,
                catalog_code=catalog,
                grid_code=grid,
                town_code=grid[:9],
                step=step,
                reported_at=moment,
                updated_at=moment,
                row_version=1,
            )
        ],
        [shapely.Point(OX + xy[0], OY + xy[1])],
    )
    return next(r["fid"] for r in store.rows("incidents", ["ticket"]) if r["ticket"] == ticket)
