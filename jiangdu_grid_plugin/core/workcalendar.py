"""Deadlines in working time on China's official calendar (工作日, 法定节假日, 调休).

A catalogue item's limit is an amount and a unit:

- ``hours``: calendar hours from the dispatch, as the store counted before;
- ``working_hours`` (工作小时): counted only within the district's office hours on
  working days;
- ``working_days`` (工作日): a case dispatched on day D (at any time) with a limit of n
  working days is due at the close of office hours on the n-th working day after D.
  The dispatch day itself does not count, as in the Civil Code's rules on periods
  (民法典 第二百零一条: the day a period starts is not counted; 第二百零三条: where there
  are business hours, the last day ends when business stops). So a case dispatched on
  2019-09-30 at 16:00 with one working day is due on 2019-10-08 at 17:30, after the
  National Day holiday. A limit of 0 working days means the close of the dispatch day
  when it is a working day and the office has not yet closed, otherwise the close of the
  next working day (当日办结).

A working day is a day of the official calendar: Monday to Friday except the statutory
holidays, plus the weekend days the State Council declares working days (调休上班);
the district's own overrides (a day off for the district, a declared working day) are
applied on top. Office hours are data (``OfficeHours``); the default,
08:30–12:00 and 14:00–17:30 China time (7 hours a day), is an assumption for the
district, to be replaced by its own when known.

Suspension (挂账) stops the clock: ``shift`` moves a deadline later by the working time
(calendar time for ``hours``) that passed while a case was suspended, and ``elapsed``
measures working time between two instants (for escalation: how many limits a case is
overdue). For both working units the clock runs in office time; a whole working day of
suspension moves a working-days deadline to the close of the next working day.

Which library: measured against the State Council's notices (国办发明电〔2018〕15号 for
2019 with its revision of 22 March 2019 for Labour Day; the notice of 4 November 2025 for
2026), every day of each year, with the venv's Python (November 2026):

============================  =========  ==========  ====================================
library (PyPI)                2019       2026        beyond its data
============================  =========  ==========  ====================================
chinesecalendar 1.11.0        right      right       2004–2026; 2027 raises
                                                     NotImplementedError
holidays 0.109 (``China``)    right      right       any year: 2027 is computed by rule
                                                     (no 调休 working weekends, Labour
                                                     Day 05-01..04), indistinguishable
                                                     from a published year
workalendar 17.0.0            right      refuses     2018–2023 only (2024 on raises);
                                                     2020 wrong (misses the extended
                                                     Spring Festival, 01-31 and 02-01)
cnworkdays 2026.0             wrong      right       2018–2026, then Monday to Friday
                              (4 days)               silently; pulls in marimo, textual
============================  =========  ==========  ====================================

cnworkdays keeps the first 2019 notice: 05-02 and 05-03 working, 04-28 and 05-05 off.
chinesecalendar and holidays agree on every day of 2004–2026 but one, 2005-12-31, a
working Saturday by the 2006 notice, which chinesecalendar has as a day off. We use
chinesecalendar (MIT, pure Python, no dependencies, 0.2 MB, imported in 4 ms against
14 MB and 34 ms for holidays): it is right on both years and, above all, it says which
years it knows. holidays answers for a year whose notice is not yet out as confidently
as for a published one, so a guard built on it could not tell a deadline on the official
calendar from a guess. The last days of the library's last year can still change with the
next year's notice (the 2019 notice made 2018-12-29 a working Saturday).

A year the library does not know (or every year, when it is not installed) is counted
Monday to Friday with the district's overrides, and every deadline that touches it
carries a warning saying so (``Deadline.warning``; logged once per year too). A command
centre must go on dispatching on 2 January of a year nobody has updated the package
for; refusing would stop the loop, and counting calendar days instead would make every
weekend working time. Weekdays are right on all but the dozen holiday and 调休 days of a
year, and the district can enter those as overrides until the package is upgraded.
``WorkCalendar(strict=True)`` refuses instead (``CalendarNotCoveredError``), for a caller
that would rather stop.

Speed: each year's working days are computed once per calendar, as a sorted array of
day numbers, and ``due_many`` answers for whole arrays of dispatch times with numpy's
``searchsorted``: 100,000 dispatches over ten years in 15–20 ms (60–70 ms on the first
call, which builds the ten years), 250,000 in 50–60 ms; from Python datetimes rather
than datetime64, 0.2 s per 100,000 (the conversion). ``due``, one at a time, costs about
30 microseconds: use ``due_many`` for a whole store.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cache, wraps

import numpy as np

from .text import Text, UserError
from .timestamps import CHINA_TZ

log = logging.getLogger(__name__)

UNITS = ("hours", "working_hours", "working_days")
UNIT_LABELS = {
    "hours": Text("hours", "小时"),
    "working_hours": Text("working hours", "工作小时"),
    "working_days": Text("working days", "工作日"),
}

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


def unit_label(unit: str, language: str = "en") -> str:
    return UNIT_LABELS[check_unit(unit)](language)


def check_unit(unit: str) -> str:
    """`unit` if it is one of UNITS (by code or by its English or Chinese label), else a
    UserError naming it and the units there are."""
    text = str(unit).strip()
    for code, label in UNIT_LABELS.items():
        if text in (code, label.en, label.zh):
            return code
    raise UserError(
        Text(
            "unknown deadline unit '{unit}': use hours, working_hours or working_days",
            "未知的时限单位“{unit}”：可用 hours（小时）、working_hours（工作小时）或 "
            "working_days（工作日）",
        ).format(unit=text)
    )


# Office hours ---------------------------------------------------------------------------


_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _clock_seconds(text: str) -> int | None:
    match = _CLOCK.match(text)
    if not match:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        return None
    return hours * 3600 + minutes * 60


@dataclass(frozen=True)
class OfficeHours:
    """The periods of a working day the clock runs in, as seconds after midnight China
    time: ((start, end), ...), sorted and not overlapping."""

    periods: tuple[tuple[int, int], ...]

    def __post_init__(self):
        previous_end = 0
        for start, end in self.periods:
            if not (previous_end <= start < end <= 86_400):
                raise ValueError(f"office hours must be sorted, disjoint periods: {self}")
            previous_end = end
        if not self.periods:
            raise ValueError("office hours need at least one period")

    @classmethod
    def parse(cls, text: str, language: str = "en") -> OfficeHours:
        """Office hours from text such as "08:30-12:00, 14:00-17:30" (also with "–", "~"
        or "至"); a UserError naming the part that is wrong."""
        periods = []
        for part in re.split(r"[,，;；]", text or ""):
            if not part.strip():
                continue
            bounds = re.split(r"\s*(?:-|–|~|～|至)\s*", part.strip())
            seconds = [_clock_seconds(b) for b in bounds] if len(bounds) == 2 else [None]
            if None in seconds or seconds[0] >= seconds[1]:
                raise UserError(
                    Text(
                        "office hours '{part}': write a period as HH:MM-HH:MM, start before "
                        "end (e.g. 08:30-12:00, 14:00-17:30)",
                        "办公时间“{part}”：时段应写作 HH:MM-HH:MM，开始早于结束"
                        "（如 08:30-12:00, 14:00-17:30）",
                    ).format(part=part.strip())
                )
            periods.append((seconds[0], seconds[1]))
        periods.sort()
        for (_, end), (start, _) in zip(periods, periods[1:]):
            if start < end:
                raise UserError(
                    Text(
                        "office hours '{text}': two periods overlap",
                        "办公时间“{text}”：有两个时段重叠",
                    ).format(text=text.strip())
                )
        if not periods:
            raise UserError(
                Text(
                    "office hours are empty: give at least one period, e.g. 08:30-17:30",
                    "办公时间为空：至少给出一个时段，如 08:30-17:30",
                )
            )
        return cls(tuple(periods))

    @property
    def seconds_a_day(self) -> int:
        return sum(end - start for start, end in self.periods)

    @property
    def close(self) -> int:
        return self.periods[-1][1]

    def __str__(self) -> str:
        def clock(seconds):
            return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"

        return ", ".join(f"{clock(s)}-{clock(e)}" for s, e in self.periods)


def _hm(hour: int, minute: int) -> int:
    return hour * 3600 + minute * 60


DISTRICT_OFFICE_HOURS = OfficeHours(((_hm(8, 30), _hm(12, 0)), (_hm(14, 0), _hm(17, 30))))


# Overrides ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Override:
    """The district's own decision for one day: working or not, and why."""

    day: date
    working: bool
    note: str = ""


