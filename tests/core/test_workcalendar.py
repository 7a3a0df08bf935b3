"""Deadlines in working time on China's official calendar (core/workcalendar.py)."""

import logging
import threading
import time
from datetime import date, datetime, timedelta, timezone
from typing import ClassVar

import chinese_calendar
import numpy as np
import pytest

from jiangdu_grid_plugin.core import workcalendar
from jiangdu_grid_plugin.core.text import UserError
from jiangdu_grid_plugin.core.timestamps import CHINA_TZ
from jiangdu_grid_plugin.core.workcalendar import (
    CalendarNotCoveredError,
    OfficeHours,
    Override,
    WorkCalendar,
)


def at(text: str) -> datetime:
    """China time from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=CHINA_TZ)


def days(first: str, last: str) -> set:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


# The State Council's notices: the days off of each holiday and the weekend days worked
# (2019: 国办发明电〔2018〕15号 and the Labour Day revision of 22 March 2019; 2026: the
# notice of 4 November 2025).
OFFICIAL = {
    2019: (
        [("2019-01-01", "2019-01-01"), ("2019-02-04", "2019-02-10"), ("2019-04-05", "2019-04-05"),
         ("2019-05-01", "2019-05-04"), ("2019-06-07", "2019-06-07"), ("2019-09-13", "2019-09-13"),
         ("2019-10-01", "2019-10-07")],
        ["2019-02-02", "2019-02-03", "2019-04-28", "2019-05-05", "2019-09-29", "2019-10-12"],
    ),
    2026: (
        [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
         ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
         ("2026-10-01", "2026-10-07")],
        ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    ),
}  # fmt: skip


def official_working_days(year: int) -> set:
    holidays, worked = OFFICIAL[year]
    off = set().union(*(days(a, b) for a, b in holidays))
    on = {date.fromisoformat(d) for d in worked}
    return {d for d in days(f"{year}-01-01", f"{year}-12-31") if d in on or (d.weekday() < 5 and d not in off)}  # fmt: skip  # noqa: E501


# The library ---------------------------------------------------------------------------


def test_the_library_has_national_day_2019_off_and_the_sunday_before_it_worked():
    assert chinese_calendar.is_holiday(date(2019, 10, 1))
    assert chinese_calendar.is_workday(date(2019, 9, 29))  # a Sunday, 调休
    calendar = WorkCalendar()
    assert not calendar.is_working_day(date(2019, 10, 1))
    assert calendar.is_working_day(date(2019, 9, 29))


@pytest.mark.parametrize(("year", "count"), [(2019, 250), (2026, 248)])
def test_every_day_of_2019_and_2026_is_as_the_state_council_announced(year, count):
    wanted = official_working_days(year)
    assert len(wanted) == count
    got = set(WorkCalendar().working_days(date(year, 1, 1), date(year, 12, 31)))
    assert sorted(got - wanted) == []
    assert sorted(wanted - got) == []


# Working days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "amount", "due"),
    [
        # the check: not due during the National Day holiday
        ("2019-09-30 16:00", 1, "2019-10-08 17:30"),
        ("2019-09-30 16:00", 3, "2019-10-10 17:30"),
        ("2019-09-30 16:00", 5, "2019-10-12 17:30"),  # Saturday 10-12 is worked
        ("2019-10-03 10:00", 1, "2019-10-08 17:30"),  # dispatched on a holiday
        # 2019-09-29 is a working Sunday
        ("2019-09-27 09:00", 1, "2019-09-29 17:30"),
        ("2019-09-27 09:00", 2, "2019-09-30 17:30"),
        ("2019-09-27 09:00", 3, "2019-10-08 17:30"),
        # Spring Festival 02-04..10, worked on Saturday 02-02 and Sunday 02-03
        ("2019-02-01 10:00", 1, "2019-02-02 17:30"),
        ("2019-02-01 10:00", 2, "2019-02-03 17:30"),
        ("2019-02-01 10:00", 3, "2019-02-11 17:30"),
        # Labour Day 05-01..04, worked on Sundays 04-28 and 05-05
        ("2019-04-26 09:00", 1, "2019-04-28 17:30"),
        ("2019-04-30 09:00", 1, "2019-05-05 17:30"),
        # the dispatch day never counts, whatever the hour
        ("2019-11-25 00:05", 1, "2019-11-26 17:30"),
        ("2019-11-25 23:55", 1, "2019-11-26 17:30"),
        # 0 days: by today's close, or the next working day's when closed
        ("2019-09-30 16:00", 0, "2019-09-30 17:30"),
        ("2019-09-30 17:30", 0, "2019-10-08 17:30"),
        ("2019-10-05 09:00", 0, "2019-10-08 17:30"),
    ],
)
def test_working_days_end_at_the_close_of_the_nth_working_day_after_dispatch(start, amount, due):
    deadline = WorkCalendar().due(at(start), amount, "working_days")
    assert deadline.at == at(due)
    assert deadline.at.utcoffset() == timedelta(hours=8)
    assert deadline.warning is None


# Working hours --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "amount", "due"),
    [
        ("2019-11-25 11:00", 1, "2019-11-25 12:00"),  # ends at noon, not at 14:00
        ("2019-11-25 11:00", 2, "2019-11-25 15:00"),  # across the lunch break
        ("2019-11-25 12:30", 1, "2019-11-25 15:00"),  # dispatched at lunch
        ("2019-11-25 07:00", 1, "2019-11-25 09:30"),  # before the office opens
        ("2019-11-25 08:30", 7, "2019-11-25 17:30"),  # one whole office day
        ("2019-11-25 08:30", 7.5, "2019-11-26 09:00"),
        ("2019-11-29 16:30", 3, "2019-12-02 10:30"),  # Friday to Monday
        ("2019-11-30 10:00", 1, "2019-12-02 09:30"),  # dispatched on a Saturday
        ("2019-09-27 17:00", 1, "2019-09-29 09:00"),  # to the working Sunday
        ("2019-09-30 16:00", 8, "2019-10-08 17:00"),  # across National Day
        ("2019-02-01 17:00", 15, "2019-02-11 09:00"),  # Spring Festival
        ("2019-11-25 11:00", 0, "2019-11-25 11:00"),
    ],
)
def test_working_hours_run_in_office_hours_of_working_days(start, amount, due):
    assert WorkCalendar().due(at(start), amount, "working_hours").at == at(due)


def test_calendar_hours_ignore_the_calendar_as_before():
    start = at("2019-09-30 16:00")
    assert WorkCalendar().due(start, 24, "hours").at == at("2019-10-01 16:00")
    assert workcalendar.due(start, 0.5).at == at("2019-09-30 16:30")


def test_the_district_office_hours_are_data():
    assert str(workcalendar.DISTRICT_OFFICE_HOURS) == "08:30-12:00, 14:00-17:30"
    nine_to_five = OfficeHours.parse("09:00 - 17:00")
    calendar = WorkCalendar(office_hours=nine_to_five)
    assert calendar.due(at("2019-11-25 11:00"), 2, "working_hours").at == at("2019-11-25 13:00")
    assert calendar.due(at("2019-11-25 11:00"), 1, "working_days").at == at("2019-11-26 17:00")
    assert OfficeHours.parse("14:00至17:30，08:30~12:00") == workcalendar.DISTRICT_OFFICE_HOURS
    with pytest.raises(UserError) as error:
        OfficeHours.parse("08:30-12:00, 11:00-17:30")
    assert error.value.text("zh") == "办公时间“08:30-12:00, 11:00-17:30”：有两个时段重叠"
    with pytest.raises(UserError) as error:
        OfficeHours.parse("08:30-12:00, 17:30-14:00")
    assert str(error.value).startswith("office hours '17:30-14:00': write a period as HH:MM")


# Overrides ------------------------------------------------------------------------------


def test_a_district_day_off_and_a_declared_working_day_override_the_official_calendar():
    overrides = [
        Override(date(2019, 11, 26), False, "区运动会"),
        Override(date(2019, 11, 30), True, "专项整治"),
        Override(date(2019, 10, 7), True, "国庆值守"),
    ]
    plain, district = WorkCalendar(), WorkCalendar(overrides)
    assert plain.due(at("2019-11-25 10:00"), 1, "working_days").at == at("2019-11-26 17:30")
    assert district.due(at("2019-11-25 10:00"), 1, "working_days").at == at("2019-11-27 17:30")
    assert plain.due(at("2019-11-29 10:00"), 1, "working_days").at == at("2019-12-02 17:30")
    assert district.due(at("2019-11-29 10:00"), 1, "working_days").at == at("2019-11-30 17:30")
    assert district.due(at("2019-09-30 16:00"), 1, "working_days").at == at("2019-10-07 17:30")
    assert district.due(at("2019-11-29 17:00"), 1, "working_hours").at == at("2019-11-30 09:00")
    assert [district.is_working_day(date(2019, 11, d)) for d in (25, 26, 30)] == [1, 0, 1]


def test_override_rows_are_read_and_bad_ones_named():
    rows = [
        {"day": "2019-11-26", "working": "0", "note": "区运动会"},
        {"day": date(2019, 11, 30), "working": True, "note": None},
        {"day": "2019-12-01", "working": "上班"},
    ]
    assert workcalendar.overrides_from_rows(rows) == [
        Override(date(2019, 11, 26), False, "区运动会"),
        Override(date(2019, 11, 30), True, ""),
        Override(date(2019, 12, 1), True, ""),
    ]
    bad = [
        ([{"day": "2019-02-30", "working": 1}],
         "日历调整第 1 行：日期“2019-02-30”不是日期（YYYY-MM-DD）"),
        ([*rows[:1], {"day": "2019-12-01", "working": "maybe"}],
         "日历调整第 2 行（2019-12-01）：是否上班应为 true 或 false，而不是“maybe”"),
        ([*rows, {"day": "2019-11-26", "working": 1}],
         "日历调整第 1 行和第 4 行都调整了 2019-11-26"),
    ]  # fmt: skip
    for wrong, message in bad:
        with pytest.raises(UserError) as error:
            workcalendar.overrides_from_rows(wrong, language="zh")
        assert error.value.text("zh") == message
    with pytest.raises(UserError, match="calendar override rows 1 and 4 both decide 2019-11-26"):
        workcalendar.overrides_from_rows(bad[2][0])


# Suspension and elapsed time ------------------------------------------------------------


def test_suspension_stops_the_clock():
    calendar = WorkCalendar()
    deadline = calendar.due(at("2019-11-25 10:00"), 2, "working_days").at
    assert deadline == at("2019-11-27 17:30")
    # suspended Tuesday 10:00 to Thursday 10:30: 5.5 + 7 + 2 = 14.5 office hours
    suspended, resumed = at("2019-11-26 10:00"), at("2019-11-28 10:30")
    assert calendar.elapsed(suspended, resumed, "working_hours") == 14.5
    assert calendar.elapsed(suspended, resumed, "working_days") == pytest.approx(14.5 / 7)
    assert calendar.elapsed(suspended, resumed, "hours") == 48.5
    moved = calendar.shift(deadline, suspended, resumed, "working_days")
    assert moved.at == at("2019-12-02 09:00")  # Thu, Fri, then half an hour on Monday
    assert moved.warning is None
    # a whole working day suspended moves a working-days deadline by one working day
    whole = calendar.shift(deadline, at("2019-11-26 08:30"), at("2019-11-26 17:30"), "working_days")
    assert whole.at == at("2019-11-28 17:30")
    # nothing moves for a suspension outside office hours (a weekend, a night)
    weekend = (at("2019-11-29 18:00"), at("2019-12-02 08:00"))
    assert calendar.shift(deadline, *weekend, "working_hours").at == deadline
    assert calendar.shift(deadline, *weekend, "hours").at == deadline + timedelta(hours=62)
    # across National Day only the office time before and after it counts
    holiday = calendar.shift(
        at("2019-09-30 17:30"), at("2019-09-30 16:30"), at("2019-10-08 09:30"), "working_hours"
    )
    assert holiday.at == at("2019-10-08 10:30")
    with pytest.raises(ValueError, match="before suspended"):
        calendar.shift(deadline, resumed, suspended, "hours")


def test_elapsed_working_time_is_the_inverse_of_due():
    calendar = WorkCalendar()
    assert calendar.elapsed(at("2019-11-25 11:00"), at("2019-11-25 15:00"), "working_hours") == 2
    assert calendar.elapsed(at("2019-09-30 17:30"), at("2019-10-08 17:30"), "working_days") == 1
    assert calendar.elapsed(at("2019-10-08 17:30"), at("2019-09-30 17:30"), "working_days") == -1
    start = at("2019-09-27 15:10")
    for amount in (0.25, 1, 3.5, 7, 20, 100):
        due = calendar.due(start, amount, "working_hours").at
        assert calendar.elapsed(start, due, "working_hours") == pytest.approx(amount)


# Years the official calendar does not know ----------------------------------------------


class Only2019:
    """chinese_calendar as if it knew 2019 alone."""

    __version__ = "0.0-test"
    holidays: ClassVar = {d: h for d, h in chinese_calendar.holidays.items() if d.year == 2019}
    workdays: ClassVar = {d: h for d, h in chinese_calendar.workdays.items() if d.year == 2019}

    @staticmethod
    def is_workday(day):
        if day.year != 2019:
            raise NotImplementedError(f"no available data for year {day.year}")
        return chinese_calendar.is_workday(day)


def test_a_year_the_calendar_does_not_know_counts_weekdays_and_says_so(caplog):
    calendar = WorkCalendar([Override(date(2020, 1, 2), False, "")], library=Only2019)
    known = calendar.due(at("2019-09-30 16:00"), 1, "working_days")
    assert (known.at, known.warning) == (at("2019-10-08 17:30"), None)
    with caplog.at_level(logging.WARNING, logger=workcalendar.__name__):
        # 2020-01-01 (New Year) counts as a working day; the override still applies
        guessed = calendar.due(at("2019-12-31 10:00"), 1, "working_days")
        again = calendar.due(at("2020-01-06 10:00"), 1, "working_days")
    assert guessed.at == at("2020-01-01 17:30")
    assert again.at == at("2020-01-07 17:30")
    assert guessed.warning.en == (
        "the official holiday calendar (chinesecalendar 0.0-test) knows 2019–2019, not 2020: "
        "deadlines in 2020 count Monday to Friday as working days, with the district's "
        "overrides. Upgrade it (python -m pip install --upgrade chinesecalendar) or enter the "
        "year's holidays and working weekends as the district's overrides."
    )
    assert guessed.warning.zh.startswith("官方节假日日历（chinesecalendar 0.0-test）收录 2019–2019")
    assert again.warning == guessed.warning
    assert [r.getMessage()[:40] for r in caplog.records] == [
        "working-day calendar: the official holid"
    ]  # logged once per year
    assert calendar.warning(date(2019, 1, 1), date(2019, 12, 31)) is None
    assert calendar.due(at("2020-03-02 10:00"), 5, "hours").warning is None


def test_a_strict_calendar_refuses_a_year_it_does_not_know():
    calendar = WorkCalendar(library=Only2019, strict=True)
    assert calendar.due(at("2019-12-30 10:00"), 1, "working_days").at == at("2019-12-31 17:30")
    with pytest.raises(CalendarNotCoveredError) as error:
        calendar.due(at("2019-12-30 10:00"), 2, "working_days")
    assert error.value.text("zh") == (
        "没有 2020 年的官方工作日日历（chinesecalendar 0.0-test 收录 2019–2019 年）：请先升级"
        "（python -m pip install --upgrade chinesecalendar）再计算该年的时限"
    )


def test_without_the_library_every_year_counts_weekdays_and_says_so():
    calendar = WorkCalendar(library=None)
    deadline = calendar.due(at("2019-09-30 16:00"), 1, "working_days")
    assert deadline.at == at("2019-10-01 17:30")
    assert deadline.warning.en.startswith("chinesecalendar is not installed: deadlines count")
    assert deadline.warning.zh.endswith("安装：python -m pip install chinesecalendar")
    assert not calendar.is_working_day(date(2019, 9, 29))


def test_the_installed_library_knows_2004_to_at_least_2026():
    first, last = workcalendar.official_years()
    assert first == 2004 and last >= 2026
    assert workcalendar.library_version() == chinese_calendar.__version__


# Inputs ---------------------------------------------------------------------------------


def test_units_by_code_or_label_and_bad_inputs_refused():
    start = at("2019-09-30 16:00")
    assert WorkCalendar().due(start, 1, "工作日").at == at("2019-10-08 17:30")
    assert workcalendar.unit_label("working_hours", "zh") == "工作小时"
    with pytest.raises(UserError) as error:
        WorkCalendar().due(start, 1, "weeks")
    assert error.value.text("zh").startswith("未知的时限单位“weeks”")
    with pytest.raises(ValueError, match="naive datetime"):
        WorkCalendar().due(datetime(2019, 9, 30, 16), 1, "working_days")
    with pytest.raises(ValueError, match="whole days"):
        WorkCalendar().due(start, 1.5, "working_days")
    with pytest.raises(ValueError, match="cannot be negative"):
        WorkCalendar().due(start, -1, "working_hours")


def test_a_utc_start_is_counted_on_its_day_in_china():
    # 2019-09-29 20:00 UTC is 2019-09-30 04:00 in China: the dispatch day is 09-30
    start = datetime(2019, 9, 29, 20, 0, tzinfo=timezone.utc)
    assert WorkCalendar().due(start, 1, "working_days").at == at("2019-10-08 17:30")


# Many at once ---------------------------------------------------------------------------


def test_due_many_equals_due_one_by_one():
    rng = np.random.default_rng(20)
    count = 600
    base = at("2019-01-01 00:00")
    starts = [base + timedelta(minutes=int(m)) for m in rng.integers(0, 8 * 365 * 1440, count)]
    units = rng.choice(list(workcalendar.UNITS), count)
    amounts = np.where(units == "working_days", rng.integers(0, 12, count), rng.integers(0, 60, count) / 4)  # fmt: skip  # noqa: E501
    calendar = WorkCalendar([Override(date(2019, 11, 26), False, "")])
    many = calendar.due_many(starts, amounts, units)
    one_by_one = [calendar.due(s, float(a), u).at for s, a, u in zip(starts, amounts, units)]
    as_utc = np.array([d.astimezone(timezone.utc).replace(tzinfo=None) for d in one_by_one], dtype="datetime64[us]")  # fmt: skip  # noqa: E501
    assert (many == as_utc).all()
    same = calendar.due_many(np.array(starts[:5], dtype=object), 2, "working_hours")
    assert list(same) == list(calendar.due_many(starts[:5], [2] * 5, ["工作小时"] * 5))


def test_250000_deadlines_take_well_under_a_second():
    rng = np.random.default_rng(7)
    count = 250_000  # the ten-year store
    first = np.datetime64("2016-12-31T16:00:00", "us")  # 2017-01-01 00:00 in China
    starts = first + rng.integers(0, 10 * 365 * 86_400, count).astype("timedelta64[s]")
    amounts = rng.integers(1, 6, count)
    for unit in ("working_days", "working_hours"):
        calendar = WorkCalendar()
        began = time.perf_counter()
        due = calendar.due_many(starts, amounts, unit)
        seconds = time.perf_counter() - began
        assert seconds < 1.0, (unit, seconds)
        assert (due > starts).all()


def test_one_calendar_shared_by_threads_gives_each_the_answer_of_its_own():
    rng = np.random.default_rng(3)
    batches = []
    for first_year in (2026, 2017, 2010, 2004):  # each batch grows the table backwards
        first = np.datetime64(f"{first_year}-01-01T00:00:00", "us")
        batches.append(first + rng.integers(0, 2 * 365 * 86_400, 20_000).astype("timedelta64[s]"))
    wanted = [WorkCalendar().due_many(b, 3, "working_hours") for b in batches]
    shared, got = WorkCalendar(), [None] * len(batches)

    def work(i):
        got[i] = shared.due_many(batches[i], 3, "working_hours")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(batches))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all((g == w).all() for g, w in zip(got, wanted))
