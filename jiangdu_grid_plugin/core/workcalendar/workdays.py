"""The working calendar: China's official holidays and 调休 days (chinesecalendar) with
the district's overrides, and deadlines counted on it (see the package's docstring)."""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache, wraps

import numpy as np

from ..text import Text, UserError
from ..timestamps import CHINA_TZ
from .office import DISTRICT_OFFICE_HOURS, OfficeHours, Override, check_unit

log = logging.getLogger(__name__)

LIBRARY = "chinesecalendar"  # the PyPI name; the module is chinese_calendar
_MODULE = "chinese_calendar"

_US = 1_000_000
_DAY_US = 86_400 * _US
_CHINA_OFFSET_US = 8 * 3_600 * _US  # UTC+8 all year: China keeps no daylight saving
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_FIRST_YEAR, _LAST_YEAR = 1970, 2200  # bounds of what the calendar will count
_DEFAULT = object()

NOT_COVERED = Text(
    "the official holiday calendar ({library} {version}) knows {known}, not {years}: "
    "deadlines in {years} count Monday to Friday as working days, with the district's "
    "overrides. Upgrade it (python -m pip install --upgrade {library}) or enter the year's "
    "holidays and working weekends as the district's overrides.",
    "官方节假日日历（{library} {version}）收录 {known} 年，不含 {years} 年：{years} 年的时限"
    "按周一至周五为工作日计算，并计入本区调整。请升级（python -m pip install --upgrade "
    "{library}），或将该年的节假日和调休上班日录入为本区调整。",
)
LIBRARY_MISSING = Text(
    "{library} is not installed: deadlines count Monday to Friday as working days, with "
    "the district's overrides but without China's statutory holidays. Install it with: "
    "python -m pip install {library}",
    "未安装 {library}：时限按周一至周五为工作日计算，计入本区调整，但未计国家法定节假日。"
    "安装：python -m pip install {library}",
)


class CalendarNotCoveredError(UserError):
    """A strict calendar asked about a year the official calendar does not know."""


# The official calendar ------------------------------------------------------------------


@cache
def _library():
    """chinese_calendar, or None when it is not installed (imported on first use)."""
    try:
        return importlib.import_module(_MODULE)
    except ImportError:
        return None


def library_version() -> str | None:
    """The installed chinesecalendar's version; None without it."""
    if _library() is None:
        return None
    try:
        return importlib.metadata.version(LIBRARY)
    except importlib.metadata.PackageNotFoundError:
        return getattr(_library(), "__version__", None)


def official_years(library=_DEFAULT) -> tuple[int, int] | None:
    """(first, last) year the official calendar (by default the installed
    chinesecalendar) knows; None without it."""
    module = _library() if library is _DEFAULT else library
    if module is None:
        return None
    known = [day.year for day in module.holidays] + [day.year for day in module.workdays]
    return (min(known), max(known)) if known else None


def _weekdays(year: int) -> tuple[int, ...]:
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    return tuple(n for n in range(first, last + 1) if date.fromordinal(n).weekday() < 5)


@dataclass(frozen=True)
class Deadline:
    """When a case falls due (aware, China time), and why it may not be on the official
    calendar (None when it is)."""

    at: datetime
    warning: Text | None = None


# The calendar ---------------------------------------------------------------------------


