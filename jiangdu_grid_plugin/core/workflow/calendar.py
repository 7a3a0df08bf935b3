"""The working calendar of a store: China's official calendar with the district's own
working-day decisions (rows of calendar_overrides) and office hours (store_info
`office_hours`, "08:30-12:00, 14:00-17:30" when unset), and deadlines counted on it."""

from __future__ import annotations

from datetime import datetime

from ..workcalendar import DISTRICT_OFFICE_HOURS, OfficeHours, WorkCalendar, overrides_from_rows

DEFAULT_DEADLINE_HOURS = 24  # an item without its own limit


def store_calendar(store) -> WorkCalendar:
    """A WorkCalendar for the store's district (build one per store and keep it)."""
    rows = store.rows("calendar_overrides", ["day", "working", "note"])
    text = store.info().get("office_hours")
    hours = OfficeHours.parse(text) if text else DISTRICT_OFFICE_HOURS
    return WorkCalendar(overrides_from_rows(rows), hours)


def limit_of(store, catalog_code: str | None) -> tuple[float, str]:
    """(amount, unit) of an incident's limit: its catalogue item's, else 24 hours."""
    limit = store.catalog_deadline(catalog_code)
    return limit if limit is not None else (DEFAULT_DEADLINE_HOURS, "hours")


def due_at(calendar: WorkCalendar, start: datetime, limit: tuple[float, str]) -> datetime:
    """When a case given `limit` at `start` falls due."""
    return calendar.due(start, limit[0], limit[1]).at
