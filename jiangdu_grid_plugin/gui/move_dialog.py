"""The small dialog that asks for what a move needs (its row of workflow_transitions says
what): a reason, a new deadline, a unit or an officer, the caller's satisfaction.

Its fields follow the move, so they are built here rather than in a .ui file. It only
asks: the move is made by Supervision, in a task."""

from __future__ import annotations

from datetime import datetime, timedelta

from qgis.PyQt.QtCore import QDateTime, Qt
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from ..core.timestamps import CHINA_TZ


def needs_dialog(move, note: str | None) -> bool:
    """Whether the move needs more than the note already typed. A move that may name a
    unit or an officer (a dispatch) always asks whom, the routed unit chosen first."""
    for need in move.needs:
        if need.name == "note":
            if not need.optional and not note:
                return True
            continue
        only_one = need.name == "satisfaction" and len(need.values) == 1
        if need.name == "assignee" or not (only_one or need.optional):
            return True
    return False


class MoveDialog(QDialog):
    """Asks for what `move` (core.workflow.Move) needs; `values()` after exec()."""

    def __init__(
        self, move, ticket, language, note, units, officers, deadline, routed=None, parent=None
    ):
        super().__init__(parent)
        from ..core.workflow import NEED_LABELS, SATISFACTION_LABELS

        self.move, self.language = move, language
        self.setWindowTitle(f"{move.label(language)} · {ticket}")
        self.setObjectName("JiangduMoveDialog")
        form = QFormLayout(self)
        self.note = self.deadline = self.assignee = self.satisfaction = None
        for need in move.needs:
            label = NEED_LABELS[need.name](language)
            label = label if need.optional else f"{label} *"
            if need.name == "note":
                self.note = QLineEdit(note or "", self)
                self.note.setMinimumWidth(320)
                form.addRow(label, self.note)
            elif need.name == "deadline":
                self.deadline = QDateTimeEdit(self)
                self.deadline.setCalendarPopup(True)
                self.deadline.setDisplayFormat("yyyy-MM-dd HH:mm")
                start = (deadline or datetime.now(CHINA_TZ)) + timedelta(days=1)
                start = start.astimezone(CHINA_TZ)
                self.deadline.setDateTime(
                    QDateTime(start.year, start.month, start.day, start.hour, start.minute)
                )
                form.addRow(label, self.deadline)
            elif need.name == "assignee":
                self.assignee = QComboBox(self)
                if need.optional:
                    self.assignee.addItem("—", None)
                for code, name in units:
                    self.assignee.addItem(f"{name} ({code})", ("unit", code))
                for fid, name in officers:
                    self.assignee.addItem(name, ("officer", fid))
                self._offer_first(routed)
            elif need.name == "satisfaction" and len(need.values) > 1:
                self.satisfaction = QComboBox(self)
                for value in need.values:
                    self.satisfaction.addItem(SATISFACTION_LABELS[value](language), value)
                form.addRow(label, self.satisfaction)
        hint = QLabel(self.tr("Fields marked * are required."), self)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _offer_first(self, unit_code: str | None) -> None:
        """Choose the routed unit and say so."""
        combo = self.assignee
        for index in range(combo.count()):
            if unit_code and combo.itemData(index) == ("unit", unit_code):
                text = self.tr("{unit} (as routed)").format(unit=combo.itemText(index))
                combo.setItemText(index, text)
                combo.setCurrentIndex(index)

    def values(self) -> dict:
        """note and what else was asked, as workflow.move takes them."""
        given = {}
        if self.note is not None:
            given["note"] = self.note.text().strip() or None
        if self.deadline is not None:
            moment = self.deadline.dateTime()
            day, clock = moment.date(), moment.time()
            given["deadline"] = datetime(
                day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=CHINA_TZ
            )
        if self.assignee is not None and self.assignee.currentData() is not None:
            kind, value = self.assignee.currentData()
            given["unit_code" if kind == "unit" else "assignee_id"] = value
        if self.satisfaction is not None:
            given["satisfaction"] = self.satisfaction.currentData()
        return given
