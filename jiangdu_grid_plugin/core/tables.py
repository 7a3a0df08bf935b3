"""Reading the spreadsheets data staff receive, and writing tables back safely.

CSV files come from Excel in UTF-8 (with or without a byte-order mark), in GB18030/GBK,
the Chinese Windows default, or as Excel's "Unicode text" (UTF-16 with a BOM, tab
separated). The encoding is decided per file: a BOM first, then strict UTF-8, then
GB18030. Trying GB18030 first would turn UTF-8 text into mojibake without an error, and
GBK lacks rare characters such as 䶮 that GB18030 has.

A list without a header row (a column of facility codes pasted into a file, say) is read
as one: a first row holding a value no column name looks like, six digits or more (a
code, a phone or ticket number), is a row, and the columns are named column_1,
column_2... by their place (`Table.headerless`).

A file that cannot be read as a table at all (empty, binary, a workbook renamed .csv,
undecodable, a header that repeats a column) raises `TableError`, a sentence naming the
file and what to do. A row that cannot be read (a quote opened and never closed, a cell
longer than the csv module's field limit) does not stop the file and does not swallow the
rows after it: the row keeps the cells of its own line and is listed in `Table.problems`
with the reason, and reading goes on at the next line.

Text written back to CSV or XLSX is protected against spreadsheet formula injection: a
cell starting with =, +, -, @, a tab or a carriage return is prefixed with an apostrophe.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from .text import Text, UserError

ENCODINGS = ("utf-8-sig", "utf-8", "gb18030", "utf-16")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The first bytes of files that are often renamed .csv by mistake.
_SIGNATURES = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"%PDF", "binary"),
    (b"\x89PNG", "binary"),
    (b"\xff\xd8\xff", "binary"),
    (b"\x1f\x8b", "binary"),
    (b"SQLite format 3\x00", "binary"),
)
# Text with more than this share of control characters (other than tab and line
# breaks) in its first 64 KiB is taken for binary data (see _looks_binary).
_BINARY_SHARE = 0.01
# Control characters (Unicode's Cc) but tab and line breaks.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$")


class TableError(UserError, ValueError):
    """The file cannot be read as a table; the message names it and what to do."""


@dataclass
class RowProblem:
    """A row that could not be read as written: `row` counts data rows from 1 (the
    header is not a row), `line` is the line of the file where it starts."""

    row: int
    line: int
    text: Text


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    encoding: str
    problems: list[RowProblem] = field(default_factory=list)
    headerless: bool = False  # the first row was data: columns named by their place


_MESSAGES = {
    "unreadable": Text(
        "{path} cannot be read ({reason}).",
        "无法读取 {path}（{reason}）。",
    ),
    "empty": Text(
        "{path} is empty: it has no header row. Export the table again with the column "
        "names in the first row.",
        "{path} 是空文件，没有表头行。请重新导出表格，并在第一行写上列名。",
    ),
    "zip": Text(
        "{path} is an Excel workbook (or another ZIP archive), not CSV text. Give the file "
        'its .xlsx extension, or save it from Excel as "CSV UTF-8", and import it again.',
        "{path} 是 Excel 工作簿（或其他 ZIP 压缩文件），不是 CSV 文本。请把扩展名改为 .xlsx，"
        "或在 Excel 中另存为“CSV UTF-8”后重新导入。",
    ),
    "xls": Text(
        "{path} is an old Excel workbook (.xls), not CSV text. Give the file its .xls "
        'extension, or save it from Excel as "CSV UTF-8", and import it again.',
        "{path} 是旧版 Excel 工作簿（.xls），不是 CSV 文本。请把扩展名改为 .xls，"
        "或在 Excel 中另存为“CSV UTF-8”后重新导入。",
    ),
    "binary": Text(
        "{path} is not a text table: it holds binary data. Import a CSV file (UTF-8, "
        "GB18030 or Excel's Unicode text) or an Excel workbook (.xlsx).",
        "{path} 不是文本表格，而是二进制数据。请导入 CSV 文件（UTF-8、GB18030 或 Excel 的"
        "“Unicode 文本”）或 Excel 工作簿（.xlsx）。",
    ),
    "undecodable": Text(
        "{path} is neither UTF-8, UTF-16 nor GB18030 text (byte {offset} cannot be read). "
        'Save it from Excel as "CSV UTF-8" and import it again.',
        "{path} 既不是 UTF-8、UTF-16 也不是 GB18030 文本（第 {offset} 字节无法识别）。"
        "请在 Excel 中另存为“CSV UTF-8”后重新导入。",
    ),
    "header_quote": Text(
        "{path}: a quote in the header row is never closed. Correct the first line of the "
        "file and import it again.",
        "{path}：表头行中的引号没有闭合。请修改文件第一行后重新导入。",
    ),
    "repeated": Text(
        "{path}: the header repeats the column(s) {columns}. Rename the columns so that "
        "each name appears once.",
        "{path}：表头中列名 {columns} 重复。请修改列名，使每个列名只出现一次。",
    ),
    "open_quote": Text(
        "Row {row} (line {line} of the file): a quote opened in this row is not closed, "
        "so the lines after it would have been read into one cell. The row is left out "
        "and the next lines are read as rows of their own; close the quote in the file "
        "and import this row again.",
        "第{row}行（文件第 {line} 行）：该行有未闭合的引号，后面的行会被并入同一个单元格。"
        "此行未导入，后面的行照常逐行读取；请在文件中补全引号后重新导入此行。",
    ),
    "bad_quotes": Text(
        "Row {row} (line {line} of the file): its quotes are not paired (a quoted cell "
        'followed by more text, as in "abc"def). The row is left out; correct its '
        "quotes in the file and import it again.",
        "第{row}行（文件第 {line} 行）：引号不成对（引号括起的单元格后还有文字，如 "
        '"abc"def）。此行未导入；请修改文件中该行的引号后重新导入。',
    ),
    "long_cell": Text(
        "Row {row} (line {line} of the file): a cell is longer than {limit:,} characters, "
        "most likely because a quote is not closed. The row is left out and the next "
        "lines are read as rows of their own; correct the row in the file and import it "
        "again.",
        "第{row}行（文件第 {line} 行）：某个单元格超过 {limit:,} 个字符，很可能是引号没有"
        "闭合。此行未导入，后面的行照常逐行读取；请修改文件中的这一行后重新导入。",
    ),
}


def detect_encoding(data: bytes) -> str:
    """utf-8-sig (a UTF-8 BOM), utf-16 (a UTF-16 BOM, or the zero bytes of UTF-16 text
    without one: utf-16-le or utf-16-be), utf-8 (decodes strictly) or gb18030 (anything
    else)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4 and b"\x00" in sample:
        # ASCII text in UTF-16 has a zero byte in every other place.
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def read_csv(path: str | Path) -> Table:
    """All rows of a CSV file as text, with its header. Raises TableError naming the
    file and the problem; rows that cannot be read are in `problems` (see the module's
    docstring)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TableError(
            _MESSAGES["unreadable"].format(path=path, reason=error.strerror or error)
        ) from error
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise TableError(_MESSAGES[kind].format(path=path))
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        if _looks_binary(data[:65536].decode("latin-1")):
            raise TableError(_MESSAGES["binary"].format(path=path)) from error
        raise TableError(
            _MESSAGES["undecodable"].format(path=path, offset=error.start + 1)
        ) from error
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise TableError(_MESSAGES["empty"].format(path=path))
    if _looks_binary(text[:65536]):
        raise TableError(_MESSAGES["binary"].format(path=path))
    dialect = _dialect(text[:65536])
    lines = _LINE.findall(text)
    columns, rows, problems, headerless = _parse(path, lines, dialect)
    # Rows longer than the header keep their extra cells under extra columns; shorter
    # ones are padded: no cell is dropped.
    width = max([len(columns), *map(len, rows)])
    if headerless:
        columns = place_columns(width)
    columns += [f"extra_{i}" for i in range(1, width - len(columns) + 1)]
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return Table(columns, rows, encoding, problems, headerless)


def is_value_row(cells: list) -> bool:
    """Whether a first row holds values rather than column names: a cell of six digits
    or more (full-width ones too), or a number from a spreadsheet's numeric cell."""
    for cell in cells:
        if isinstance(cell, (int, float)) and not isinstance(cell, bool):
            return True
        text = str(cell or "").strip()
        if len(text) >= 6 and text.isdigit():
            return True
    return False


