"""The supervisor's dock (督办): filters, live counts of the six-step loop, the incidents
(overdue first, every one of them, read a page at a time), and for the chosen incident
its history, its routing and the moves the user's role allows. The store's incidents
layers on the map follow the filters.

The widget only shows and asks: what it shows is read, and what the user does is
written, by `Supervision` (gui/supervision.py) in QGIS tasks, never on QGIS's main
thread. The layout is supervisor_dock.ui.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsRubberBand
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QDate, QItemSelectionModel, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import QDialog, QHeaderView, QMessageBox, QPushButton, QWidget

from ..toolbelt import settings, stores
from .duplicates import DuplicatesPanel
from .incident_model import IncidentTableModel
from .map_mark import MapMark
from .supervision import Filters, Supervision
from .supervision_text import SupervisionText

FORM, _ = uic.loadUiType(str(Path(__file__).with_name("supervisor_dock.ui")))
STORE_CRS = QgsCoordinateReferenceSystem("EPSG:4549")
REFRESH_MS = 60_000
SETTLE_MS = 150  # filter changes this close together make one read


def _box_index(box, value) -> int:
    index = box.findData(value)
    return index if index >= 0 else 0


class SupervisorDock(QgsDockWidget):
    moved = pyqtSignal(int)  # an incident was moved (its fid)

    def __init__(self, iface, parent=None, language: str = "en", mark: MapMark | None = None):
        super().__init__(parent)
        self.iface, self.language = iface, language
        # The plugin's mark of the place last zoomed to (shared with the locator).
        self.own_mark = mark is None
        self.mark = MapMark(iface.mapCanvas()) if mark is None else mark
        self.setObjectName("JiangduGridSupervisorDock")
        self.setWindowTitle(self.tr("Incident Supervision"))
        self.messages: list[str] = []  # what the message bar was told, oldest first
        self.buttons: list[QPushButton] = []
        self._by_step: list[dict] = []  # the figures the indicators join when they come
        self.content = QWidget(self)
        self.ui = FORM()
        self.ui.setupUi(self.content)
        self.setWidget(self.content)
        # Room for three figures a row and four tabs (a 1280-pixel screen keeps 600 for
        # the map): narrower, the figures' columns would squeeze into each other.
        self.content.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        self.supervision = Supervision(language, self)
        self.texts = SupervisionText(language, self)
        self._by_step: list[dict] | None = None  # the last figures, shown again as pages come
        self.model = IncidentTableModel(self.supervision, self)
        self.duplicates = DuplicatesPanel(self.ui, self.supervision, self)
        self._build()
        self._connect()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._timed_refresh)
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(SETTLE_MS)
        self.settle.timeout.connect(self.apply_filters)
        self.visibilityChanged.connect(self._visibility_changed)

    # Layout

    def _build(self) -> None:
        ui = self.ui
        ui.storeWidget.setDialogTitle(self.tr("Choose a grid store"))
        view = ui.incidentView
        view.setModel(self.model)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicator(len(self.model.headers) - 1, Qt.SortOrder.AscendingOrder)
        metrics = view.fontMetrics()
        widths = ("2019112512345X", "核查结案核", "仙女镇仙女", "井盖缺失井盖", "2019-11-25 08:30")
        for column, sample in enumerate(widths):
            view.setColumnWidth(column, metrics.horizontalAdvance(sample) + 16)
        view.setColumnWidth(5, metrics.horizontalAdvance(widths[-1]) + 16)
        view.verticalHeader().setDefaultSectionSize(metrics.height() + 4)
        # The list and the chosen incident share the lower part as two tabs, so that a
        # small screen (1280 x 800) still lists ten incidents and more.
        view.doubleClicked.connect(lambda _index: ui.lowerTabs.setCurrentWidget(ui.details))
        view.activated.connect(lambda _index: ui.lowerTabs.setCurrentWidget(ui.details))
        canvas = self.iface.mapCanvas()
        self.highlight = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
        self.highlight.setColor(QColor(232, 163, 61, 70))
        self.highlight.setStrokeColor(QColor(192, 57, 43))
        self.highlight.setWidth(3)
        self._show_filters(self.supervision.filters)
        self._show_escalation()

    def _connect(self) -> None:
        ui, supervision = self.ui, self.supervision
        ui.storeWidget.fileChanged.connect(self._store_chosen)
        for box in (ui.townBox, ui.categoryBox, ui.sourceBox, ui.stepBox):
            box.currentIndexChanged.connect(self._filters_changed)
        for check in (ui.periodCheck, ui.overdueCheck):
            check.toggled.connect(self._filters_changed)
        for edit in (ui.fromDate, ui.toDate):
            edit.dateChanged.connect(self._filters_changed)
        ui.refreshButton.clicked.connect(lambda: supervision.refresh())
        ui.escalateButton.clicked.connect(self.escalate_overdue)
        ui.incidentView.selectionModel().selectionChanged.connect(self._selection_changed)
        supervision.storeOpened.connect(self._store_opened)
        supervision.listed.connect(self._listed)
        # The indicators arrive after the figures by step they join.
        supervision.measured.connect(lambda found: self._show_figures(self._by_step, found))
        supervision.pageAdded.connect(lambda _rows: self._show_count())
        supervision.detailed.connect(self._show_details)
        supervision.message.connect(self._message)
        supervision.moved.connect(self.moved)
        supervision.moved.connect(lambda _fid: self._redraw_layers())
        supervision.busy.connect(self._busy)

    # The store

    def store_path(self) -> str:
        return self.ui.storeWidget.filePath()

    def set_store(self, text: str | None) -> None:
        """Work on the store `text` names (read in the background)."""
        self.ui.storeWidget.blockSignals(True)
        self.ui.storeWidget.setFilePath(text or "")
        self.ui.storeWidget.blockSignals(False)
        self.ui.figuresLabel.setText(
            self.tr("Reading the store…") if text else self.tr("Choose a grid store.")
        )
        self.supervision.set_store(text)

    def _store_chosen(self, text: str) -> None:
        if stores.looks_like_store(text):
            stores.remember_store(text)
            self.set_store(text)
        else:
            self._message(self.tr("{path} is not a grid store.").format(path=text), True)

    def _store_opened(self, choices) -> None:
        """Fill the filters with the store's towns, categories, sources and steps, and
        choose what was chosen last."""
        from ..core.workflow_report import SOURCE_LABELS

        ui, filters = self.ui, self.supervision.filters
        boxes = (ui.townBox, ui.categoryBox, ui.sourceBox, ui.stepBox)
        for box in boxes:
            box.blockSignals(True)
            box.clear()
        ui.townBox.addItem(self.tr("All towns"), None)
        ui.categoryBox.addItem(self.tr("All categories"), None)
        ui.sourceBox.addItem(self.tr("All sources"), None)
        ui.stepBox.addItem(self.tr("All steps"), None)
        if choices is not None:
            for code, name in choices.towns:
                ui.townBox.addItem(name, code)
            for code, name in choices.categories:
                ui.categoryBox.addItem(name, code)
            for code, label in SOURCE_LABELS.items():
                ui.sourceBox.addItem(label(self.language), code)
            for code in choices.workflow.states:
                ui.stepBox.addItem(choices.workflow.label(code, self.language), code)
        ui.townBox.setCurrentIndex(_box_index(ui.townBox, filters.town_code))
        ui.categoryBox.setCurrentIndex(_box_index(ui.categoryBox, filters.category_code))
        ui.sourceBox.setCurrentIndex(_box_index(ui.sourceBox, filters.source))
        ui.stepBox.setCurrentIndex(_box_index(ui.stepBox, filters.step))
        for box in boxes:
            box.blockSignals(False)
        self._show_escalation()

    # Filters

    def _show_filters(self, filters: Filters) -> None:
        ui = self.ui
        widgets = (ui.periodCheck, ui.overdueCheck, ui.fromDate, ui.toDate)
        for widget in widgets:
            widget.blockSignals(True)
        ui.periodCheck.setChecked(filters.period)
        ui.overdueCheck.setChecked(filters.overdue_only)
        for edit, day in ((ui.fromDate, filters.first), (ui.toDate, filters.last)):
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.setEnabled(filters.period)
        for widget in widgets:
            widget.blockSignals(False)

    def filters(self) -> Filters:
        """The filters as the widgets show them."""
        ui = self.ui
        return Filters(
            town_code=ui.townBox.currentData(),
            category_code=ui.categoryBox.currentData(),
            source=ui.sourceBox.currentData(),
            step=ui.stepBox.currentData(),
            period=ui.periodCheck.isChecked(),
            first=ui.fromDate.date().toPyDate(),
            last=ui.toDate.date().toPyDate(),
            overdue_only=ui.overdueCheck.isChecked(),
        )

    def _filters_changed(self) -> None:
        for edit in (self.ui.fromDate, self.ui.toDate):
            edit.setEnabled(self.ui.periodCheck.isChecked())
        self.settle.start()

    def apply_filters(self) -> None:
        """Read the list and figures for the filters the widgets show (and remember them)."""
        self.settle.stop()
        self.supervision.set_filters(self.filters())

    def subset_string(self) -> str:
        return self.supervision.filters.subset_string(self.supervision.now())

    # Refreshing

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.timer.start()
            self.supervision.refresh()
        else:
            self.timer.stop()

    def _timed_refresh(self) -> None:
        if self.supervision._pending == 0:
            self.supervision.refresh()

    def refresh(self) -> None:
        """Read the figures and the list again (in the background)."""
        self.supervision.refresh()

    def _busy(self, busy: bool) -> None:
        self.ui.refreshButton.setEnabled(not busy)

    def _listed(self, listing) -> None:
        if listing.by_step is not None:
            self._by_step = listing.by_step
            self._show_figures(listing.by_step, listing.indicators)
        self._show_count()
        self._filter_layers()
        current = self.supervision.current
        row = self.model.row_of(current["fid"]) if current else None
        view = self.ui.incidentView
        view.selectionModel().blockSignals(True)
        view.clearSelection()
        if row is not None:
            view.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        view.selectionModel().blockSignals(False)
        self._show_escalation()

    def count_text(self) -> str:
        """How many incidents the filters select, and how many of them are listed yet
        (the list reads on as it is scrolled): the last of the figures."""
        shown, total = len(self.model.rows), self.supervision.total
        if shown >= total:
            return self.tr("listed {count}").format(count=f"{total:,}")
        return self.tr("listed {shown}/{total}").format(shown=f"{shown:,}", total=f"{total:,}")

    def _show_count(self) -> None:
        choices = self.supervision.choices
        if choices is not None and self._by_step is not None:
            listed = (len(self.model.rows), self.supervision.total)
            self.ui.figuresLabel.setText(
                self.texts.figures(choices.workflow, self._by_step, listed)
            )
        more = len(self.model.rows) < self.supervision.total
        tabs = self.ui.lowerTabs
        tabs.setTabToolTip(
            tabs.indexOf(self.ui.listTab), self.tr("Scroll down for more") if more else ""
        )

    def _show_figures(self, by_step: list[dict], measured: dict | None = None) -> None:
        choices = self.supervision.choices
        if choices is None:
            return
        listed = (len(self.model.rows), self.supervision.total)
        self.ui.figuresLabel.setText(self.texts.figures(choices.workflow, by_step, listed))
        if measured is None:
            self.ui.indicatorView.clear()
        else:
            self.ui.indicatorView.setHtml(self.texts.indicators(measured))

    def _filter_layers(self) -> None:
        """Give the store's incidents layers the filters (their own filters replaced); the
        atlas's layers keep the whole record (the atlas prints its own period)."""
        from ..maps.atlas import ATLAS_LAYER

        subset, text = self.subset_string(), self.store_path()
        for layer in QgsProject.instance().mapLayers().values():
            if (
                stores.is_table_of(layer, text, "incidents")
                and not layer.customProperty(ATLAS_LAYER, False)
                and layer.subsetString() != subset
            ):
                layer.setSubsetString(subset)

    def _redraw_layers(self) -> None:
        """Draw the store's incidents again after a move (the dots' colours are the
        steps): QGIS keeps what it read until told that the data changed."""
        text = self.store_path()
        for layer in QgsProject.instance().mapLayers().values():
            if stores.is_table_of(layer, text, "incidents"):
                layer.dataProvider().reloadData()
                layer.triggerRepaint()

    # The chosen incident

    def _selection_changed(self, *_) -> None:
        rows = self.ui.incidentView.selectionModel().selectedRows()
        incident = self.model.rows[rows[0].row()] if rows else None
        self.supervision.choose(incident)
        if incident is not None:
            self._zoom_to(incident)

    def select_ticket(self, ticket: str) -> bool:
        """Choose the listed incident with this ticket (its details are read next)."""
        for row, incident in enumerate(self.model.rows):
            if incident["ticket"] == ticket:
                self.ui.incidentView.selectRow(row)
                return True
        return False

    @property
    def current(self) -> dict | None:
        return self.supervision.current

    def _show_details(self, details) -> None:
        self.highlight.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        self._show_buttons()
        if details is None:
            self.ui.detailView.clear()
            self.mark.clear()
            return
        document = self.ui.detailView.document()
        self.ui.detailView.setHtml(self.texts.incident(details, self.supervision.choices, document))
        if details.grid is not None:
            geometry = QgsGeometry.fromWkt(details.grid.wkt)
            geometry.transform(self._to_canvas())
            self.highlight.setToGeometry(geometry, None)

    # Moves

    def _show_buttons(self) -> None:
        row = self.ui.moveRow
        for button in self.buttons:
            row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        if self.supervision.current is None:
            self.ui.roleLabel.clear()
            return
        actor = settings.actor()
        self.ui.moveBar.setVisible(actor is not None)
        self.ui.roleLabel.setVisible(actor is None)
        if actor is None:
            self.ui.roleLabel.setText(
                self.tr(
                    "Read only: set your role and name in Settings ▸ Options ▸ Jiangdu Grid "
                    "to move incidents."
                )
            )
            return
        self.ui.noteEdit.setToolTip(self.tr("Signed as {name}").format(name=actor.name))
        for move in self.supervision.moves():
            self._button(move.label(self.language), lambda _=False, m=move: self.move_current(m))
        if self.supervision.can_escalate():
            self._button(self.tr("Escalate"), lambda _=False: self.escalate_current())

    def _button(self, text: str, slot) -> None:
        button = QPushButton(text, self.ui.moveBar)
        button.clicked.connect(slot)
        self.ui.moveRow.addWidget(button)
        self.buttons.append(button)

    def _note(self) -> str | None:
        note = self.ui.noteEdit.text().strip() or None
        self.ui.noteEdit.clear()
        return note

    def move_current(self, move, ask=None) -> None:
        """Make `move` (a core.workflow.Move, or a move's code) on the chosen incident;
        what it needs beyond the note typed is asked for first (`ask(move, note)` returns
        what was given, None for cancel; a dialog unless given)."""
        from .move_dialog import needs_dialog

        if isinstance(move, str):
            move = next((m for m in self.supervision.moves() if move in (m.code, m.to_step)), None)
            if move is None:
                return
        note = self.ui.noteEdit.text().strip() or None
        given = {"note": note}
        if needs_dialog(move, note):
            asked = (ask or self._ask)(move, note)
            if asked is None:
                return
            given.update(asked)  # the note typed in the dock stays unless the dialog asked it
        self.ui.noteEdit.clear()
        self.supervision.move(move.code, **given)

    def _ask(self, move, note) -> dict | None:
        from ..core.timestamps import from_datetime_text
        from .move_dialog import MoveDialog

        incident = self.supervision.current
        units, officers = self.supervision.assignees()
        deadline = incident.get("deadline_at") and from_datetime_text(incident["deadline_at"])
        routed = self.supervision.routed_unit()
        dialog = MoveDialog(
            move, incident["ticket"], self.language, note, units, officers, deadline, routed, self
        )
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def escalate_current(self) -> None:
        self.supervision.move(None, self._note())

    def _show_escalation(self) -> None:
        from ..core.workflow import ESCALATING_ROLES

        self.ui.escalateButton.setVisible(settings.role() in ESCALATING_ROLES)

    def escalate_overdue(self, confirm=None) -> None:
        """Count the overdue incidents due a higher level, ask, then escalate them.
        `confirm(count)` asks (a dialog unless given)."""
        confirm = confirm or self._confirm_escalation

        def counted(count: int) -> None:
            if count == 0:
                self._message(self.tr("No overdue incident is due a higher level."))
            elif confirm(count):
                self.supervision.escalate_overdue()

        self.supervision.count_escalations(counted)

    def _confirm_escalation(self, count: int) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Escalate overdue incidents"),
            self.tr(
                "Escalate {count} overdue incidents to the leader level each is due "
                "(督办升级)? Each gets a history row signed by the system."
            ).format(count=f"{count:,}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # The map

    def _to_canvas(self) -> QgsCoordinateTransform:
        canvas_crs = self.iface.mapCanvas().mapSettings().destinationCrs()
        return QgsCoordinateTransform(STORE_CRS, canvas_crs, QgsProject.instance())

    def _zoom_to(self, incident: dict) -> None:
        """Centre the map on the incident, flash it and ring it."""
        self.mark.zoom_to(QgsPointXY(incident["x"], incident["y"]), STORE_CRS, 400.0)

    def _message(self, text: str, warning: bool = False) -> None:
        level = Qgis.MessageLevel.Warning if warning else Qgis.MessageLevel.Success
        self.iface.messageBar().pushMessage(self.tr("Incident Supervision"), text, level, 6)
        self.messages.append(text)

    def dispose(self) -> None:
        """Take the highlight and marker off the canvas and stop refreshing (the plugin
        unloads)."""
        from ..toolbelt import tasks

        self.timer.stop()
        self.settle.stop()
        tasks.forget(self.supervision)
        scene = self.iface.mapCanvas().scene()
        self.highlight.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        scene.removeItem(self.highlight)
        self.highlight = None
        if self.own_mark:
            self.mark.dispose()