def _locked(method):
    """One caller at a time: the table of days grows under a computation's feet
    otherwise (a calendar can be shared by a QgsTask and the interface)."""

    @wraps(method)
    def locked(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class WorkCalendar:
    """China's official working days with the district's overrides, and deadlines on
    them.

    Build one per store (overrides change rarely) and keep it: each year is computed
    once. All instants are aware datetimes; results are in China time. `library` is the
    official calendar (a module with chinese_calendar's is_workday, holidays and
    workdays); by default the installed chinesecalendar, None for none."""

    def __init__(
        self,
        overrides: Iterable[Override] = (),
        office_hours: OfficeHours = DISTRICT_OFFICE_HOURS,
        strict: bool = False,
        library=_DEFAULT,
    ):
        self.overrides = {o.day.toordinal(): o for o in overrides}
        self.office_hours = office_hours
        self.strict = strict
        self.library = _library() if library is _DEFAULT else library
        periods = np.array(office_hours.periods, dtype=np.int64) * _US
        self._starts, self._ends = periods[:, 0], periods[:, 1]
        lengths = self._ends - self._starts
        self._cum_end = np.cumsum(lengths)
        self._cum_start = self._cum_end - lengths
        self._day_us = int(self._cum_end[-1])  # office time in one working day
        self._close_us = int(self._ends[-1])
        self._year_cache: dict[int, tuple[int, ...]] = {}
        self._years: tuple[int, int] | None = None
        self._days = np.empty(0, dtype=np.int64)  # working day ordinals, sorted
        self._fallback_years: set[int] = set()
        self._warned: set[int] = set()
        self._lock = threading.RLock()

    # -- days --

    def _about(self) -> dict:
        """The official calendar's name, version and years, for messages."""
        years = official_years(self.library)
        return dict(
            library=LIBRARY,
            version=getattr(self.library, "__version__", "") if self.library else "",
            known=f"{years[0]}–{years[1]}" if years else "-",
        )

    def _official(self, year: int) -> tuple[int, ...] | None:
        """The official working days of `year` as day numbers, None if not known."""
        if self.library is None:
            return None
        first = date(year, 1, 1)
        try:
            self.library.is_workday(first)
        except NotImplementedError:
            return None
        days = (first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days))
        return tuple(day.toordinal() for day in days if self.library.is_workday(day))

    def _year_days(self, year: int) -> tuple[int, ...]:
        if year in self._year_cache:
            return self._year_cache[year]
        official = self._official(year)
        if official is None:
            if self.strict:
                raise CalendarNotCoveredError(
                    Text(
                        "no official working-day calendar for {year} ({library} {version} "
                        "knows {known}): upgrade it (python -m pip install --upgrade "
                        "{library}) before counting deadlines in that year",
                        "没有 {year} 年的官方工作日日历（{library} {version} 收录 {known} 年）："
                        "请先升级（python -m pip install --upgrade {library}）再计算该年的时限",
                    ).format(year=year, **self._about())
                )
            self._fallback_years.add(year)
            official = _weekdays(year)
        days = set(official)
        for ordinal, override in self.overrides.items():
            if date.fromordinal(ordinal).year == year:
                (days.add if override.working else days.discard)(ordinal)
        self._year_cache[year] = tuple(sorted(days))
        return self._year_cache[year]

    def _cover(self, first_year: int, last_year: int) -> None:
        """Make the working-day table span at least first_year..last_year. Growing it
        at the end keeps the index of every day already in it."""
        if self._years:
            if self._years[0] <= first_year and last_year <= self._years[1]:
                return
            first_year = min(first_year, self._years[0])
            last_year = max(last_year, self._years[1])
        if first_year < _FIRST_YEAR or last_year > _LAST_YEAR:
            raise ValueError(
                f"the working-day calendar counts {_FIRST_YEAR}-{_LAST_YEAR}, not "
                f"{first_year}-{last_year}"
            )
        days = [d for year in range(first_year, last_year + 1) for d in self._year_days(year)]
        self._days = np.array(days, dtype=np.int64)
        self._years = (first_year, last_year)

    def _cover_instants(self, us: np.ndarray) -> None:
        ordinal = (us + _CHINA_OFFSET_US) // _DAY_US + _EPOCH_ORDINAL
        self._cover(
            date.fromordinal(int(ordinal.min())).year, date.fromordinal(int(ordinal.max())).year
        )

    def _reach(self, index: np.ndarray) -> None:
        """Grow the table at its end until it holds working day number `index.max()`."""
        needed = int(index.max()) if index.size else -1
        while needed >= len(self._days):
            more = (needed - len(self._days)) // 200 + 1  # about 250 working days a year
            self._cover(self._years[0], self._years[1] + more)

    @_locked
    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a working day: the official calendar (statutory holidays off,
        调休 weekend days on), then the district's overrides."""
        self._cover(day.year, day.year)
        ordinal = day.toordinal()
        index = int(np.searchsorted(self._days, ordinal))
        return index < len(self._days) and int(self._days[index]) == ordinal

    @_locked
    def working_days(self, first: date, last: date) -> list[date]:
        """The working days from `first` to `last`, both included."""
        self._cover(first.year, last.year)
        lo, hi = np.searchsorted(self._days, [first.toordinal(), last.toordinal() + 1])
        return [date.fromordinal(int(n)) for n in self._days[lo:hi]]

    # -- the clock, on int64 microseconds since 1970 UTC --

    @staticmethod
    def _local(us: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Day number and time of day in China of each instant."""
        local = us + _CHINA_OFFSET_US
        return local // _DAY_US + _EPOCH_ORDINAL, local % _DAY_US

    @staticmethod
    def _instant(ordinal: np.ndarray, time_of_day) -> np.ndarray:
        return (ordinal - _EPOCH_ORDINAL) * _DAY_US + time_of_day - _CHINA_OFFSET_US

    def _position(self, us: np.ndarray) -> np.ndarray:
        """Office time on working days since the table's first day, at each instant:
        non-decreasing, flat outside office hours. The table must hold the days."""
        ordinal, tod = self._local(us)
        index = np.searchsorted(self._days, ordinal)
        safe = np.minimum(index, len(self._days) - 1)
        working = (index < len(self._days)) & (self._days[safe] == ordinal)
        before = np.clip(tod[:, None] - self._starts, 0, self._ends - self._starts).sum(axis=1)
        return index * self._day_us + np.where(working, before, 0)

    def _earliest(self, position: np.ndarray) -> np.ndarray:
        """The earliest instant the clock reaches `position` (> 0): the end of a period
        rather than the start of the next."""
        index = (position - 1) // self._day_us
        self._reach(index)
        rest = position - index * self._day_us  # in (0, a day's office time]
        period = np.searchsorted(self._cum_end, rest, side="left")
        tod = self._starts[period] + rest - self._cum_start[period]
        return self._instant(self._days[index], tod)

    # -- deadlines --

    def _due_us(self, us: np.ndarray, amounts: np.ndarray, unit: str) -> np.ndarray:
        if unit == "hours":
            return us + np.round(amounts * 3_600 * _US).astype(np.int64)
        self._cover_instants(us)
        if unit == "working_hours":
            office = np.round(amounts * 3_600 * _US).astype(np.int64)
            later = self._earliest(self._position(us) + np.maximum(office, 1))
            return np.where(office > 0, np.maximum(later, us), us)
        days = amounts.astype(np.int64)
        ordinal, tod = self._local(us)
        index = np.searchsorted(self._days, ordinal, side="right") + days - 1
        # 0 days: today's close if today is a working day still open, else the next close
        first = np.searchsorted(self._days, ordinal, side="left")
        self._reach(np.concatenate([index, first + 1]))
        closed_today = (self._days[first] == ordinal) & (tod >= self._close_us)
        index = np.where(days == 0, first + closed_today, index)
        return self._instant(self._days[index], self._close_us)

    def _warning(self, first_year: int, last_year: int) -> Text | None:
        years = sorted(y for y in self._fallback_years if first_year <= y <= last_year)
        if not years:
            return None
        if self.library is None:
            warning = LIBRARY_MISSING.format(library=LIBRARY)
        else:
            warning = NOT_COVERED.format(years=", ".join(map(str, years)), **self._about())
        if not set(years) <= self._warned:
            self._warned.update(years)
            log.warning("working-day calendar: %s", warning)
        return warning

    @_locked
    def due(self, start: datetime, amount: float, unit: str = "hours") -> Deadline:
        """When a case dispatched at `start` with a limit of `amount` `unit` falls due.

        ``hours`` are calendar hours; ``working_hours`` run only in office hours on
        working days (a start outside them waits for the next period); ``working_days``
        end at the close of the amount-th working day after the start's day."""
        unit = check_unit(unit)
        _check_amount(amount, unit)
        us = np.array([_to_us(start)], dtype=np.int64)
        at = _from_us(int(self._due_us(us, np.array([amount], dtype=np.float64), unit)[0]))
        warning = None if unit == "hours" else self._warning(_china_year(start), at.year)
        return Deadline(at, warning)

    @_locked
    def due_many(self, starts, amounts, units="hours") -> np.ndarray:
        """Deadlines for many dispatches at once, as numpy datetime64[us] (UTC), counted
        as ``due`` counts them.

        `starts`: datetime64 values (taken as UTC) or aware datetimes; `amounts`: one
        number or one per start; `units`: one unit or one per start.
        ``warning(first, last)`` says whether days off the official calendar were used."""
        us = _to_us_array(starts)
        amounts = np.broadcast_to(np.asarray(amounts, dtype=np.float64), us.shape)
        units = np.broadcast_to(np.asarray(units, dtype=object), us.shape)
        result = np.empty(us.shape, dtype=np.int64)
        for unit in set(units.tolist()):
            chosen = units == unit
            code = check_unit(unit)
            for amount in np.unique(amounts[chosen]):
                _check_amount(float(amount), code)
            result[chosen] = self._due_us(us[chosen], amounts[chosen], code)
        return result.astype("datetime64[us]")

    @_locked
    def warning(self, first: date, last: date) -> Text | None:
        """Why deadlines between `first` and `last` may be off the official calendar (the
        years counted Monday to Friday among those this calendar has used), or None."""
        return self._warning(first.year, last.year)

    # -- suspension and elapsed time --

    @_locked
    def elapsed(self, start: datetime, end: datetime, unit: str = "hours") -> float:
        """The time between two instants on `unit`'s clock: calendar hours for ``hours``,
        office hours on working days for ``working_hours``, and working days (office
        time over a day's office time) for ``working_days``. Negative when end < start."""
        unit = check_unit(unit)
        a, b = _to_us(start), _to_us(end)
        if unit == "hours":
            return (b - a) / (3_600 * _US)
        us = np.array([a, b], dtype=np.int64)
        self._cover_instants(us)
        first, second = (int(p) for p in self._position(us))
        if unit == "working_days":
            return (second - first) / self._day_us
        return (second - first) / (3_600 * _US)

    @_locked
    def shift(
        self, deadline: datetime, suspended_at: datetime, resumed_at: datetime, unit: str
    ) -> Deadline:
        """`deadline` moved later by the time its case spent suspended (挂账) from
        `suspended_at` to `resumed_at`: the clock stops while suspended. Working units
        lose only the office time of the suspension (a weekend's suspension moves
        nothing); ``hours`` the whole calendar time."""
        unit = check_unit(unit)
        a, b, d = _to_us(suspended_at), _to_us(resumed_at), _to_us(deadline)
        if b < a:
            raise ValueError(f"resumed at {resumed_at} before suspended at {suspended_at}")
        if unit == "hours":
            return Deadline(_from_us(d + b - a))
        us = np.array([a, b, d], dtype=np.int64)
        self._cover_instants(us)
        positions = self._position(us)
        stopped = int(positions[1] - positions[0])
        moved = d
        if stopped:
            moved = max(int(self._earliest(positions[2:] + stopped)[0]), d)
        first_year = min(_china_year(suspended_at), _year(d))
        return Deadline(_from_us(moved), self._warning(first_year, _year(moved)))


@cache
def official_calendar() -> WorkCalendar:
    """One shared calendar: the installed official calendar, no overrides, the default
    office hours."""
    return WorkCalendar()


def due(
    start: datetime,
    amount: float,
    unit: str = "hours",
    overrides: Iterable[Override] = (),
    office_hours: OfficeHours = DISTRICT_OFFICE_HOURS,
) -> Deadline:
    """The deadline of a case dispatched at `start` (see ``WorkCalendar.due``). Callers
    with many cases keep one WorkCalendar and use its ``due_many``."""
    if not overrides and office_hours == DISTRICT_OFFICE_HOURS:
        return official_calendar().due(start, amount, unit)
    return WorkCalendar(overrides, office_hours).due(start, amount, unit)


# Conversions ----------------------------------------------------------------------------


def _check_amount(amount: float, unit: str) -> None:
    if not (isinstance(amount, (int, float, np.integer, np.floating)) and math.isfinite(amount)):
        raise ValueError(f"a deadline's amount must be a finite number, not {amount!r}")
    if amount < 0:
        raise ValueError(f"a deadline's amount cannot be negative ({amount} {unit})")
    if unit == "working_days" and amount != int(amount):
        raise ValueError(f"working days are whole days, not {amount}")


def _to_us(moment: datetime) -> int:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"a naive datetime ({moment}) has no time zone: give China time")
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _to_us_array(starts: Sequence | np.ndarray) -> np.ndarray:
    if isinstance(starts, np.ndarray) and np.issubdtype(starts.dtype, np.datetime64):
        return starts.astype("datetime64[us]").astype(np.int64)
    return np.fromiter((_to_us(s) for s in starts), dtype=np.int64)


def _from_us(us: int) -> datetime:
    return (_EPOCH + timedelta(microseconds=us)).astimezone(CHINA_TZ)


def _year(us: int) -> int:
    return _from_us(us).year


def _china_year(moment: datetime) -> int:
    return moment.astimezone(CHINA_TZ).year
