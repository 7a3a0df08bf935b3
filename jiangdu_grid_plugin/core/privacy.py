"""Masking of personal information (个人信息) for display and export.

Officers' and reporters' phone numbers and names are personal information under China's
Personal Information Protection Law: they are shown and exported masked unless the user's
role needs them in full.

A table written from someone else's file is masked by what it holds, not by which column
the user said holds what (`mask_values`):

- a column whose header names a phone number (电话, 手机, 联系方式, 来电号码, phone,
  mobile...) or one the user mapped as the phone is masked whole with `mask_phone`;
- a column whose header names a person (姓名, 联系人, 来电人, caller, name...) or the one
  mapped as the caller's name is masked whole with `mask_name`;
- in every other text cell, anything shaped like a Chinese phone number (a mobile number
  1[3-9]x with 11 digits, a landline with its area code, with or without separators or
  +86) is masked where it stands, and so is every name the row's name columns hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

PHONE = "phone"
NAME = "name"

# A phone number as people write them; never inside a longer run of digits or after a
# decimal point (coordinates, codes and tickets are not phones).
_COUNTRY = r"(?:(?:\+|00)86[\s-]?)"
PHONE_PATTERN = re.compile(
    r"(?<![\d.])(?:"
    rf"{_COUNTRY}?1[3-9]\d(?:[\s-]?\d{{4}}){{2}}"  # 138 1234 5678
    r"|\(?0\d{2,3}\)?[\s-]?\d{3,4}[\s-]?\d{4}"  # 0514-8642 1234, (0514)86421234
    rf"|{_COUNTRY}\(?[1-9]\d{{1,2}}\)?[\s-]?\d{{3,4}}[\s-]?\d{{4}}"  # +86 514 86421234
    r")(?!\d)"
)
_THREE_DIGITS = re.compile(r"\d{3}")

_PHONE_HEADERS = ("电话", "手机", "联系方式", "来电号码", "联系号码", "主叫号码", "座机")
_NAME_HEADERS = (
    "姓名",
    "名字",
    "联系人",
    "来电人",
    "反映人",
    "投诉人",
    "举报人",
    "诉求人",
    "当事人",
    "上报人",
)
_PHONE_WORDS = {"phone", "telephone", "tel", "mobile", "cellphone", "msisdn", "contact"}
_PERSON_WORDS = {"caller", "reporter", "complainant", "person", "surname", "fullname"}
# "name" is a person only alone or with one of these (not street_name, item_name).
_NAME_COMPANIONS = {"full", "first", "last", "given", "family", "user", "citizen", *_PERSON_WORDS}


def mask_phone(phone: str | None) -> str | None:
    """138****5678: keep the first three and last four digits."""
    if phone is None:
        return None
    text = phone.strip()
    if len(text) < 8:
        return "*" * len(text)
    return text[:3] + "*" * (len(text) - 7) + text[-4:]


def mask_name(name: str | None) -> str | None:
    """张*, 张*明: keep the surname and, for names of three or more characters, the last."""
    if name is None:
        return None
    text = name.strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def column_kind(header: str) -> str | None:
    """PHONE, NAME or None for a column header (a header naming both is a phone column:
    联系人电话)."""
    text = str(header or "").strip()
    if any(word in text for word in _PHONE_HEADERS):
        return PHONE
    words = set(re.findall(r"[a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", text).lower()))
    if words & _PHONE_WORDS:
        return PHONE
    if any(word in text for word in _NAME_HEADERS) or words & _PERSON_WORDS:
        return NAME
    if "name" in words and (words <= {"name"} or words & _NAME_COMPANIONS):
        return NAME
    return None


def column_kinds(
    columns: Sequence[str], phone: str | None = None, name: str | None = None
) -> list[str | None]:
    """The kind of each column: by its header, and PHONE / NAME for the columns mapped
    as the phone and the caller's name."""
    kinds = []
    for column in columns:
        if phone and column == phone:
            kinds.append(PHONE)
        elif name and column == name:
            kinds.append(NAME)
        else:
            kinds.append(column_kind(column))
    return kinds


def mask_text(text: str, names: Iterable[str] = ()) -> str:
    """`text` with every phone-shaped part and every one of `names` masked."""
    if _THREE_DIGITS.search(text):  # most cells have none: skip the longer pattern
        text = PHONE_PATTERN.sub(lambda match: mask_phone(match.group()), text)
    for name in names:
        if name in text:
            text = text.replace(name, mask_name(name))
    return text


def mask_values(values: Sequence, kinds: Sequence[str | None]) -> list:
    """One row of an output table, masked: `kinds` (from `column_kinds`) gives the kind
    of the first values; values beyond it (the columns an algorithm adds: reasons,
    notes) are masked by content only."""
    names = sorted(
        {
            str(value).strip()
            for value, kind in zip(values, kinds)
            if kind == NAME and value is not None and len(str(value).strip()) >= 2
        },
        key=len,
        reverse=True,  # 张小明 before 张小
    )
    masked = []
    for position, value in enumerate(values):
        kind = kinds[position] if position < len(kinds) else None
        if value is None:
            masked.append(None)
        elif kind == PHONE:
            masked.append(mask_phone(_text_of(value)))
        elif kind == NAME:
            masked.append(mask_name(_text_of(value)))
        elif isinstance(value, str):
            masked.append(mask_text(value, names))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            # A phone number typed into Excel arrives as a number.
            text = _text_of(value)
            masked.append(mask_phone(text) if PHONE_PATTERN.fullmatch(text) else value)
        else:
            masked.append(value)
    return masked


def _text_of(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