def overrides_from_rows(rows: Iterable[Mapping], language: str = "en") -> list[Override]:
    """Overrides from rows with keys day (a date or YYYY-MM-DD text), working (true/false,
    1/0, 是/否) and note; a UserError naming the first bad row (counted from 1)."""
    truth = {
        "1": True, "true": True, "yes": True, "y": True, "是": True, "上班": True,
        "0": False, "false": False, "no": False, "n": False, "否": False, "休息": False,
    }  # fmt: skip
    overrides, seen = [], {}
    for number, row in enumerate(rows, start=1):
        day = row.get("day")
        if isinstance(day, datetime):
            day = None  # a moment is not a day; say so below
        elif isinstance(day, str):
            try:
                day = date.fromisoformat(day.strip())
            except ValueError:
                day = None
        if not isinstance(day, date):
            raise UserError(
                Text(
                    "calendar override row {n}: day '{day}' is not a date (YYYY-MM-DD)",
                    "日历调整第 {n} 行：日期“{day}”不是日期（YYYY-MM-DD）",
                ).format(n=number, day=row.get("day"))
            )
        working = row.get("working")
        working = working if isinstance(working, bool) else truth.get(str(working).strip().lower())
        if working is None:
            raise UserError(
                Text(
                    "calendar override row {n} ({day}): working must be true or false, not "
                    "'{value}'",
                    "日历调整第 {n} 行（{day}）：是否上班应为 true 或 false，而不是“{value}”",
                ).format(n=number, day=day, value=row.get("working"))
            )
        if day in seen:
            raise UserError(
                Text(
                    "calendar override rows {first} and {n} both decide {day}",
                    "日历调整第 {first} 行和第 {n} 行都调整了 {day}",
                ).format(first=seen[day], n=number, day=day)
            )
        seen[day] = number
        overrides.append(Override(day, working, str(row.get("note") or "")))
    return overrides


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
