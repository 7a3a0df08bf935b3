"""The reporting period of an algorithm: two optional dates, the second included, read
as days in Jiangdu (China Standard Time)."""

from __future__ import annotations

from datetime import datetime, timedelta

from qgis.core import QgsProcessingException, QgsProcessingParameterDateTime
from qgis.PyQt.QtCore import QCoreApplication

from ..core.timestamps import CHINA_TZ

PERIOD_START = "PERIOD_START"
PERIOD_END = "PERIOD_END"


def add_period_parameters(algorithm) -> None:
    for name, label in (
        (PERIOD_START, QCoreApplication.translate("Period", "Period from (date)")),
        (PERIOD_END, QCoreApplication.translate("Period", "Period to (date, included)")),
    ):
        algorithm.addParameter(
            QgsProcessingParameterDateTime(
                name, label, QgsProcessingParameterDateTime.Type.Date, optional=True
            )
        )


def period(algorithm, parameters, context) -> tuple[datetime | None, datetime | None]:
    """Aware datetimes: the start of the first day and the end of the last, or None
    where a date is not given."""
    bounds = []
    for name, days in ((PERIOD_START, 0), (PERIOD_END, 1)):
        value = algorithm.parameterAsDateTime(parameters, name, context)
        if parameters.get(name) in (None, "") or not value.isValid():
            bounds.append(None)
            continue
        day = value.date()
        bounds.append(
            datetime(day.year(), day.month(), day.day(), tzinfo=CHINA_TZ) + timedelta(days=days)
        )
    start, end = bounds
    if start is not None and end is not None and end <= start:
        raise QgsProcessingException(
            QCoreApplication.translate("Period", "The period ends before it starts.")
        )
    return start, end
