"""The QGIS tier: a headless QGIS (pytest-qgis) with Processing, and an interface that
records what a plugin adds to the main window."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QMenu


@pytest.fixture(scope="session")
def processing(qgis_processing):
    """QGIS's Processing framework, initialised once."""
    return QgsApplication.processingRegistry()


@pytest.fixture
def iface(qgis_iface):
    """pytest-qgis's interface with the calls the plugin uses that its stub lacks: a
    "Help" menu to insert before (QGIS's first right-hand standard menu)."""
    window = qgis_iface.mainWindow()
    menu_bar = window.menuBar()
    help_menu = next((a.menu() for a in menu_bar.actions() if a.text() == "Help"), None)
    if help_menu is None:
        help_menu = QMenu("Help", window)
        menu_bar.addMenu(help_menu)
    qgis_iface.firstRightStandardMenu = lambda: help_menu
    return qgis_iface
