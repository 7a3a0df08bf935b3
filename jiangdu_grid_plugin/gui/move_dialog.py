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
                # A day after the deadline in force, or after now when that has passed
                # (an overdue case asks for time from today): what the move accepts.
                now = datetime.now(CHINA_TZ)
                start = (max(deadline, now) if deadline else now) + timedelta(days=1)
                start = start.astimezone(CHINA_TZ)
                self.deadline.setDateTime(
                    QDateTime(start.year, start.month, start.day, start.hour, start.minute)
                )
                form.addRow(label, self.deadline)
            elif need.name == "assignee":
                self.assignee = self._assignees(need.optional, units, officers, routed)
                form.addRow(label, self.assignee)
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
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if self.assignee is not None:
            self.assignee.currentIndexChanged.connect(self._allow_ok)
            self._allow_ok()

    def _assignees(self, optional: bool, units, officers, routed: str | None) -> QComboBox:
        """The units and officers a move may name. A dispatch (optional) offers the unit
        the route rules give the incident, chosen and marked; a reassignment (required)
        starts on no one, so that OK names someone on purpose."""
        combo = QComboBox(self)
        routed_text = None
        for code, name in units:
            if code == routed:
                routed_text = self.tr("{unit} (as routed)").format(unit=f"{name} ({code})")
        if optional and routed_text is not None:
            combo.addItem(routed_text, ("unit", routed))
        elif optional:  # the details are not read yet: the store's routing decides
            combo.addItem(self.tr("As the route rules decide"), None)
        else:
            combo.addItem(self.tr("Choose a unit or an officer"), None)
        for code, name in units:
            if not (optional and code == routed):
                combo.addItem(f"{name} ({code})", ("unit", code))
        for fid, name in officers:
            combo.addItem(name, ("officer", fid))
        combo.setCurrentIndex(0)
        self._required_assignee = not optional
        return combo

    def _allow_ok(self) -> None:
        chosen = self.assignee.currentData() is not None
        self.ok.setEnabled(chosen or not self._required_assignee)

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