def place_columns(width: int) -> list[str]:
    """The names of the columns of a file without a header row."""
    return [f"column_{i}" for i in range(1, width + 1)]


def header_columns(path, header: list) -> list[str]:
    """Column names from the cells of a header row (an empty cell is named after its
    place); raises TableError when a name repeats."""
    columns = [str(name or "").strip() or f"column_{i}" for i, name in enumerate(header, start=1)]
    if len(set(columns)) != len(columns):
        duplicates = sorted({c for c in columns if columns.count(c) > 1})
        raise TableError(_MESSAGES["repeated"].format(path=path, columns=", ".join(duplicates)))
    return columns


class _Lines:
    """The file's lines for csv.reader, with the place of the next line settable (to go
    back to the line after a row that ran away)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.next = 0

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.next >= len(self.lines):
            raise StopIteration
        self.next += 1
        return self.lines[self.next - 1]


def _parse(path: Path, lines: list[str], dialect):
    source = _Lines(lines)
    reader = csv.reader(source, dialect)
    header = None
    while header is None:
        start = source.next
        try:
            record = next(reader)
        except StopIteration:
            raise TableError(_MESSAGES["empty"].format(path=path)) from None
        except csv.Error:
            raise TableError(_MESSAGES["header_quote"].format(path=path)) from None
        if record:
            if source.next - start > 1 and _ran_away(
                lines[start + 1 : source.next], len(record), dialect
            ):
                raise TableError(_MESSAGES["header_quote"].format(path=path))
            header = record
    headerless = is_value_row(header)
    columns = place_columns(len(header)) if headerless else header_columns(path, header)
    width = len(columns)
    rows, problems = ([header] if headerless else []), []

    def refuse(start: int, message: str, **values) -> None:
        """The row starting at line `start` is kept with the cells of that line alone
        and listed as a problem; reading goes on at the next line."""
        rows.append(_cells(lines[start], dialect))
        problems.append(
            RowProblem(
                len(rows),
                start + 1,
                _MESSAGES[message].format(row=len(rows), line=start + 1, **values),
            )
        )
        source.next = start + 1

    while True:
        start = source.next
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            reader = csv.reader(source, dialect)  # its state is mid-row
            if "field larger than field limit" in str(error):
                refuse(start, "long_cell", limit=csv.field_size_limit())
            elif source.next - start > 1 or "unexpected end of data" in str(error):
                refuse(start, "open_quote")
            else:
                refuse(start, "bad_quotes")
            continue
        if not record:
            continue  # Excel leaves blank lines at the end
        if source.next - start > 1 and (
            len(record) != width or _ran_away(lines[start + 1 : source.next], width, dialect)
        ):
            refuse(start, "open_quote")
            continue
        rows.append(record)
    return columns, rows, problems, headerless


def _ran_away(continuation: list[str], width: int, dialect) -> bool:
    """Whether a row that spans several lines (a quoted cell with line breaks) swallowed
    rows after it: one of its later lines is, on its own, as wide as a row. A real
    multi-line cell (Excel writes them for text with line breaks) continues with the rest
    of one cell and the cells after it, never a whole row."""
    return any(len(_cells(line, dialect)) >= width for line in continuation)


def _dialect(sample: str):
    """Excel's quoting with the delimiter the sample uses. Only the delimiter is taken
    from csv.Sniffer: it turns off doubled quotes ("") in samples without any, which
    misreads Excel's cells that have them."""

    class Dialect(csv.excel):
        strict = True

    with contextlib.suppress(csv.Error):
        Dialect.delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    return Dialect


def _cells(line: str, dialect, longest: int = 1000) -> list[str]:
    """The cells of one line read alone, for a row that could not be read: a quote left
    open runs to the end of the line, and cells are cut at `longest` characters."""
    try:
        cells = next(csv.reader([line], dialect, strict=False), [])
    except csv.Error:  # longer than the field limit
        cells = line.rstrip("\r\n").split(dialect.delimiter)
    return [c if len(c) <= longest else c[:longest] + "…" for c in cells]


def _looks_binary(text: str) -> bool:
    """More control characters than a stray one in a cell: a share of the text, and
    more than a few (a short file with one NUL byte in a cell is still text)."""
    return len(CONTROL.findall(text)) > max(8, _BINARY_SHARE * len(text))


def neutralize(value):
    """A text cell that a spreadsheet would run as a formula, made inert."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
