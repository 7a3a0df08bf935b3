"""jiangdu_grid:hotline_replies — the 12345 hotline office's reply table for a period."""

from __future__ import annotations

from datetime import datetime, timedelta

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterVectorDestination,
)

from ..core.timestamps import CHINA_TZ
from .base import SupervisionAlgorithm
from .outputs import add_csv_encoding_parameter, csv_encoding, write_table


class HotlineRepliesAlgorithm(SupervisionAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    START = "START"
    END = "END"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "hotline_replies"

    def displayName(self) -> str:
        return self.tr("Replies to the 12345 hotline")

    def shortHelpString(self) -> str:
        return self.tr(
            "For each 12345 hotline ticket that moved in the period (any step, escalation or "
            "follow-up), the row the hotline office takes back (办理结果回复): ticket, time "
            "of the call, caller and phone (masked: 张*明, 138****5678), content, address, the "
            "state it is in, the unit it was sent to, when it was dispatched, its deadline, "
            "when it was handled and how, when it was closed, and the follow-up (回访: when, "
            "the caller's satisfaction, the note, and how many times it was reworked).\n\n"
            "Write it to .xlsx or .csv (UTF-8 with a byte-order mark, or GB18030) for the "
            "hotline office; phone-shaped text in any cell is masked too."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE)
        for name, label in (
            (self.START, self.tr("Moved from (date)")),
            (self.END, self.tr("Moved until (date, included)")),
        ):
            self.addParameter(
                QgsProcessingParameterDateTime(
                    name, label, QgsProcessingParameterDateTime.Type.Date
                )
            )
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Replies"), QgsProcessing.SourceType.TypeVector
        )
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        add_csv_encoding_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.answers import REPLY_COLUMNS, hotline_replies
        from ..core.store import StoreError

        start, end = (
            self._day(parameters, self.START, context),
            self._day(parameters, self.END, context) + timedelta(days=1),
        )
        if end <= start:
            raise QgsProcessingException(self.tr("The period ends before it starts."))
        try:
            with self.openStore(parameters, context, feedback) as store:
                replies = hotline_replies(store, start, end)
        except StoreError as error:
            raise self.fail(error) from error
        columns = [
            (header, "INTEGER" if key == "reworked" else "TEXT") for header, key in REPLY_COLUMNS
        ]
        output = write_table(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            "hotline_replies",
            columns,
            [tuple(reply[key] for _, key in REPLY_COLUMNS) for reply in replies],
            encoding=csv_encoding(self, parameters, context),
        )
        feedback.pushInfo(self.tr("{count} tickets moved in the period").format(count=len(replies)))
        return {self.OUTPUT: output}

    def _day(self, parameters, name, context) -> datetime:
        """The start of the day a date parameter names, in China time."""
        day = self.parameterAsDateTime(parameters, name, context).date()
        return datetime(day.year(), day.month(), day.day(), tzinfo=CHINA_TZ)
