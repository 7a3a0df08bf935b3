"""The supervisor's dock (督办): filters, live counts of the six-step loop, the incidents
(overdue first), and for the chosen incident its history, its routing and the moves the
user's role allows. The store's incidents layers on the map follow the filters."""

from __future__ import annotations

import html
from datetime import datetime, timedelta, timezone

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsFileWidget, QgsRubberBand
from qgis.PyQt.QtCore import QDate, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.timestamps import CHINA_TZ, from_datetime_text
from ..toolbelt import settings, stores

STORE_CRS = QgsCoordinateReferenceSystem("EPSG:4549")
OVERDUE = QColor(169, 50, 38)
REFRESH_MS = 60_000


def _local(text: str | None) -> str:
    """DATETIME text as Jiangdu's local time, to the minute."""
    if not text:
        return "—"
    return from_datetime_text(text).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


class SupervisorDock(QgsDockWidget):
    """Everything reads the store again on refresh(); nothing is cached but the
    workflow's labels."""

    moved = pyqtSignal(int)  # an incident was moved (its fid)

    def __init__(self, iface, parent=None, language: str = "en"):
        super().__init__(parent)
        self.iface = iface
        self.language = language
        self.setObjectName("JiangduGridSupervisorDock")
        self.setWindowTitle(self.tr("Incident Supervision"))
        self.workflow = None
        self.incidents: list[dict] = []
        self.current: dict | None = None
        self.messages: list[str] = []  # what the message bar was told, oldest first
        self.as_of: datetime | None = None  # None: now (tests fix it)
        self.highlight = QgsRubberBand(iface.mapCanvas(), QgsWkbTypes.GeometryType.PolygonGeometry)
        self.highlight.setColor(QColor(232, 163, 61, 70))
        self.highlight.setStrokeColor(QColor(192, 57, 43))
        self.highlight.setWidth(3)
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.visibilityChanged.connect(self._visibility_changed)

    # Layout

    def _build(self) -> None:
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        self.storeWidget = QgsFileWidget(content)
        self.storeWidget.setFilter("GeoPackage (*.gpkg)")
        self.storeWidget.setToolTip(
            self.tr("A GeoPackage store, or a PostGIS store as postgres:<connection>/<schema>")
        )
        self.storeWidget.fileChanged.connect(self._store_chosen)
        form = QFormLayout()
        form.addRow(self.tr("Grid store"), self.storeWidget)
        self.townBox, self.categoryBox = QComboBox(content), QComboBox(content)
        self.sourceBox, self.stepBox = QComboBox(content), QComboBox(content)
        first = QHBoxLayout()
        first.addWidget(self.townBox, 1)
        first.addWidget(self.categoryBox, 1)
        second = QHBoxLayout()
        second.addWidget(self.sourceBox, 1)
        second.addWidget(self.stepBox, 1)
        form.addRow(self.tr("Town, category"), first)
        form.addRow(self.tr("Source, step"), second)
        self.periodCheck = QCheckBox(self.tr("Reported from"), content)
        self.fromDate, self.toDate = QDateEdit(content), QDateEdit(content)
        for edit in (self.fromDate, self.toDate):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.fromDate.setDate(QDate.currentDate().addMonths(-1))
        self.toDate.setDate(QDate.currentDate())
        period = QHBoxLayout()
        period.addWidget(self.fromDate, 1)
        period.addWidget(QLabel(self.tr("to"), content))
        period.addWidget(self.toDate, 1)
        form.addRow(self.periodCheck, period)
        self.overdueCheck = QCheckBox(self.tr("Overdue only"), content)
        form.addRow("", self.overdueCheck)
        layout.addLayout(form)
        self.figuresLabel = QLabel(content)
        self.figuresLabel.setWordWrap(True)
        self.figuresLabel.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.figuresLabel)

        splitter = QSplitter(Qt.Orientation.Vertical, content)
        self.table = QTableWidget(0, 5, splitter)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Ticket"), self.tr("Step"), self.tr("Town"), self.tr("Deadline"), ""]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        details = QWidget(splitter)
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        self.detailView = QTextBrowser(details)
        self.detailView.setOpenLinks(False)
        details_layout.addWidget(self.detailView, 1)
        self.noteEdit = QLineEdit(details)
        self.noteEdit.setPlaceholderText(self.tr("Note for the history (optional)"))
        details_layout.addWidget(self.noteEdit)
        self.buttonRow = QHBoxLayout()
        details_layout.addLayout(self.buttonRow)
        self.roleLabel = QLabel(details)
        self.roleLabel.setWordWrap(True)
        details_layout.addWidget(self.roleLabel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 4)
        layout.addWidget(splitter, 1)
        self.setWidget(content)
        for box in (self.townBox, self.categoryBox, self.sourceBox, self.stepBox):
            box.currentIndexChanged.connect(self.refresh)
        for check in (self.periodCheck, self.overdueCheck):
            check.toggled.connect(self._period_toggled)
        self.fromDate.dateChanged.connect(self.refresh)
        self.toDate.dateChanged.connect(self.refresh)
        self.buttons: list[QPushButton] = []

    # The store

    def store_path(self) -> str:
        return self.storeWidget.filePath()

    def set_store(self, path: str | None) -> None:
        """Read the store's towns, categories and steps for the filters, then refresh."""
        from ..core.store import StoreError
        from ..core.workflow import Workflow
        from ..toolbelt.postgres import PostgresStores

        self.storeWidget.blockSignals(True)
        self.storeWidget.setFilePath(path or "")
        self.storeWidget.blockSignals(False)
        boxes = (self.townBox, self.categoryBox, self.sourceBox, self.stepBox)
        for box in boxes:
            box.blockSignals(True)
            box.clear()
        self.townBox.addItem(self.tr("All towns"), None)
        self.categoryBox.addItem(self.tr("All categories"), None)
        self.sourceBox.addItem(self.tr("All sources"), None)
        self.stepBox.addItem(self.tr("All steps"), None)
        self.workflow = None
        if path:
            try:
                with PostgresStores().open(path, migrate=False) as store:
                    self.workflow = Workflow.from_store(store)
                    for code, name in sorted(store.names("towns").items()):
                        self.townBox.addItem(name, code)
                    for code, name in sorted(store.names("event_categories").items()):
                        self.categoryBox.addItem(name, code)
            except StoreError as error:
                self._message(str(error), warning=True)
        from ..core.workflow_report import SOURCE_LABELS

        index = 1 if self.language == "zh" else 0
        for code, labels in SOURCE_LABELS.items():
            self.sourceBox.addItem(labels[index], code)
        for state in self.workflow.states.values() if self.workflow else ():
            self.stepBox.addItem(self.workflow.label(state["code"], self.language), state["code"])
        for box in boxes:
            box.blockSignals(False)
        self.refresh()

    def _store_chosen(self, path: str) -> None:
        if stores.is_store(path):
            stores.remember_store(path)
            self.set_store(path)
        else:
            self._message(self.tr("{path} is not a grid store.").format(path=path), True)

    # Filters

    def _period_toggled(self) -> None:
        for edit in (self.fromDate, self.toDate):
            edit.setEnabled(self.periodCheck.isChecked())
        self.refresh()

    def now(self) -> datetime:
        return self.as_of or datetime.now(timezone.utc)

    def filters(self) -> dict:
        return {
            "town_code": self.townBox.currentData(),
            "category_code": self.categoryBox.currentData(),
            "source": self.sourceBox.currentData(),
            "step": self.stepBox.currentData(),
        }

    def period(self) -> tuple[str | None, str | None]:
        from ..core.timestamps import to_datetime_text

        if not self.periodCheck.isChecked():
            return None, None
        first, last = self.fromDate.date(), self.toDate.date()
        start = datetime(first.year(), first.month(), first.day(), tzinfo=CHINA_TZ)
        end = datetime(last.year(), last.month(), last.day(), tzinfo=CHINA_TZ) + timedelta(days=1)
        return to_datetime_text(start), to_datetime_text(end)

    def subset_string(self) -> str:
        """The filters as the incidents layers' subset string ('' for none)."""
        from ..core.store.queries import NO_FILTER, incident_filter_sql
        from ..core.timestamps import to_datetime_text

        start, end = self.period()
        overdue = to_datetime_text(self.now()) if self.overdueCheck.isChecked() else None
        condition = incident_filter_sql(start, end, self.filters(), overdue)
        return "" if condition == NO_FILTER else condition

    # Refreshing

    def _visibility_changed(self, visible: bool) -> None:
        if visible:
            self.timer.start()
            self.refresh()
        else:
            self.timer.stop()

    def refresh(self) -> None:
        """Counts, the list and the map, from the store as it is now."""
        from ..core.store import StoreError
        from ..core.timestamps import to_datetime_text
        from ..core.workflow_report import report
        from ..toolbelt.postgres import PostgresStores

        path = self.store_path()
        if not path or self.workflow is None:
            self.figuresLabel.setText(self.tr("Choose a grid store."))
            self._fill_table([])
            return
        start, end = self.period()
        as_of = to_datetime_text(self.now())
        try:
            with PostgresStores().open(path, migrate=False) as store:
                self._escalate_overdue(store)
                by_step = report(
                    store,
                    "step",
                    None if start is None else from_datetime_text(start),
                    None if end is None else from_datetime_text(end),
                    self.now(),
                    self.language,
                    with_hours=False,
                    filters=self.filters(),
                )
                incidents = store.incident_list(
                    as_of, start, end, self.filters(), self.overdueCheck.isChecked()
                )
        except StoreError as error:
            self._message(str(error), warning=True)
            return
        self._show_figures(by_step)
        selected = self.current["fid"] if self.current else None
        self._fill_table(incidents)
        for row, incident in enumerate(incidents):
            if incident["fid"] == selected:
                self.table.selectRow(row)
                break
        else:
            self._show_incident(None)
        self._filter_layers()

    def _escalate_overdue(self, store) -> None:
        """At the command centre's desk, overdue incidents escalate as the dock refreshes
        (a supervisor's dock reads only)."""
        from ..core.workflow import escalate_overdue

        if settings.role() != "command_centre":
            return
        escalated = escalate_overdue(store, self.now())
        if escalated:
            self._message(
                self.tr("{count} overdue incidents escalated: {tickets}").format(
                    count=len(escalated),
                    tickets=", ".join(ticket for ticket, _ in escalated[:10])
                    + ("…" if len(escalated) > 10 else ""),
                )
            )

    def _show_figures(self, by_step: list[dict]) -> None:
        counts = {row["key"]: row["incidents"] for row in by_step}
        closed = sum(row["closed"] for row in by_step)
        in_progress = sum(row["in_progress"] for row in by_step)
        on_time = sum(row["closed_on_time"] for row in by_step)
        with_deadline = sum(row["closed_with_deadline"] for row in by_step)
        overdue = sum(row["overdue"] for row in by_step)
        steps = "　".join(
            f"{html.escape(self.workflow.label(code, self.language))} "
            f"<b>{counts.get(code, 0):,}</b>"
            for code in self.workflow.states
        )

        def rate(part, whole):
            return f"{part / whole:.2%}" if whole else "—"

        self.figuresLabel.setText(
            f"{steps}<br>"
            + self.tr("Closed {closed} · in progress {open} · closure rate {rate}").format(
                closed=f"<b>{closed:,}</b>",
                open=f"<b>{in_progress:,}</b>",
                rate=f"<b>{rate(closed, closed + in_progress)}</b>",
            )
            + "<br>"
            + self.tr("On time {rate} · overdue {overdue}").format(
                rate=f"<b>{rate(on_time, with_deadline)}</b>",
                overdue=f"<b style='color:#a93226'>{overdue:,}</b>",
            )
        )

    def _fill_table(self, incidents: list[dict]) -> None:
        self.table.blockSignals(True)
        self.incidents = incidents
        self.table.setRowCount(len(incidents))
        for row, incident in enumerate(incidents):
            label = self.workflow.label(incident["step"], self.language) if self.workflow else ""
            cells = [
                incident["ticket"],
                label,
                incident["town_name"] or "",
                _local(incident["deadline_at"]) if incident["deadline_at"] else "",
                self.tr("overdue") if incident["overdue"] else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if incident["overdue"]:
                    item.setForeground(QBrush(OVERDUE))
                self.table.setItem(row, column, item)
        self.table.clearSelection()
        self.table.blockSignals(False)

    def _filter_layers(self) -> None:
        """Give the store's incidents layers the filters (their own filters are replaced)."""
        from ..toolbelt.postgres import PostgresStores

        subset = self.subset_string()
        path = self.store_path()
        postgres = PostgresStores()
        for layer in QgsProject.instance().mapLayers().values():
            if not hasattr(layer, "setSubsetString"):
                continue
            source, _, options = layer.source().partition("|")
            ours = (
                layer.providerType() == "ogr"
                and source == path
                and "layername=incidents" in options.split("|")
            ) or postgres.is_table_of(layer, path, "incidents")
            if ours and layer.subsetString() != subset:
                layer.setSubsetString(subset)

    # The chosen incident

    def _selection_changed(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        incident = self.incidents[rows.pop()] if rows else None
        self._show_incident(incident)
        if incident is not None:
            self._zoom_to(incident)

    def select_ticket(self, ticket: str) -> bool:
        for row, incident in enumerate(self.incidents):
            if incident["ticket"] == ticket:
                self.table.selectRow(row)
                return True
        return False

    def _show_incident(self, incident: dict | None) -> None:
        from ..core.store import StoreError
        from ..toolbelt.postgres import PostgresStores

        self.current = incident
        self.highlight.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        for button in self.buttons:
            self.buttonRow.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        if incident is None:
            self.detailView.clear()
            self.roleLabel.clear()
            return
        try:
            with PostgresStores().open(self.store_path(), migrate=False) as store:
                history = store.incident_history(incident["fid"])
                grid = store.grid_geometry(incident["grid_code"]) if incident["grid_code"] else None
        except StoreError as error:
            self._message(str(error), warning=True)
            return
        self.detailView.setHtml(self._incident_html(incident, history))
        if grid is not None:
            geometry = QgsGeometry.fromWkt(grid.wkt)
            geometry.transform(self._to_canvas())
            self.highlight.setToGeometry(geometry, None)
        self._add_move_buttons(incident)

    def _incident_html(self, incident: dict, history: list[dict]) -> str:
        from ..gui.route_panel import RouteDescription

        def e(value) -> str:
            return html.escape(str(value)) if value not in (None, "") else "—"

        wf = self.workflow
        head = (
            f"<h3 style='margin:0'>{e(incident['ticket'])} · "
            f"{e(wf.label(incident['step'], self.language))}</h3>"
            f"<p>{e(incident['catalog_name'])} · {e(incident['town_name'])} · "
            f"{e(incident['grid_code'])}<br>"
            + self.tr("Reported {reported}, deadline {deadline}").format(
                reported=e(_local(incident["reported_at"])),
                deadline=e(_local(incident["deadline_at"])),
            )
        )
        if incident["overdue"]:
            overdue = html.escape(self.tr("overdue"))
            head += f" <b style='color:#a93226'>{overdue}</b>"
        if incident["escalation"]:
            from ..core.workflow import LEVEL_LABELS

            level = LEVEL_LABELS[incident["escalation"]][1 if self.language == "zh" else 0]
            head += "<br>" + html.escape(self.tr("Escalated to {level}").format(level=level))
        head += "</p>"
        rows = "".join(
            "<tr>"
            f"<td>{e(_local(step['at']))}</td>"
            f"<td>{e(self._step_text(step))}</td>"
            f"<td>{e(step['actor_name'])}</td>"
            f"<td>{e(step['note'])}</td>"
            "</tr>"
            for step in history
        )
        headers = (self.tr("When"), self.tr("Move"), self.tr("Who"), self.tr("Note"))
        header = "".join(f"<td>{e(text)}</td>" for text in headers)
        table = (
            "<table cellspacing='0' cellpadding='2'>"
            f"<tr style='color:#566573'>{header}</tr>{rows}</table>"
        )
        route = self._route(incident)
        routing = RouteDescription().html(route) if route is not None else ""
        return head + table + "<hr>" + routing

    def _step_text(self, step: dict) -> str:
        wf = self.workflow
        if step["escalated_to"]:
            return self.tr("escalated")
        if step["from_step"] is None:
            return wf.label(step["to_step"], self.language)
        return (
            f"{wf.label(step['from_step'], self.language)} → "
            f"{wf.label(step['to_step'], self.language)}"
        )

    def _route(self, incident: dict):
        """Who answers for the incident's place, item and time (None if unknown)."""
        from ..core.store import StoreError
        from ..toolbelt.postgres import PostgresStores

        try:
            router = PostgresStores().router(self.store_path(), language=self.language)
        except (StoreError, ValueError):
            return None
        moment = from_datetime_text(incident["reported_at"])
        return router.route([incident["x"]], [incident["y"]], [incident["catalog_code"]], [moment])[
            0
        ]

    def _add_move_buttons(self, incident: dict) -> None:
        from ..core.workflow import ESCALATING_ROLES, next_level

        actor = settings.actor()
        if actor is None:
            self.roleLabel.setText(
                self.tr(
                    "Read only: set your role and name in Settings ▸ Options ▸ Jiangdu Grid "
                    "to move incidents."
                )
            )
            return
        self.roleLabel.setText(self.tr("Signed as {name}").format(name=actor.name))
        for move in self.workflow.moves(incident["step"], actor.role):
            label = move["label_zh"] if self.language == "zh" else move["label_en"]
            self._button(label, lambda _=False, to=move["to_step"]: self.move_current(to))
        if (
            actor.role in ESCALATING_ROLES
            and self.workflow.is_open(incident["step"])
            and next_level(incident["escalation"]) is not None
        ):
            self._button(self.tr("Escalate"), lambda _=False: self.escalate_current())

    def _button(self, text: str, slot) -> None:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        self.buttonRow.addWidget(button)
        self.buttons.append(button)

    def move_current(self, to_step: str) -> bool:
        from ..core import workflow

        return self._act(
            lambda store, actor, note: workflow.move(
                store,
                self.current["fid"],
                to_step,
                actor,
                self.current["row_version"],
                note=note,
                at=self.as_of,
                workflow=self.workflow,
            )
        )

    def escalate_current(self) -> bool:
        from ..core import workflow

        return self._act(
            lambda store, actor, note: workflow.escalate(
                store,
                self.current["fid"],
                actor,
                self.current["row_version"],
                note=note,
                at=self.as_of,
                workflow=self.workflow,
            )
        )

    def _act(self, action) -> bool:
        """Run a move on the chosen incident as the user; report, and refresh either way."""
        from ..core.store import StoreError
        from ..core.workflow import WorkflowError
        from ..toolbelt.postgres import PostgresStores

        actor = settings.actor()
        if actor is None or self.current is None:
            return False
        fid, ticket = self.current["fid"], self.current["ticket"]
        note = self.noteEdit.text().strip() or None
        try:
            with PostgresStores().open(self.store_path(), migrate=False) as store:
                action(store, actor, note)
        except WorkflowError as error:
            self._message(error.text(self.language), warning=True)
            self.refresh()
            return False
        except StoreError as error:
            self._message(str(error), warning=True)
            return False
        self.noteEdit.clear()
        self._message(self.tr("{ticket} saved.").format(ticket=ticket))
        self.refresh()
        self.moved.emit(fid)
        return True

    # The map

    def _to_canvas(self) -> QgsCoordinateTransform:
        canvas_crs = self.iface.mapCanvas().mapSettings().destinationCrs()
        return QgsCoordinateTransform(STORE_CRS, canvas_crs, QgsProject.instance())

    def _zoom_to(self, incident: dict) -> None:
        point = self._to_canvas().transform(QgsPointXY(incident["x"], incident["y"]))
        canvas = self.iface.mapCanvas()
        half = 400.0 if canvas.mapSettings().destinationCrs().isGeographic() is False else 0.004
        canvas.setExtent(
            QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half)
        )
        canvas.refresh()

    def _message(self, text: str, warning: bool = False) -> None:
        from qgis.core import Qgis

        self.iface.messageBar().pushMessage(
            self.tr("Incident Supervision"),
            text,
            Qgis.MessageLevel.Warning if warning else Qgis.MessageLevel.Success,
            6,
        )
        self.messages.append(text)

    def dispose(self) -> None:
        """Take the highlight off the canvas and stop refreshing (the plugin unloads)."""
        self.timer.stop()
        self.highlight.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        self.iface.mapCanvas().scene().removeItem(self.highlight)
        self.highlight = None
