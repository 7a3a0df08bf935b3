"""Reading an algorithm's input table: a CSV or text file by path with our own reader
(core/tables.py: encodings, broken quotes, clear refusals), anything else through QGIS."""

from __future__ import annotations

import re
from pathlib import Path

from qgis.core import QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, QDateTime

TEXT_FILES = (".csv", ".txt")
SPREADSHEETS = (".xlsx", ".xls", ".ods")
# The names GDAL gives the columns of a sheet whose first row it did not take as header.
_GDAL_FIELD = re.compile(r"Field\d+")


def plain(value):
    """A Python value for a QGIS attribute (NULL becomes None, dates ISO text)."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    if isinstance(value, QDateTime):
        return value.toString("yyyy-MM-ddTHH:mm:ss")
    if isinstance(value, QDate):
        return value.toString("yyyy-MM-dd")
    return value


def _source_path(parameters, name, context) -> str:
    value = parameters.get(name)
    if isinstance(value, QgsVectorLayer):
        return value.source().split("|")[0]
    if isinstance(value, str) and context.project() and context.project().mapLayer(value):
        return context.project().mapLayer(value).source().split("|")[0]
    return str(value).split("|")[0]


def is_spreadsheet(parameters, name, context) -> bool:
    """Whether the input is an Excel or LibreOffice file (its numbers went through Excel)."""
    return Path(_source_path(parameters, name, context)).suffix.lower() in SPREADSHEETS


def _text_file(parameters, name) -> Path | None:
    """The CSV or text file the parameter names by path, which our reader reads."""
    value = parameters.get(name)
    if isinstance(value, str):
        path = Path(value.split("|")[0])
        if path.suffix.lower() in TEXT_FILES and path.is_file():
            return path
    return None


def checkable(parameters: dict, name: str) -> dict:
    """`parameters` for QGIS's own check of the values (checkParameterValues), with a
    CSV or text file given by path replaced by an empty table: QGIS's check opens it as
    a layer and says only "not found" when it cannot (an empty, binary or UTF-16 file),
    whereas our reader reads it or says what is wrong with it."""
    if _text_file(parameters, name) is None:
        return parameters
    return dict(parameters, **{name: QgsVectorLayer("None", "table", "memory")})


def read_input(algorithm, parameters, name, context):
    """The input parameter `name` as a core `Table` (rows of plain values; `problems`
    lists the rows of a CSV file that could not be read). A file that cannot be read
    raises QgsProcessingException with a sentence in the user's language."""
    from ..core.tables import (
        Table,
        TableError,
        header_columns,
        is_value_row,
        place_columns,
        read_csv,
    )

    path = _text_file(parameters, name)
    try:
        if path is not None:
            return read_csv(path)
        source = algorithm.parameterAsSource(parameters, name, context)
        if source is None:
            raise QgsProcessingException(algorithm.invalidSourceError(parameters, name))
        columns = [field.name() for field in source.fields()]
        rows = [[plain(v) for v in feature.attributes()] for feature in source.getFeatures()]
        if is_spreadsheet(parameters, name, context) and _header_not_taken(columns, rows):
            # GDAL takes a sheet's first row as its header only when the second row has
            # a cell that is not text: a sheet of text columns (as the help recommends
            # for codes) came with Field1, Field2... and its header as the first row,
            # unless the sheet has no header row (its first row holds codes).
            if is_value_row(rows[0]):
                return Table(place_columns(len(columns)), rows, "", headerless=True)
            columns = header_columns(_source_path(parameters, name, context), rows[0])
            rows = rows[1:]
        return Table(columns, rows, "")
    except TableError as error:
        raise QgsProcessingException(error.text(algorithm.language())) from error


def read_table(algorithm, parameters, name, context) -> tuple[list[str], list[list]]:
    """Column names and rows (lists of plain values) of the input parameter `name`."""
    table = read_input(algorithm, parameters, name, context)
    return table.columns, table.rows


def _header_not_taken(columns: list[str], rows: list[list]) -> bool:
    return (
        bool(columns)
        and bool(rows)
        and all(_GDAL_FIELD.fullmatch(c) for c in columns)
        and all(v is None or isinstance(v, str) for v in rows[0])
        and any(isinstance(v, str) and v.strip() for v in rows[0])
    )
