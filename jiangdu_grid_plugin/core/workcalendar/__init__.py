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

from .office import (
    DISTRICT_OFFICE_HOURS,
    UNIT_LABELS,
    UNITS,
    OfficeHours,
    Override,
    check_unit,
    overrides_from_rows,
    unit_label,
)
from .workdays import (
    LIBRARY,
    LIBRARY_MISSING,
    NOT_COVERED,
    CalendarNotCoveredError,
    Deadline,
    WorkCalendar,
    due,
    library_version,
    official_calendar,
    official_years,
)

__all__ = [
    "DISTRICT_OFFICE_HOURS",
    "LIBRARY",
    "LIBRARY_MISSING",
    "NOT_COVERED",
    "UNITS",
    "UNIT_LABELS",
    "CalendarNotCoveredError",
    "Deadline",
    "OfficeHours",
    "Override",
    "WorkCalendar",
    "check_unit",
    "due",
    "library_version",
    "official_calendar",
    "official_years",
    "overrides_from_rows",
    "unit_label",
]
