"""The units of a deadline, the district's office hours and its own working-day
decisions (overrides) for the working calendar."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ..text import Text, UserError

UNITS = ("hours", "working_hours", "working_days")
UNIT_LABELS = {
    "hours": Text("hours", "小时"),
    "working_hours": Text("working hours", "工作小时"),
    "working_days": Text("working days", "工作日"),
}


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
