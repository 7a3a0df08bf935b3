"""Reading the spreadsheets data staff receive, and writing tables back safely.

CSV files come from Excel in UTF-8 (with or without a byte-order mark) or in GB18030/GBK,
the Chinese Windows default. The encoding is decided per file: a BOM first, then strict
UTF-8, then GB18030. Trying GB18030 first would turn UTF-8 text into mojibake without an
error, and GBK lacks rare characters such as 䶮 that GB18030 has.

Text written back to CSV or XLSX is protected against spreadsheet formula injection: a
cell starting with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

ENCODINGS = ("utf-8-sig", "utf-8", "gb18030")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class TableError(ValueError):
    pass


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    encoding: str


def detect_encoding(data: bytes) -> str:
    """utf-8-sig (a BOM), utf-8 (decodes strictly) or gb18030 (anything else)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def read_csv(path: str | Path) -> Table:
    """All rows of a CSV file as text, with its header. Raises TableError naming the
    file and the problem (undecodable, empty, repeated column names)."""
    path = Path(path)
    data = path.read_bytes()
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise TableError(f"{path}: neither UTF-8 nor GB18030 text ({error})") from error
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise TableError(f"{path} is empty: it has no header row") from None
    columns = [name.strip() for name in header]
    if len(set(columns)) != len(columns):
        duplicates = sorted({c for c in columns if columns.count(c) > 1})
        raise TableError(f"{path}: the header repeats the column(s) {', '.join(duplicates)}")
    rows = [row for row in reader if row]  # Excel leaves blank lines at the end
    # Rows longer than the header keep their extra cells under extra columns; shorter
    # ones are padded: no cell is dropped.
    width = max([len(columns), *map(len, rows)])
    columns += [f"extra_{i}" for i in range(1, width - len(columns) + 1)]
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return Table(columns, rows, encoding)


def neutralize(value):
    """A text cell that a spreadsheet would run as a formula, made inert."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
