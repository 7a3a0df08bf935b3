"""Reading a hotline row's cells: times as hotline systems and Excel write them, numbers,
phone numbers, text without control characters."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta, timezone

from ..privacy import PHONE_PATTERN
from ..timestamps import CHINA_TZ

_TIME = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:时](\d{1,2})"
    r"(?:[:分](\d{1,2})(?:\.\d+)?秒?)?分?)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


EARLIEST = datetime(2000, 1, 1, tzinfo=CHINA_TZ)


LATEST_AHEAD = timedelta(days=1)


# Control characters (Unicode's Cc) but tab and line breaks, which text cells may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# A local number without its area code (Yangzhou's have 8 digits, older ones 7).
_LOCAL_NUMBER = re.compile(r"[2-9]\d{6,7}")


def parse_time(value) -> datetime | None:
    """An aware datetime for the usual ways hotline systems and Excel write times;
    times without a zone are China time."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=CHINA_TZ)
    text = str(value or "").strip()
    match = _TIME.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    if zone is None:
        return moment.replace(tzinfo=CHINA_TZ)
    if zone == "Z":
        return moment.replace(tzinfo=timezone.utc)
    sign = 1 if zone[0] == "+" else -1
    hours, minutes = int(zone[1:3]), int(zone[-2:])
    return moment.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))


def parse_number(value) -> float | None:
    """A float for a cell, None when empty, NaN when it is not a number."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("，", ".").replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return math.nan


def is_phone_number(text: str) -> bool:
    """Whether `text` is a Chinese mobile or landline number (with or without area code,
    separators or +86)."""
    text = text.strip()
    return bool(PHONE_PATTERN.fullmatch(text) or _LOCAL_NUMBER.fullmatch(text))


def _text(value) -> str:
    """A cell as text ("" for an empty one)."""
    return "" if value is None else str(value)


def _clean(text: str) -> str:
    """`text` without control characters (tab and line breaks stay)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def _china_day(text: str) -> date:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(CHINA_TZ).date()
