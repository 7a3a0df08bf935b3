"""jiangdu_grid:move_incidents — moves from a table: a unit's reply file, the command
centre's decisions."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)

from .base import SupervisionAlgorithm
from .inputs import checkable, read_input
from .outputs import StagedTable, add_csv_encoding_parameter, csv_encoding

ROLES = ("command_centre", "unit", "grid_officer", "grid_leader", "superior")
COLUMNS = [
    ("input_row", "INTEGER"),
    ("ticket", "TEXT"),
    ("move", "TEXT"),
    ("outcome", "TEXT"),
    ("message", "TEXT"),
    ("step", "TEXT"),
    ("row_version", "INTEGER"),
    ("deadline", "TEXT"),
]


class MoveIncidentsAlgorithm(SupervisionAlgorithm):
    INPUT = "INPUT"
    GEOPACKAGE = "GEOPACKAGE"
    ROLE = "ROLE"
    ACTOR = "ACTOR"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "move_incidents"

    def displayName(self) -> str:
        return self.tr("Move incidents from a table")

    def shortHelpString(self) -> str:
        return self.tr(
            "Applies a table of moves, such as a unit's reply file or the command centre's "
            "decisions, one row at a time, by the same rules as the supervision dock: the "
            "role must be allowed the move from the incident's step, the move must have what "
            "it needs, and an incident someone else moved since the version a row names is a "
            "conflict. A refused row changes nothing and the next row goes on.\n\n"
            "Columns (English or Chinese names): ticket (事件编号) and move (动作: the move's "
            "code such as send_back, reassign, request_extension, approve_extension, "
            "refuse_extension, suspend, resume, follow_up, rework, or its Chinese label such "
            "as 退回, 改派, 延期申请, 批准延期, 不予延期, 挂账, 恢复, 回访, or the step it leads "
            "to); optional: note (意见, the reason a move needs), time (时间, ISO 8601; China "
            "time when it has no offset; now if empty), deadline (新时限, for a request or an "
            "approval of more time), unit (单位, a unit code for a dispatch or reassignment), "
            "officer (人员, an officer's number instead), satisfaction (满意度: 满意, 基本满意, "
            "不满意 for a follow-up), version (版本: the version the decision was made on).\n\n"
            "The output has one row per input row: the outcome (moved, refused, conflict, "
            "bad_row), why, and the incident's step, version and deadline after it."
        ) + self.tr(
            "\n\nThe moves and the output land together or not at all: the output is "
            "written before the moves are committed and appears only once they are, so that "
            "an output that cannot be written leaves the store as it was."
        )

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT,
                self.tr("Moves (table, layer or CSV file)"),
                [QgsProcessing.SourceType.TypeVector],
            )
        )
        self.addStoreParameter(self.GEOPACKAGE)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.ROLE,
                self.tr("Role the moves are made in"),
                [
                    self.tr("Command centre"),
                    self.tr("Responsible unit"),
                    self.tr("Grid officer"),
                    self.tr("Grid leader"),
                    self.tr("Superior"),
                ],
                defaultValue=0,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.ACTOR, self.tr("Signed as (name for the history)"))
        )
        output = QgsProcessingParameterVectorDestination(
            self.OUTPUT, self.tr("Outcome of each row"), QgsProcessing.SourceType.TypeVector
        )
        output.setSupportsNonFileBasedOutput(False)
        self.addParameter(output)
        add_csv_encoding_parameter(self)

    def checkParameterValues(self, parameters, context):
        return super().checkParameterValues(checkable(parameters, self.INPUT), context)

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.store import StoreError
        from ..core.text import UserError
        from ..core.workflow import Actor
        from ..core.workflow.batch import apply_moves, deadline_text

        table = read_input(self, parameters, self.INPUT, context)
        role = ROLES[self.parameterAsEnum(parameters, self.ROLE, context)]
        name = self.parameterAsString(parameters, self.ACTOR, context).strip()
        if not name:
            raise self.fail(UserError(self.tr("Give the name the moves are signed with.")))
        output = StagedTable(
            self.parameterAsOutputLayer(parameters, self.OUTPUT, context),
            "moves",
            csv_encoding(self, parameters, context),
        )

        def fill(table, layer):
            table.add_table(layer, COLUMNS)
            table.insert(
                layer,
                [
                    (
                        o["row"],
                        o["ticket"],
                        o["move"],
                        o["outcome"],
                        o["message"],
                        o["step"],
                        o["version"],
                        deadline_text(o["deadline_at"]),
                    )
                    for o in outcomes
                ],
            )

        try:
            # One transaction for the batch (a row's move is a part of it: a refused row
            # changes nothing), the output written before it commits.
            store = self.openStore(parameters, context, feedback, writes=True)
            with store, store.transaction():
                outcomes = apply_moves(
                    store,
                    table.columns,
                    table.rows,
                    Actor(role, name),
                    self.language(),
                    progress=self.progress(feedback),
                )
                output.write(fill)
            published = output.publish()
        except (StoreError, UserError) as error:
            raise self.fail(error) from error
        finally:
            output.discard()
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome["outcome"]] = counts.get(outcome["outcome"], 0) + 1
            if outcome["outcome"] != "moved":
                feedback.reportError(outcome["message"], fatalError=False)
        feedback.pushInfo(
            self.tr("{rows} rows: {moved} moved, {refused} refused, {conflicts} conflicts").format(
                rows=len(outcomes),
                moved=counts.get("moved", 0),
                refused=counts.get("refused", 0) + counts.get("bad_row", 0),
                conflicts=counts.get("conflict", 0),
            )
        )
        return {self.OUTPUT: published}
