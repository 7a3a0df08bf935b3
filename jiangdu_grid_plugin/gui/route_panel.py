"""The routing panel: the store and catalogue item to route with, and the answer for the
last place clicked with the routing tool."""

from __future__ import annotations

import html
from pathlib import Path

from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QObject, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QCompleter, QWidget

from ..core.privacy import mask_phone
from ..toolbelt import stores

FORM, _ = uic.loadUiType(str(Path(__file__).with_name("route_panel.ui")))


class RoutePanel(QgsDockWidget):
    storeChanged = pyqtSignal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("JiangduGridRoutePanel")
        self.setWindowTitle(self.tr("Grid Routing"))
        self.content = QWidget(self)
        self.ui = FORM()
        self.ui.setupUi(self.content)
        self.setWidget(self.content)
        self.ui.storeWidget.setDialogTitle(self.tr("Choose a grid store"))
        self.ui.itemBox.setCompleter(None)
        self.ui.storeWidget.fileChanged.connect(self._store_chosen)

    # The store and the catalogue

    def store_path(self) -> str:
        return self.ui.storeWidget.filePath()

    def set_store(self, path: str | None, catalog: dict[str, dict] | None = None) -> None:
        """Show `path` and fill the catalogue items from `catalog` (code -> item)."""
        self.ui.storeWidget.blockSignals(True)
        self.ui.storeWidget.setFilePath(path or "")
        self.ui.storeWidget.blockSignals(False)
        box = self.ui.itemBox
        box.clear()
        box.addItem(self.tr("(no item: location and people only)"), None)
        for code, item in sorted((catalog or {}).items()):
            box.addItem(f"{code} {item['name']}", code)
        completer = QCompleter([box.itemText(i) for i in range(box.count())], box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        box.setCompleter(completer)

    def catalog_code(self) -> str | None:
        box = self.ui.itemBox
        index = box.findText(box.currentText())
        return box.itemData(index) if index >= 0 else None

    def _store_chosen(self, path: str) -> None:
        if stores.is_store(path):
            stores.remember_store(path)
            self.storeChanged.emit(path)
        else:
            self.show_error(self.tr("{path} is not a grid store.").format(path=path))

    # Results

    def show_error(self, message: str) -> None:
        self.ui.resultView.setHtml(f"<p style='color:#a93226'>{html.escape(message)}</p>")

    def show_route(self, route) -> None:
        self.ui.resultView.setHtml(RouteDescription().html(route))


class RouteDescription(QObject):
    """A route as the panels show it: an HTML table (phone numbers masked) and its
    reason."""

    def html(self, route) -> str:
        from ..toolbelt.words import route_rules

        def text(value) -> str:
            return html.escape(value) if value else "—"

        def people(persons) -> str:
            return "、".join(f"{text(p.name)} {text(mask_phone(p.phone))}" for p in persons) or "—"

        rows = []
        if route.grid_code:
            rows += [
                (self.tr("Grid"), text(f"{route.grid_code} {route.grid_name}")),
                (self.tr("Community"), text(f"{route.community_name} ({route.community_code})")),
                (self.tr("Town"), text(f"{route.town_name} ({route.town_code})")),
            ]
        if route.rule != "invalid":
            rows.append((self.tr("Grid officers"), people(route.officers)))
            if route.fallback:
                rows.append((self.tr("Answers instead (community)"), people(route.responders)))
            for level, label in (
                ("grid", self.tr("Grid leader")),
                ("community", self.tr("Community grid leader")),
                ("town", self.tr("Town grid leaders")),
                ("district", self.tr("District grid leaders")),
            ):
                if level in route.leaders:
                    rows.append((label, people(route.leaders[level])))
            if route.grid_code:
                rows.append((self.tr("Instructor"), people(route.instructors)))
        if route.unit_code:
            rows.append(
                (self.tr("Responsible unit"), text(f"{route.unit_name} ({route.unit_code})"))
            )
            rows.append(
                (
                    self.tr("Deadline"),
                    text(self.tr("{hours} hours").format(hours=route.deadline_hours)),
                )
            )
        rows.append((self.tr("Rule"), text(route_rules().get(route.rule, route.rule))))
        cells = "".join(
            f"<tr><td style='color:#566573;padding-right:8px'>{html.escape(label)}</td>"
            f"<td>{value}</td></tr>"
            for label, value in rows
        )
        return f"<table>{cells}</table><p style='color:#1b4f72'>{html.escape(route.reason)}</p>"
