"""Reading an algorithm's input table: a CSV file by path with its encoding detected
(BOM, strict UTF-8, GB18030), anything else through QGIS."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, QDateTime

TEXT_FILES = (".csv", ".txt")
SPREADSHEETS = (".xlsx", ".xls", ".ods")


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


def read_table(algorithm, parameters, name, context) -> tuple[list[str], list[list]]:
    """Column names and rows (lists of plain values) of the input parameter `name`."""
    from ..core.tables import TableError, read_csv

    value = parameters.get(name)
    if isinstance(value, str):
        path = Path(value.split("|")[0])
        if path.suffix.lower() in TEXT_FILES and path.is_file():
            try:
                table = read_csv(path)
            except TableError as error:
                raise QgsProcessingException(str(error)) from error
            return table.columns, table.rows
    source = algorithm.parameterAsSource(parameters, name, context)
    if source is None:
        raise QgsProcessingException(algorithm.invalidSourceError(parameters, name))
    columns = [field.name() for field in source.fields()]
    rows = [[plain(v) for v in feature.attributes()] for feature in source.getFeatures()]
    return columns, rows
