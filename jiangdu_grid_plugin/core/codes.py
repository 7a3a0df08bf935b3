"""Administrative, grid and facility codes as validated value types.

Every code that reaches the store or a query passes through one of these classes, so a
malformed code is refused here, with the reason, and never reaches SQL.

- `TownCode`, 9 digits: district (GB/T 2260, 321012 for 江都区) + 3-digit town.
- `CommunityCode`, 12 digits: the statistical code of a village or residents' committee
  (村/社区): town code + 3 digits.
- `GridCode`, 15 digits: community code + 3-digit grid sequence (网格编码, as in
  DB11/T 2157-2023). Sequences are numbered west to east, north to south within the
  community (`reading_order`).
- `FacilityCode`, 16 digits: district + 2-digit major class + 2-digit minor class + 6-digit
  serial (部件编码, GB/T 30428.2 style), e.g. 3210120101000001.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

DISTRICT_CODE = "321012"


class CodeProblem(str, Enum):
    """Why a text is not a valid code. The values are stable and appear in outputs."""

    EMPTY = "empty"
    WRONG_LENGTH = "wrong_length"
    NON_DIGITS = "non_digits"
    WRONG_DISTRICT = "wrong_district"
    ZERO_SEQUENCE = "zero_sequence"


class CodeError(ValueError):
    """A text that is not a valid code; `problem` says why in a machine-readable way."""

    def __init__(self, problem: CodeProblem, message: str):
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True, order=True)
class _DigitCode:
    value: str

    LENGTH: ClassVar[int] = 0
    KIND: ClassVar[str] = "code"

    def __post_init__(self):
        value = self.value
        if not isinstance(value, str) or not value:
            raise CodeError(CodeProblem.EMPTY, f"{self.KIND} is empty")
        if not (value.isascii() and value.isdigit()):
            raise CodeError(
                CodeProblem.NON_DIGITS, f"{self.KIND} {value!r} has characters other than 0-9"
            )
        if len(value) != self.LENGTH:
            raise CodeError(
                CodeProblem.WRONG_LENGTH,
                f"{self.KIND} {value!r} has {len(value)} digits, not {self.LENGTH}",
            )
        if not value.startswith(DISTRICT_CODE):
            raise CodeError(
                CodeProblem.WRONG_DISTRICT,
                f"{self.KIND} {value!r} does not start with Jiangdu's district code "
                f"{DISTRICT_CODE}",
            )
        if int(value[-3:] if self.LENGTH != 16 else value[-6:]) == 0:
            raise CodeError(
                CodeProblem.ZERO_SEQUENCE, f"{self.KIND} {value!r} ends in a zero sequence"
            )

    @classmethod
    def parse(cls, text: str | None):
        """The code in `text`, ignoring surrounding white space; CodeError if invalid."""
        return cls((text or "").strip())

    @classmethod
    def is_valid(cls, text: str | None) -> bool:
        try:
            cls.parse(text)
        except CodeError:
            return False
        return True

    def __str__(self) -> str:
        return self.value


class TownCode(_DigitCode):
    LENGTH = 9
    KIND = "town code"

    @property
    def sequence(self) -> int:
        return int(self.value[6:9])


class CommunityCode(_DigitCode):
    LENGTH = 12
    KIND = "community code"

    @property
    def town(self) -> TownCode:
        return TownCode(self.value[:9])

    @property
    def sequence(self) -> int:
        return int(self.value[9:12])

    @property
    def is_village(self) -> bool:
        """Villages (村委会) take the sequences 200-399, residents' committees 001-199."""
        return 200 <= self.sequence < 400


class GridCode(_DigitCode):
    LENGTH = 15
    KIND = "grid code"

    @classmethod
    def of(cls, community: CommunityCode, sequence: int) -> GridCode:
        if not 1 <= sequence <= 999:
            raise CodeError(
                CodeProblem.WRONG_LENGTH, f"grid sequence {sequence} is not within 1..999"
            )
        return cls(f"{community.value}{sequence:03d}")

    @property
    def community(self) -> CommunityCode:
        return CommunityCode(self.value[:12])

    @property
    def town(self) -> TownCode:
        return TownCode(self.value[:9])

    @property
    def sequence(self) -> int:
        return int(self.value[12:15])


class FacilityCode(_DigitCode):
    LENGTH = 16
    KIND = "facility code"

    @classmethod
    def of(cls, class_code: str, serial: int) -> FacilityCode:
        if len(class_code) != 4 or not class_code.isdigit():
            raise CodeError(
                CodeProblem.NON_DIGITS, f"facility class {class_code!r} is not 4 digits"
            )
        if not 1 <= serial <= 999_999:
            raise CodeError(
                CodeProblem.WRONG_LENGTH, f"facility serial {serial} is not within 1..999999"
            )
        return cls(f"{DISTRICT_CODE}{class_code}{serial:06d}")

    @property
    def major(self) -> str:
        """The 2-digit major class (大类), e.g. 01 public utilities."""
        return self.value[6:8]

    @property
    def class_code(self) -> str:
        """Major and minor class together (4 digits), the key of `facility_classes`."""
        return self.value[6:10]

    @property
    def serial(self) -> int:
        return int(self.value[10:16])


def reading_order(xs, ys, top: float, row_height: float) -> list[int]:
    """Indices of the points (xs[i], ys[i]) in reading order: rows from north to south,
    west to east within a row.

    Rows are bands `row_height` high counted down from `top` (the community's northern
    edge); grids are numbered in this order by their centroids. A row height of about the
    side of a typical grid, sqrt(community area / grid count), keeps a row one grid deep.
    """
    if row_height <= 0 or not math.isfinite(row_height):
        raise ValueError(f"row height must be a positive number, not {row_height}")
    rows = [math.floor((top - y) / row_height) for y in ys]
    return sorted(range(len(rows)), key=lambda i: (rows[i], xs[i], -ys[i]))
