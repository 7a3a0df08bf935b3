"""The plugin object QGIS creates: a menu, a toolbar and the Processing provider.

`initGui()` and `unload()` mirror each other: everything the first adds, the second
removes, so that reloading the plugin leaves QGIS as it was. Heavy modules (the core,
Processing's GUI) are imported only when an action runs.
"""

from __future__ import annotations

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QUrl
from qgis.PyQt.QtGui import QDesktopServices, QIcon
from qgis.PyQt.QtWidgets import QAction, QMenu, QToolBar

from .__about__ import PLUGIN_DIR, __homepage__, __title__
from .core.requirements import missing_requirements
from .toolbelt import i18n, log, requirements

OBJECT_PREFIX = "JiangduGrid"


def icon(name: str) -> QIcon:
    return QIcon(str(PLUGIN_DIR / "resources" / name))


class JiangduGridPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None
        self.log_handler = None
        self.menu: QMenu | None = None
        self.toolbar: QToolBar | None = None
        self.actions: list[QAction] = []

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("JiangduGridPlugin", text)

    # Processing: also called alone by qgis_process, without initGui().

    def initProcessing(self) -> None:
        if self.provider is not None:
            return
        from .processing.provider import JiangduGridProvider

        self.provider = JiangduGridProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def _unload_processing(self) -> None:
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None

    # GUI

    def initGui(self) -> None:
        self.translator = i18n.install()
        self.log_handler = log.install()
        self.initProcessing()
        window = self.iface.mainWindow()

        self.menu = QMenu(self.tr("&Jiangdu Grid"), window)
        self.menu.setObjectName(f"{OBJECT_PREFIX}Menu")
        window.menuBar().insertMenu(self.iface.firstRightStandardMenu().menuAction(), self.menu)
        self.toolbar = QToolBar(self.tr("Jiangdu Grid Toolbar"), window)
        self.toolbar.setObjectName(f"{OBJECT_PREFIX}Toolbar")
        self.iface.addToolBar(self.toolbar)

        self._add_action(
            "CreateStore",
            "icon.svg",
            self.tr("Create Grid Store…"),
            lambda: self._open_algorithm("create_store"),
        )
        self.menu.addSeparator()
        self._add_action(
            "Help",
            None,
            self.tr("Help"),
            lambda: QDesktopServices.openUrl(QUrl(__homepage__)),
            toolbar=False,
        )
        self._report_missing_requirements()

    def unload(self) -> None:
        for action in self.actions:
            action.deleteLater()
        self.actions = []
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        self._unload_processing()
        log.uninstall(self.log_handler)
        self.log_handler = None
        i18n.uninstall(self.translator)
        self.translator = None

    def _add_action(self, name, icon_name, text, slot, toolbar=True) -> QAction:
        action = QAction(icon(icon_name) if icon_name else QIcon(), text, self.iface.mainWindow())
        action.setObjectName(f"{OBJECT_PREFIX}{name}Action")
        action.triggered.connect(slot)
        self.menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions.append(action)
        return action

    def _open_algorithm(self, name: str) -> None:
        """Open a Processing algorithm's own dialog (parameters, batch mode, history)."""
        from processing import execAlgorithmDialog

        execAlgorithmDialog(f"{self.provider.id()}:{name}")

    def _report_missing_requirements(self) -> None:
        problems = missing_requirements()
        if not problems:
            return
        message = requirements.describe(problems)
        self.iface.messageBar().pushMessage(__title__, message, Qgis.Warning, 0)
