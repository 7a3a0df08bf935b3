"""jiangdu_grid:workflow_report — the six-step loop's figures as a table."""

from __future__ import annotations

from datetime import datetime, timezone

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterVectorDestination,
)

from ..core.workflow_report import GROUPS, TIMED_STEPS
from .base import SupervisionAlgorithm
from .output_styles import style_on_load
from .outputs import add_csv_encoding_parameter, csv_encoding, write_table
from .periods import add_period_parameters, period

COLUMNS = [
    ("group_key", "TEXT"),
    ("group_name", "TEXT"),
    ("incidents", "INTEGER"),
    ("closed", "INTEGER"),
    ("in_progress", "INTEGER"),
    ("rejected", "INTEGER"),
    ("closure_rate", "REAL"),
    ("on_time_rate", "REAL"),
    ("overdue", "INTEGER"),
    *[(f"hours_{step}", "REAL") for step in TIMED_STEPS],
    ("score", "REAL"),
    ("registered", "INTEGER"),
    ("dispatches", "INTEGER"),
    ("sent_back", "INTEGER"),
    ("dispatch_accuracy", "REAL"),
    ("on_time_handling_rate", "REAL"),
    ("case_closure_rate", "REAL"),
    ("reopened", "INTEGER"),
    ("rework_rate", "REAL"),
    ("extended", "INTEGER"),
    ("extension_rate", "REAL"),
    ("mean_handling_hours", "REAL"),
]


class WorkflowReportAlgorithm(SupervisionAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    GROUP_BY = "GROUP_BY"
    AS_OF = "AS_OF"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "workflow_report"

    def displayName(self) -> str:
        return self.tr("Workflow report")

    def shortHelpString(self) -> str:
        return self.tr(
            "The six-step loop's figures for the incidents reported in the period, for the "
            "district or by town, grid, event category, source, responsible unit, officer "
            "(who handled), month or step: incidents, closed (办结), in progress (在办), rejected, "
            "closure rate = closed / (closed + in progress), on-time rate (closed by the "
            "deadline), overdue (in progress past the deadline at the 'as of' time), mean "
            "hours per step, and the evaluation score = 100 × (0.4 × closure rate + 0.4 × "
            "on-time rate + 0.2 × (1 − overdue share)).\n\n"
            "Beside the score, the evaluation indicators of digital city management: "
            "registered (立案数, verified and registered); dispatch accuracy (派遣准确率) = 1 − "
            "sent back (退回) / dispatches (dispatch and 改派); on-time handling rate "
            "(按期处置率) = handled by the deadline in force / handled with a deadline; case "
            "closure rate (结案率) = closed / registered; rework rate (返工率) = reopened after "
            "closing (check failed, or 回访 unsatisfied) / closed at least once; extension "
            "rate (延期率) = given an approved extension / dispatched; mean handling time "
            "(平均处置时长) = hours from the first dispatch to the last handling, less the "
            "time suspended (挂账). A rate whose whole is zero is left empty.\n\n"
            "Write it to .xlsx or .csv for a spreadsheet: text that a spreadsheet would run "
            "as a formula is made inert."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE)
        add_period_parameters(self)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.GROUP_BY,
                self.tr("Figures for"),
                [
                    self.tr("The district"),
                    self.tr("Each town"),
                    self.tr("Each grid"),
                    self.tr("Each event category"),
                    self.tr("Each source"),
                    self.tr("Each responsible unit"),
                    self.tr("Each officer who handled"),
                    self.tr("Each month"),
                    self.tr("Each step"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.AS_OF, self.tr("Overdue as of (now if empty)"), optional=True
            )
        )
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Workflow report"), QgsProcessing.SourceType.TypeVector
        )
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        add_csv_encoding_parameter(self)

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.progress import CanceledError
        from ..core.store import StoreError
        from ..core.workflow_report import report

        start, end = period(self, parameters, context)
        group_by = GROUPS[self.parameterAsEnum(parameters, self.GROUP_BY, context)]
        as_of = datetime.now(timezone.utc)
        if parameters.get(self.AS_OF) not in (None, ""):
            value = self.parameterAsDateTime(parameters, self.AS_OF, context)
            if value.isValid():
                as_of = datetime.fromtimestamp(value.toSecsSinceEpoch(), timezone.utc)
        try:
            with self.openStore(parameters, context, feedback) as store:
                rows = report(
                    store,
                    group_by,
                    start,
                    end,
                    as_of,
                    self.language(),
                    progress=self.progress(feedback).part(0.0, 0.9),
                )
        except (StoreError, CanceledError) as error:
            raise self.fail(error) from error
        value = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        output = write_table(
            value,
            "workflow_report",
            COLUMNS,
            [(row["key"], row["name"], *(row[name] for name, _ in COLUMNS[2:])) for row in rows],
            encoding=csv_encoding(self, parameters, context),
            kind="report",
        )
        style_on_load(context, value, "report")
        closed = sum(row["closed"] for row in rows)
        in_progress = sum(row["in_progress"] for row in rows)
        rate = closed / (closed + in_progress) if closed + in_progress else 0.0
        feedback.pushInfo(
            self.tr(
                "{groups} rows; closed {closed}, in progress {open}, closure rate {rate}"
            ).format(groups=len(rows), closed=closed, open=in_progress, rate=f"{rate:.2%}")
        )
        return {self.OUTPUT: output}
