"""Placing facility codes from lists on the map (部件编码批量定位).

Data staff receive spreadsheets that name facilities by their 16-digit code. Every value
gets one outcome: placed (the facility is in the inventory and in use) or an error with
a stable reason code:

- ``empty``: no code in the cell;
- ``non_digits``: characters other than digits, after normalising;
- ``wrong_length``: not 16 digits (a numeric column may have dropped leading zeros);
- ``number_lost_digits``: the code became a number in Excel, which keeps 15 significant
  digits: the last digit is lost and no facility can be chosen safely;
- ``wrong_district``: does not start with Jiangdu's 321012;
- ``unknown_class``: its major and minor class are not in the store's class table;
- ``not_in_inventory``: well formed, but no such facility;
- ``retired``: the facility is no longer in use.

Normalising (before any check): surrounding white space (also full-width and
non-breaking), full-width digits (３２１０…), integers from numeric columns, and numbers
Excel printed in scientific notation (3.210120101000001E+15) when every digit survived.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from .codes import DISTRICT_CODE, FacilityCode
from .progress import SILENT, Progress
from .text import LANGUAGES, Text

OUTCOMES = (
    "placed",
    "empty",
    "non_digits",
    "wrong_length",
    "number_lost_digits",
    "wrong_district",
    "unknown_class",
    "not_in_inventory",
    "retired",
)

# The columns of the placed facilities' table after the input's (the store fills them in
# this order: queries/facilities.py, sqlite/geocoded.py), and of the table of rows not
# placed after the input's.
PLACED_COLUMNS = (
    ("input_row", "INTEGER"),
    ("facility_code", "TEXT"),
    ("class_code", "TEXT"),
    ("major_class", "TEXT"),
    ("class_name", "TEXT"),
    ("facility_name", "TEXT"),
    ("state", "TEXT"),
    ("in_use", "BOOLEAN"),
    ("grid_code", "TEXT"),
    ("grid_name", "TEXT"),
    ("community_code", "TEXT"),
    ("community_name", "TEXT"),
    ("town_code", "TEXT"),
    ("town_name", "TEXT"),
    ("officer_ids", "TEXT"),
    ("officer_names", "TEXT"),
    ("officer_phones", "TEXT"),
    ("note", "TEXT"),
)
NOT_PLACED_COLUMNS = (("input_row", "INTEGER"), ("reason_code", "TEXT"), ("reason", "TEXT"))


def placed_columns(input_columns) -> list[tuple[str, str]]:
    """The placed facilities' table: the input's columns (renamed where they would clash,
    core.outputs.output_columns), then PLACED_COLUMNS."""
    from .outputs import output_columns

    return output_columns(input_columns, PLACED_COLUMNS)


def not_placed_columns(input_columns) -> list[tuple[str, str]]:
    from .outputs import output_columns

    return output_columns(input_columns, NOT_PLACED_COLUMNS)


_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_SCIENTIFIC = re.compile(r"^[+]?(\d)(?:\.(\d*))?[eE][+]?(\d+)$")

# Why a value was not placed, filled in with the value and what was found in it.
_REASONS = {
    "empty": Text("The code is empty.", "编码为空。"),
    "non_digits": Text(
        "The code {value} has characters other than digits.", "编码 {value} 含有数字以外的字符。"
    ),
    "wrong_length": Text(
        "The code {value} has {length} digits, not 16{hint}.",
        "编码 {value} 有 {length} 位，不是 16 位{hint}。",
    ),
    "number_lost_digits": Text(
        "The code {value} was turned into a number (by Excel): only {digits} digits survive "
        "and the rest cannot be recovered. Enter codes as text.",
        "编码 {value} 已被（Excel）转成数值，只保留了 {digits} 位有效数字，"
        "其余无法恢复。请以文本格式录入编码。",
    ),
    "wrong_district": Text(
        "The code {value} does not start with Jiangdu's district code 321012.",
        "编码 {value} 不以江都区行政区划代码 321012 开头。",
    ),
    "unknown_class": Text(
        "The code {value} has the class {facility_class}, which is not in the store's "
        "facility classes.",
        "编码 {value} 的分类 {facility_class} 不在网格库的部件分类中。",
    ),
    "not_in_inventory": Text(
        "The code {value} is well formed but no facility has it.",
        "编码 {value} 格式正确，但没有对应的部件。",
    ),
    "retired": Text(
        "The facility {value} was retired on {retired_on}.", "部件 {value} 已于 {retired_on} 注销。"
    ),
    "lost_zeros": Text(
        " (a numeric column may have dropped leading zeros: keep codes as text)",
        "（数值列可能丢失了前导零：请以文本格式保存编码）",
    ),
}


@dataclass(frozen=True)
class Normalized:
    code: str | None  # the 16-digit text to look up; None when the value cannot be one
    outcome: str | None  # an error outcome decided while normalising, or None
    note: str = ""  # how the value was changed, for the output
    digits: int = 0  # for number_lost_digits: how many digits survived


def normalize(value, from_spreadsheet: bool = False) -> Normalized:
    """The code a cell value stands for (see the module's docstring).

    Numbers that come from a spreadsheet (XLSX, XLS, ODS) passed through Excel, which
    keeps 15 significant digits, whether they arrive as integers or as floats.
    """
    if value is None:
        return Normalized(None, "empty")
    if isinstance(value, bool):
        return Normalized(None, "non_digits")
    if isinstance(value, (int, np.integer)):
        if from_spreadsheet:
            return (
                _from_float(float(value)) if abs(value) < 2**53 else Normalized(None, "non_digits")
            )
        return Normalized(str(int(value)), None, "read from a number")
    if isinstance(value, (float, np.floating)):
        return _from_float(float(value))
    text = str(value)
    if len(text) == 16 and text.isascii() and text.isdigit():
        return Normalized(text, None)  # the common case, fast
    stripped = text.strip().strip("\u3000\u00a0\ufeff").strip()
    if not stripped:
        return Normalized(None, "empty")
    translated = stripped.translate(_FULL_WIDTH)
    notes = []
    if translated != stripped:
        notes.append("full-width digits")
    elif stripped != text:
        notes.append("spaces removed")
    scientific = _SCIENTIFIC.match(translated)
    if scientific:
        return _from_scientific(translated, scientific)
    if translated.endswith(".0") and translated[:-2].isdigit():
        translated = translated[:-2]
        notes.append("decimal point removed")
    return Normalized(translated, None, ", ".join(notes))


def _from_float(number: float) -> Normalized:
    if not np.isfinite(number) or number != int(number) or number < 0:
        return Normalized(None, "non_digits")
    digits = str(int(number))
    # A 16-digit number from Excel keeps 15 significant digits: a last 0 may stand for
    # anything. Only a last digit other than 0 proves that all 16 survived.
    if len(digits) == 16 and digits.endswith("0"):
        return Normalized(digits, "number_lost_digits", digits=15)
    return Normalized(digits, None, "read from a number")


def _from_scientific(text: str, match) -> Normalized:
    written = match.group(1) + (match.group(2) or "")
    number = Decimal(text)
    if number != number.to_integral_value():
        return Normalized(None, "non_digits")
    digits = str(int(number))
    if len(digits) == 16 and len(written) < 16:
        # 3.21012E+15: the digits after those written are unknown.
        return Normalized(digits, "number_lost_digits", digits=len(written))
    return Normalized(digits, None, "read from scientific notation")


class FacilityIndex:
    """The inventory in memory: the code of every facility in use -> its fid, and the
    retired ones apart (code -> retirement date)."""

    def __init__(self, codes, fids, retired: dict[str, str], class_codes):
        self.fid = {code: fid for code, fid in zip(codes, fids) if code not in retired}
        self.retired = retired
        self.class_codes = set(class_codes)

    @classmethod
    def from_store(cls, store) -> FacilityIndex:
        codes, fids, retired = store.facility_inventory()
        return cls(codes, fids, retired, store.facility_class_codes())

    @classmethod
    def of_store(cls, store) -> FacilityIndex:
        """The index of an open store: a GeoPackage's kept while its file is unchanged;
        a PostGIS store's read afresh (other sessions change it)."""
        if not store.location.is_file:
            return cls.from_store(store)
        key = store.location.cache_key()
        with _index_lock:
            index = _indexes.get(key)
        if index is None:
            index = cls.from_store(store)
            with _index_lock:
                _indexes.clear()  # one store's inventory at a time: it is large
                _indexes[key] = index
        return index

    def lookup(self, codes) -> np.ndarray:
        """fid of each code of a facility in use (-1 otherwise): over a million a second."""
        get = self.fid.get
        return np.array([get(code, -1) for code in codes], dtype=np.int64)


_indexes: dict[tuple, FacilityIndex] = {}
_index_lock = threading.Lock()


@dataclass
class Outcomes:
    """Per input value: outcome, the facility's fid (placed) and a note or reason."""

    outcome: list[str]
    fid: np.ndarray
    text: list[str]

    def counts(self) -> dict[str, int]:
        counted = Counter(self.outcome)
        return {outcome: counted.get(outcome, 0) for outcome in OUTCOMES}


def geocode(
    values,
    index: FacilityIndex,
    language: str = "en",
    from_spreadsheet: bool = False,
    progress: Progress = SILENT,
) -> Outcomes:
    """The outcome of every value, in order (see `normalize` for `from_spreadsheet`);
    `progress` reports and may cancel (CanceledError)."""
    if language not in LANGUAGES:
        raise ValueError(f"no reasons in language {language!r}")
    # Most values are the code itself: look them up as they are, and normalise only
    # those not found (a value found is a valid code of a facility in use).
    fids = index.lookup(values)
    outcome = ["placed"] * len(values)
    text = [""] * len(values)
    retired = index.retired
    missing = np.flatnonzero(fids < 0)
    progress(len(values) and 1 - len(missing) / len(values))
    for done, i in enumerate(missing):
        if done % 10_000 == 0:
            progress.check()
            progress((len(values) - len(missing) + done) / len(values))
        n = normalize(values[i], from_spreadsheet)
        if n.outcome is None:
            fid = index.fid.get(n.code, -1)
            if fid >= 0:
                fids[i], text[i] = fid, n.note
                continue
        if n.outcome is not None:
            result = n.outcome
        elif n.code in retired:
            result = "retired"
        else:
            result = _why_not_found(n.code, index)
        outcome[i] = result
        shown = "" if values[i] is None else str(values[i]).strip()
        code = n.code or shown
        numeric = result == "wrong_length" and n.note == "read from a number"
        text[i] = _REASONS[result](language).format(
            value=shown,
            length=len(code),
            hint=_REASONS["lost_zeros"](language) if numeric else "",
            digits=n.digits,
            facility_class=code[6:10],
            retired_on=retired.get(code, ""),
        )
    return Outcomes(outcome, fids, text)


def _why_not_found(code: str, index: FacilityIndex) -> str:
    if not (code.isascii() and code.isdigit()):
        return "non_digits"
    if len(code) != FacilityCode.LENGTH:
        return "wrong_length"
    if not code.startswith(DISTRICT_CODE):
        return "wrong_district"
    if code[6:10] not in index.class_codes:
        return "unknown_class"
    return "not_in_inventory"
