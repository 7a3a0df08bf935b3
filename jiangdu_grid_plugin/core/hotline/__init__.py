"""Importing 12345 hotline records as routed incidents (12345热线工单导入).

A hotline export has one row per ticket. Each row becomes an incident (source
hotline_12345, step "reported"), placed by its coordinates, else by a facility code,
else by an address that names a community, and routed. The whole batch is written in one
transaction: it lands whole or not at all; "database is locked" retries the whole batch.
The caller's outputs are written inside that transaction, before it commits
(`before_commit`), so that an import and its outputs land together or not at all; their
columns are the input's (renamed where one would clash, e.g. fid, ticket, grid_code:
input_<name>) and then IMPORTED_COLUMNS or NOT_IMPORTED_COLUMNS.

Rows that cannot be imported come back with a reason code:

- ``unreadable_row``: the file reader could not read the row (a quote never closed...);
- ``empty_ticket``, ``bad_ticket`` (control characters such as a NUL byte in it),
  ``duplicate_ticket`` (twice in the file), ``already_imported``;
- ``bad_time``: the time cannot be read; ``implausible_time``: before 2000 or later than
  a day from now (a typo in the year);
- ``no_place``: no coordinates, no known facility code, no community in the address;
- ``bad_coordinates``: not numbers, NaN or infinite; ``out_of_range``: beyond -180..180,
  -90..90; ``swapped``: latitude and longitude exchanged (they land in the district
  when swapped back); ``outside_district``: farther from every grid than the routing
  tolerance.

Rows that are imported can carry notes: a phone number that is neither a Chinese mobile
nor a landline number is kept as given and noted (callers do give extensions, short
numbers and typos, and the call is still a call); control characters in the other text
cells are removed and noted; a catalogue item not in the event catalogue is noted.

Also: a batch whose points mostly miss the community their address names, and hit it when
read as GCJ-02 or BD-09, is flagged with the offset found; a report from the same phone
within 50 m on the same day as another is linked to it as a possible duplicate, never
merged; re-importing a file changes nothing (ticket ids are unique).
"""

from .importer import (
    IMPORTED_COLUMNS,
    LOCKED_RETRIES,
    NOT_IMPORTED_COLUMNS,
    OPTIONAL,
    REQUIRED,
    HotlineError,
    HotlineImport,
    ImportResult,
    _CommunityNames,
)
from .repeats import DUPLICATE_DISTANCE_M, link_repeats, link_repeats_nested
from .texts import NOTES, REASONS
from .values import is_phone_number, parse_number, parse_time

__all__ = [
    "DUPLICATE_DISTANCE_M",
    "IMPORTED_COLUMNS",
    "LOCKED_RETRIES",
    "NOTES",
    "NOT_IMPORTED_COLUMNS",
    "OPTIONAL",
    "REASONS",
    "REQUIRED",
    "HotlineError",
    "HotlineImport",
    "ImportResult",
    "_CommunityNames",
    "is_phone_number",
    "link_repeats",
    "link_repeats_nested",
    "parse_number",
    "parse_time",
]
