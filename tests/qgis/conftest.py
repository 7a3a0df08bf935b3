"""The QGIS tier: a headless QGIS (pytest-qgis) with Processing, and an interface that
records what a plugin adds to the main window."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig

import pytest
from qgis.core import (
    QgsApplication,
    QgsAuthMethodConfig,
    QgsDataSourceUri,
    QgsProviderRegistry,
)
from qgis.PyQt.QtWidgets import QMenu

from jiangdu_grid_plugin.processing.provider import JiangduGridProvider
from tests.qgis.running import CONNECTION
from tools import package


@pytest.fixture(scope="session", autouse=True)
def task_threads(qgis_app):
    """QGIS's tasks share Qt's global thread pool with its own work (map rendering); on
    a two-core runner that pool has two threads, and a canvas of an earlier test still
    rendering can keep a store task of the next waiting. Four threads, as a desktop has."""
    from qgis.PyQt.QtCore import QThreadPool

    pool = QThreadPool.globalInstance()
    pool.setMaxThreadCount(max(4, pool.maxThreadCount()))


@pytest.fixture(autouse=True)
def no_modal_dialog(monkeypatch):
    """A dialog waiting for a user nobody plays would hang the run: one a test opens
    without answering it is cancelled at once, and the test fails naming it."""
    from qgis.PyQt.QtWidgets import QDialog, QMessageBox

    opened = []

    def cancelled(dialog):
        opened.append(type(dialog).__name__)
        return QDialog.DialogCode.Rejected

    def asked(_parent, title, *_args, **_kwargs):
        opened.append(f"QMessageBox {title!r}")
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QDialog, "exec", cancelled)
    monkeypatch.setattr(QDialog, "exec_", cancelled, raising=False)
    for kind in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, asked)
    yield
    if opened:
        pytest.fail(f"the test left dialogs unanswered: {opened}")


@pytest.fixture(scope="session")
def processing(qgis_processing):
    """QGIS's Processing framework, initialised once."""
    return QgsApplication.processingRegistry()


@pytest.fixture(scope="module")
def provider(processing):
    """Our provider, registered for the tests of a module."""
    provider = JiangduGridProvider()
    processing.addProvider(provider)
    yield provider
    processing.removeProvider(provider)


@pytest.fixture
def iface(qgis_iface):
    """pytest-qgis's interface with the calls the plugin uses that its stub lacks or
    ignores: a "Help" menu to insert before (QGIS's first right-hand standard menu),
    docks that really go into the main window, and lists of locator filters and options
    pages."""
    window = qgis_iface.mainWindow()
    menu_bar = window.menuBar()
    help_menu = next((a.menu() for a in menu_bar.actions() if a.text() == "Help"), None)
    if help_menu is None:
        help_menu = QMenu("Help", window)
        menu_bar.addMenu(help_menu)
    qgis_iface.firstRightStandardMenu = lambda: help_menu
    qgis_iface.addDockWidget = window.addDockWidget
    qgis_iface.removeDockWidget = window.removeDockWidget
    qgis_iface.locator_filters = []
    qgis_iface.registerLocatorFilter = qgis_iface.locator_filters.append
    qgis_iface.deregisterLocatorFilter = qgis_iface.locator_filters.remove
    qgis_iface.options_factories = []
    qgis_iface.registerOptionsWidgetFactory = qgis_iface.options_factories.append
    qgis_iface.unregisterOptionsWidgetFactory = qgis_iface.options_factories.remove
    return qgis_iface


@pytest.fixture(scope="session")
def qgis_process(tmp_path_factory):
    """qgis_process with the packaged plugin deployed into a profile of its own."""
    executable = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
    profiles = tmp_path_factory.mktemp("profiles")
    package.deploy(profiles, "default")
    environment = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        QGIS_CUSTOM_CONFIG_PATH=str(profiles),
        PYTHONPATH=sysconfig.get_paths()["purelib"],
    )

    def call(*args):
        return subprocess.run(
            [executable, *args], capture_output=True, text=True, env=environment, timeout=300
        )

    return call


# PostGIS stores through a QGIS connection (the server: tests/conftest.py's postgres).


@pytest.fixture(scope="session")
def connection(postgres):
    """A QGIS connection to the test server; user and password in an authcfg."""
    manager = QgsApplication.authManager()
    manager.setPasswordHelperEnabled(False)
    assert manager.setMasterPassword("master-of-the-tests", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("jiangdu tests")
    from tools.postgres_server import PASSWORD, USER

    config.setConfig("username", USER)
    config.setConfig("password", PASSWORD)
    assert manager.storeAuthenticationConfig(config)[0]
    uri = QgsDataSourceUri()
    uri.setConnection(
        "127.0.0.1",
        str(postgres.port),
        "postgres",
        "",
        "",
        QgsDataSourceUri.SslDisable,
        config.id(),
    )
    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    metadata.saveConnection(metadata.createConnection(uri.uri(False), {}), CONNECTION)
    yield config.id()
    metadata.deleteConnection(CONNECTION)
    manager.removeAuthenticationConfig(config.id())
