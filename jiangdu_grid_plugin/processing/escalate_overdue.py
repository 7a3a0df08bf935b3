"""jiangdu_grid:escalate_overdue — 督办升级 of every overdue incident, on request.

The dock escalates only when the command centre asks; an office that wants it done on a
schedule runs this algorithm with `qgis_process` (cron, Windows' task scheduler)."""

from __future__ import annotations

from datetime import datetime, timezone

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDateTime,
)

from .base import SupervisionAlgorithm


class EscalateOverdueAlgorithm(SupervisionAlgorithm):
    GEOPACKAGE = "GEOPACKAGE"
    AS_OF = "AS_OF"
    DRY_RUN = "DRY_RUN"
    ESCALATED = "ESCALATED"

    def name(self) -> str:
        return "escalate_overdue"

    def displayName(self) -> str:
        return self.tr("Escalate overdue incidents")

    def shortHelpString(self) -> str:
        return self.tr(
            "Escalates (督办升级) every open incident past its deadline to the leader level it "
            "is due: the community's grid leader at the deadline, the town's after a second "
            "deadline's length, the district's after a third. Each escalation is a history "
            "row signed by the system; all are written in one transaction. An incident "
            "already at its level is left alone, so running it again changes nothing.\n\n"
            "As of: the moment to judge by (now if empty). Dry run lists what would be "
            "escalated and writes nothing. To escalate on a schedule, run it with "
            "qgis_process from the system's scheduler."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addStoreParameter(self.GEOPACKAGE)
        self.addParameter(
            QgsProcessingParameterDateTime(
                self.AS_OF, self.tr("Overdue as of (now if empty)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.DRY_RUN, self.tr("Dry run (list, write nothing)"), defaultValue=False
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.ESCALATED, self.tr("Incidents escalated")))

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.progress import CanceledError
        from ..core.store import StoreError
        from ..core.workflow import LEVEL_LABELS, escalate_overdue

        as_of = datetime.now(timezone.utc)
        if parameters.get(self.AS_OF) not in (None, ""):
            value = self.parameterAsDateTime(parameters, self.AS_OF, context)
            if value.isValid():
                as_of = datetime.fromtimestamp(value.toSecsSinceEpoch(), timezone.utc)
        dry_run = self.parameterAsBool(parameters, self.DRY_RUN, context)
        try:
            with self.openStore(parameters, context, feedback, writes=not dry_run) as store:
                escalated = escalate_overdue(
                    store, as_of, dry_run=dry_run, progress=self.progress(feedback)
                )
        except (StoreError, CanceledError) as error:
            raise self.fail(error) from error
        for ticket, to in escalated:
            feedback.pushInfo(
                self.tr("{ticket} → {level}").format(
                    ticket=ticket, level=LEVEL_LABELS[to](self.language())
                )
            )
        summary = (
            self.tr("{count} overdue incidents would be escalated (dry run: nothing written).")
            if dry_run
            else self.tr("{count} overdue incidents escalated.")
        )
        feedback.pushInfo(summary.format(count=len(escalated)))
        return {self.ESCALATED: len(escalated)}
