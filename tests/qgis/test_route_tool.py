"""The routing map tool and panel."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsPointXY, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtWidgets import QDockWidget

from jiangdu_grid_plugin.core.store.location import StoreLocation
from jiangdu_grid_plugin.gui.route_panel import RoutePanel
from jiangdu_grid_plugin.gui.route_tool import RouteMapTool
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import CONNECTION, wait_for_tasks

OX, OY = 470_000.0, 3_590_000.0
PLUGIN_DIR = Path(__file__).resolve().parents[2] / "jiangdu_grid_plugin"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store_file(tmp_path_factory.mktemp("store") / "fixture.gpkg", (OX, OY))


@pytest.fixture(scope="module")
def in_postgres(store, postgres, connection):
    """The store's copy in PostGIS, by its name (copied without the Processing
    provider, which the last test's plugin registers itself)."""
    from jiangdu_grid_plugin.core.store import open_store
    from jiangdu_grid_plugin.core.store.postgres import copy_to_postgis

    with open_store(store) as source:
        copy_to_postgis(source, StoreLocation.postgis(postgres.conninfo(), "jd_route_tool"))
    return f"postgres:{CONNECTION}/jd_route_tool"


@pytest.fixture(params=["gpkg", "postgis"])
def tool(request, qgis_canvas, store):
    from jiangdu_grid_plugin.core.routing.cache import cached_router
    from jiangdu_grid_plugin.toolbelt import stores

    name = str(store) if request.param == "gpkg" else request.getfixturevalue("in_postgres")
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
    with stores.location(name).open() as opened:
        router = cached_router(opened)
    panel = RoutePanel()
    panel.set_store(name, router.catalog)
    tool = RouteMapTool(qgis_canvas, panel)
    tool.set_router(router)
    yield tool
    tool.dispose()


def test_a_click_highlights_the_grid_and_shows_who_answers(tool):
    panel = tool.panel
    panel.ui.itemBox.setCurrentIndex(panel.ui.itemBox.findData("01001"))
    route = tool.route_at(QgsPointXY(OX + 150, OY + 50))
    assert route.grid_code == "321012100001002"
    band = tool.highlight.asGeometry()
    assert band.type() == QgsWkbTypes.PolygonGeometry
    assert band.area() == pytest.approx(100 * 100)
    assert band.boundingBox().xMinimum() == pytest.approx(OX + 100)
    text = panel.ui.resultView.toPlainText()
    assert "321012100001002" in text
    assert "人员2 140****0002" in text  # names and masked phones
    assert "14000000002" not in text
    assert "单位46 (046)" in text and "4 hours" in text
    assert "Inside grid 321012100001002" in text
    assert "Rule\ninside a grid" in text  # the rule in words, not its code


def test_far_away_clicks_and_missing_stores_say_why(tool):
    route = tool.route_at(QgsPointXY(OX - 5000, OY))
    assert route.rule == "unroutable"
    assert tool.highlight.asGeometry().isEmpty()
    assert "district command centre's queue" in tool.panel.ui.resultView.toPlainText()
    tool.panel.set_store(None)
    assert tool.route_at(QgsPointXY(OX + 50, OY + 50)) is None
    assert "Choose a grid store" in tool.panel.ui.resultView.toPlainText()


def test_clicks_in_another_map_crs_are_transformed(tool, qgis_canvas):
    from qgis.core import QgsCoordinateTransform, QgsProject

    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    qgis_canvas.setDestinationCrs(wgs84)
    lonlat = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4549"), wgs84, QgsProject.instance()
    ).transform(QgsPointXY(OX + 50, OY + 150))
    assert tool.route_at(lonlat).grid_code == "321012100002001"


def test_the_panel_is_a_named_dock():
    panel = RoutePanel()
    assert isinstance(panel, QDockWidget) and panel.objectName() == "JiangduGridRoutePanel"


def test_ui_files_carry_no_signal_connections():
    for path in PLUGIN_DIR.rglob("*.ui"):
        connections = ET.parse(path).getroot().find("connections")
        assert connections is None or len(connections) == 0, path


def test_the_plugin_removes_the_panel_and_tool_it_made(iface, processing, store, monkeypatch):
    import qgis.utils

    from jiangdu_grid_plugin.toolbelt import stores

    monkeypatch.setattr(stores, "current_store", lambda project=None: str(store))
    plugin = qgis.utils.plugins.get("jiangdu_grid_plugin")
    assert plugin is None
    from jiangdu_grid_plugin.plugin import JiangduGridPlugin

    plugin = JiangduGridPlugin(iface)
    plugin.initGui()
    plugin.route_action.trigger()
    wait_for_tasks()
    window = iface.mainWindow()
    assert [d.objectName() for d in window.findChildren(QDockWidget)] == ["JiangduGridRoutePanel"]
    assert iface.mapCanvas().mapTool() is plugin.route_tool
    assert plugin.route_panel.ui.itemBox.count() == 2  # "no item" and 01001
    plugin.unload()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert window.findChildren(QDockWidget) == []
    assert iface.mapCanvas().mapTool() is None


def test_the_tools_start_with_the_current_projects_store(store, tmp_path, monkeypatch):
    """The current project's store comes first (the issue's Processing dialogs, the dock,
    the map tool), then the one chosen last."""
    from qgis.core import QgsProject, QgsVectorLayer

    from jiangdu_grid_plugin.toolbelt import stores

    other = build_store_file(tmp_path / "other.gpkg")
    stores.remember_store(str(other))
    project = QgsProject()
    try:
        assert stores.current_store(project) == str(other)
        project.addMapLayer(QgsVectorLayer(f"{store}|layername=grids", "grids", "ogr"))
        assert stores.current_store(project) == str(store)
    finally:
        project.clear()
        stores.remember_store("")
