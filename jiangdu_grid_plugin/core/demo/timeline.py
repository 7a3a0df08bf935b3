"""When the demo happens: its last day (as of), how many years it covers, and where each
year begins and ends.

The report was written on 2019-11-25, 297 days after the platform's trial run began on
2019-02-01. The demo keeps that shape on any calendar: its clock stops at 09:00 China
time on the as-of day, the platform's first year is a 297-day trial run, and each later
year runs from one anniversary of the as-of day to the next, so the last year ends at
the demo's clock. A one-year demo is the trial run alone, as in the report.

Nothing is shifted after it is made: the activity is drawn on the target calendar, so
weekdays, months and seasons fall on real days whatever the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..timestamps import CHINA_TZ, from_datetime_text, local_date, to_datetime_text

REPORT_DAY = date(2019, 11, 25)
CLOCK = time(9, 0)  # the hour of the report: the demo's clock stops then
TRIAL_DAYS = 297  # 2019-02-01 to 2019-11-25
STAFF_LEAD_DAYS = 31  # staff and grids were in place a month before the first report
MAX_YEARS = 30


@dataclass(frozen=True)
class Year:
    """One year of the demo: reports from `start` (inclusive) to `end` (exclusive)."""

    number: int  # 1 for the first
    start: datetime
    end: datetime
    is_last: bool

    @property
    def is_trial(self) -> bool:
        return self.number == 1

    @property
    def days(self) -> list[date]:
        """The calendar days (China time) the year touches."""
        first, last = self.start.date(), (self.end - timedelta(microseconds=1)).date()
        return [first + timedelta(days=d) for d in range((last - first).days + 1)]


@dataclass(frozen=True)
class Timeline:
    as_of: date = REPORT_DAY
    years: int = 1

    def __post_init__(self):
        if not 1 <= self.years <= MAX_YEARS:
            raise ValueError(f"a demo covers 1 to {MAX_YEARS} years, not {self.years}")

    @property
    def now(self) -> datetime:
        """The demo's clock: 09:00 China time on the as-of day."""
        return datetime.combine(self.as_of, CLOCK, CHINA_TZ)

    def periods(self) -> list[Year]:
        ends = [_years_before(self.now, self.years - n) for n in range(1, self.years + 1)]
        trial_start = datetime.combine(
            ends[0].date() - timedelta(days=TRIAL_DAYS), time(), CHINA_TZ
        )
        starts = [trial_start, *ends[:-1]]
        return [
            Year(n, start, end, n == self.years)
            for n, (start, end) in enumerate(zip(starts, ends), start=1)
        ]

    @property
    def platform_start(self) -> date:
        """The day staff assignments and the first grids took effect."""
        return self.periods()[0].start.date() - timedelta(days=STAFF_LEAD_DAYS)

    def info(self) -> dict[str, str]:
        """What the store keeps of the timeline (store_info)."""
        return {"demo_as_of": to_datetime_text(self.now), "demo_years": str(self.years)}

    @classmethod
    def from_info(cls, info: dict[str, str]) -> Timeline | None:
        """The timeline of a demo store, from its store_info; None for other stores (and
        demo stores built before the demo kept its timeline)."""
        if "demo_as_of" not in info:
            return None
        as_of = local_date(from_datetime_text(info["demo_as_of"]))
        return cls(as_of, int(info.get("demo_years", "1")))


def _years_before(moment: datetime, years: int) -> datetime:
    """The same day and time `years` earlier (28 February for a 29th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)
