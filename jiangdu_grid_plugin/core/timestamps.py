"""Times as the store keeps them and as the district reads them.

GeoPackage DATETIME values are UTC text in ISO 8601 with milliseconds and a Z
("2019-11-25T03:08:42.000Z"); DATE values are "YYYY-MM-DD". Jiangdu works in China
Standard Time (UTC+8, no daylight saving), so calendar days and deadlines are counted
there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), "CST")


def to_datetime_text(moment: datetime) -> str:
    """GeoPackage DATETIME text for an aware datetime (naive ones are taken as UTC+8)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CHINA_TZ)
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def from_datetime_text(text: str) -> datetime:
    """An aware UTC datetime from GeoPackage DATETIME text (with or without milliseconds)."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def to_date_text(day: date) -> str:
    return day.isoformat()


def local_date(moment: datetime) -> date:
    """The calendar day in Jiangdu at an aware moment."""
    return moment.astimezone(CHINA_TZ).date()
