"""The plugin object QGIS creates: a menu, a toolbar and the Processing provider.

`initGui()` and `unload()` mirror each other: everything the first adds, the second
removes, so that reloading the plugin leaves QGIS as it was. Heavy modules (the core,
Processing's GUI) are imported only when an action runs.
"""

from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices, QIcon
from qgis.PyQt.QtWidgets import QAction, QMenu, QToolBar

from .__about__ import PLUGIN_DIR, __homepage__
from .core.requirements import missing_requirements
from .toolbelt import geopackage_journal, i18n, log, project_paths, requirements

OBJECT_PREFIX = "JiangduGrid"


def icon(name: str) -> QIcon:
    return QIcon(str(PLUGIN_DIR / "resources" / name))


class JiangduGridPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None
        self.log_handler = None
        self.path_preprocessor: str | None = None
        self.journal = None
        self.menu: QMenu | None = None
        self.toolbar: QToolBar | None = None
        self.actions: list[QAction] = []
        self.route_action: QAction | None = None
        self.route_panel = None  # created on first use
        self.route_tool = None
        self.locator_filter = None
        self.map_mark = None  # the place last zoomed to, ringed (the locator, the dock)
        self.supervisor_dock = None  # created on first use
        self.supervisor_action: QAction | None = None
        self.options_factory = None
        self.grid_guards = None
        self.project_reader = None
        self.tianditu_guard = None

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
        self.path_preprocessor = project_paths.install()
        self.journal = geopackage_journal.install()
        self.initProcessing()
        window = self.iface.mainWindow()

        # Alt+G: the letters of QGIS's own menus (Pro&ject, 工程(&J), 编辑(&E)...) are taken.
        self.menu = QMenu(self.tr("Jiangdu &Grid"), window)
        self.menu.setObjectName(f"{OBJECT_PREFIX}Menu")
        window.menuBar().insertMenu(self.iface.firstRightStandardMenu().menuAction(), self.menu)
        self.toolbar = QToolBar(self.tr("Jiangdu Grid Toolbar"), window)
        self.toolbar.setObjectName(f"{OBJECT_PREFIX}Toolbar")
        self.iface.addToolBar(self.toolbar)

        self._add_action(
            "CreateStore",
            "create_store.svg",
            self.tr("Create Grid Store…"),
            lambda: self._open_algorithm("create_store"),
        )
        self.route_action = self._add_action(
            "RouteTool", "route_point.svg", self.tr("Route at a Point"), self._start_routing
        )
        self.route_action.setCheckable(True)
        self.supervisor_action = self._add_action(
            "Supervision",
            "supervision.svg",
            self.tr("Incident Supervision"),
            self._toggle_supervision,
        )
        self.supervisor_action.setCheckable(True)
        self._add_action(
            "WorkflowReport",
            "workflow_report.svg",
            self.tr("Workflow Report…"),
            lambda: self._open_algorithm("workflow_report"),
            toolbar=False,
        )
        self._add_action(
            "RouteIncidents",
            "route_incidents.svg",
            self.tr("Route Incidents…"),
            lambda: self._open_algorithm("route_incidents"),
            toolbar=False,
        )
        self.menu.addSeparator()
        self._add_action(
            "Help",
            "help.svg",
            self.tr("Help"),
            lambda: QDesktopServices.openUrl(QUrl(__homepage__)),
            toolbar=False,
        )
        from .gui.facility_locator import FacilityLocatorFilter
        from .gui.map_mark import MapMark

        self.map_mark = MapMark(self.iface.mapCanvas())
        self.locator_filter = FacilityLocatorFilter(self.iface, mark=self.map_mark)
        self.iface.registerLocatorFilter(self.locator_filter)
        from .gui.options_page import JiangduOptionsFactory

        self.options_factory = JiangduOptionsFactory()
        self.iface.registerOptionsWidgetFactory(self.options_factory)
        from .maps.project import project_opened

        self.project_reader = lambda *_: project_opened(QgsProject.instance())
        QgsProject.instance().readProject.connect(self.project_reader)
        from .maps.tianditu import KeyGuard

        self.tianditu_guard = KeyGuard(self.iface.messageBar())
        self.tianditu_guard.install()
        problems = missing_requirements(optional=True)
        if requirements.blocking(problems):
            # Without shapely or pyproj no store can be read: only the menu stays.
            for action in (self.route_action, self.supervisor_action):
                action.setEnabled(False)
                action.setToolTip(requirements.describe(problems))
        else:
            from .gui.grid_guard import GridGuardManager

            self.grid_guards = GridGuardManager(self.iface, i18n.language())
        self._report_missing_requirements(problems)

    def unload(self) -> None:
        if self.project_reader is not None:
            QgsProject.instance().readProject.disconnect(self.project_reader)
            self.project_reader = None
        if self.tianditu_guard is not None:
            self.tianditu_guard.uninstall()
            self.tianditu_guard = None
        if self.grid_guards is not None:
            self.grid_guards.unload()
            self.grid_guards.deleteLater()
            self.grid_guards = None
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        if self.supervisor_dock is not None:
            self.iface.removeDockWidget(self.supervisor_dock)
            self.supervisor_dock.dispose()
            self.supervisor_dock.deleteLater()
            self.supervisor_dock = None
        self.supervisor_action = None
        if self.locator_filter is not None:
            self.iface.deregisterLocatorFilter(self.locator_filter)
            self.locator_filter = None
        from .toolbelt import tasks

        tasks.forget(self)
        tasks.stop_watching()
        if self.map_mark is not None:
            self.map_mark.dispose()
            self.map_mark = None
        if self.route_tool is not None:
            if self.iface.mapCanvas().mapTool() is self.route_tool:
                self.iface.mapCanvas().unsetMapTool(self.route_tool)
            self.route_tool.dispose()
            self.route_tool.deleteLater()
            self.route_tool = None
        if self.route_panel is not None:
            self.iface.removeDockWidget(self.route_panel)
            self.route_panel.deleteLater()
            self.route_panel = None
        self.route_action = None
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
        project_paths.uninstall(self.path_preprocessor)
        self.path_preprocessor = None
        geopackage_journal.uninstall(self.journal)
        self.journal = None
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

    def _start_routing(self) -> None:
        """Show the routing panel and make the routing tool the canvas's map tool."""
        from .gui.route_panel import RoutePanel
        from .gui.route_tool import RouteMapTool
        from .toolbelt import stores

        canvas = self.iface.mapCanvas()
        if self.route_panel is None:
            self.route_panel = RoutePanel(self.iface.mainWindow())
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.route_panel)
            self.route_tool = RouteMapTool(canvas, self.route_panel, i18n.language())
            self.route_tool.setAction(self.route_action)
            self.route_panel.storeChanged.connect(self._load_router)
            self._load_router(stores.current_store())
        self.route_panel.show()
        canvas.setMapTool(self.route_tool)
        self.route_action.setChecked(True)

    def _load_router(self, text: str | None) -> None:
        """Read the router of the store `text` names in the background, then give it to
        the routing tool and its catalogue to the panel."""
        from .core.routing.cache import cached_router
        from .core.store import StoreError
        from .toolbelt import stores, tasks

        panel, tool, language = self.route_panel, self.route_tool, i18n.language()
        tool.set_router(None)
        panel.set_store(text, {})
        if not text:
            return
        try:
            location = stores.location(text)
        except StoreError as error:
            panel.show_error(error.text(language))
            return

        def done(router, error):
            if error is not None:
                message = error.text(language) if hasattr(error, "text") else str(error)
                panel.show_error(message)
            elif panel.store_path() == text:
                panel.set_store(text, router.catalog)
                tool.set_router(router)

        tasks.run(
            self.tr("Reading the grids of {store}").format(store=location.label),
            location,
            lambda store, _task: cached_router(store, language=language),
            done,
            owner=self,
        )

    def _toggle_supervision(self, checked: bool) -> None:
        """Show or hide the supervisor's dock (made on first use)."""
        from .gui.supervisor_dock import SupervisorDock
        from .toolbelt import stores

        if self.supervisor_dock is None:
            self.supervisor_dock = SupervisorDock(
                self.iface, self.iface.mainWindow(), i18n.language(), self.map_mark
            )
            self.supervisor_dock.setToggleVisibilityAction(self.supervisor_action)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.supervisor_dock)
            self.supervisor_dock.set_store(stores.current_store())
        self.supervisor_dock.setUserVisible(checked)

    def _open_algorithm(self, name: str) -> None:
        """Open a Processing algorithm's own dialog (parameters, batch mode, history)."""
        from processing import execAlgorithmDialog

        execAlgorithmDialog(f"{self.provider.id()}:{name}")

    def _report_missing_requirements(self, problems) -> None:
        """One message: a warning that stays while a required package is missing; a
        note about optional ones once for each set of them."""
        from qgis.core import QgsSettings

        if not problems:
            return
        message = requirements.describe(problems)
        title = self.tr("Jiangdu Grid Governance")
        if requirements.blocking(problems):
            self.iface.messageBar().pushMessage(title, message, Qgis.MessageLevel.Warning, 0)
            return
        told = "jiangdu_grid/optional_packages_told"
        names = ",".join(sorted(p.requirement.distribution for p in problems))
        if QgsSettings().value(told, "", type=str) != names:
            QgsSettings().setValue(told, names)
            self.iface.messageBar().pushMessage(title, message, Qgis.MessageLevel.Info, 15)
