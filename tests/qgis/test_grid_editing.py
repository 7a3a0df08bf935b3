"""Real QGIS edit sessions on a store's grids layer, with the plugin's guard: bad saves
refused whole with the edits kept, splits and merges saved with codes, reassignments
and history, and two editors of one grid."""

from __future__ import annotations

import sqlite3

import pytest
import shapely
from qgis.core import Qgis, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QEvent

from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.gui.grid_guard import GridGuardManager
from tests.core.activity_fixture import OX, OY, insert_incident
from tests.core.routing_fixture import build_store_file

A, B = "321012100001001", "321012100001002"


def box(x0, y0, x1, y1) -> QgsGeometry:
    return QgsGeometry.fromWkt(shapely.box(OX + x0, OY + y0, OX + x1, OY + y1).wkt)


@pytest.fixture
def store(tmp_path):
    return build_store_file(tmp_path / "district.gpkg")


@pytest.fixture
def guards(iface):
    manager = GridGuardManager(iface, "en")
    yield manager
    manager.unload()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # the panel goes now
    QgsProject.instance().removeAllMapLayers()


def grids_layer(store, guards, name="grids"):
    """A grids layer under the guard. Not added to the project: the test canvas would
    render it in a thread, and QGIS's unlocked reads then race its switch to editing."""
    layer = QgsVectorLayer(f"{store}|layername=grids", name, "ogr")
    assert layer.isValid()
    guards.layers_added([layer])
    return layer


def feature(layer, code):
    return next(f for f in layer.getFeatures() if f["code"] == code and f["status"] == "active")


def stored(store):
    """code -> (status, geometry) as the file has them."""
    with open_store(store) as opened:
        return {(r["code"], r["status"]): r["geom"] for r in opened.grid_records()}


def settle():
    QCoreApplication.processEvents()  # the guard clears its decision after the save


def test_moving_a_vertex_into_a_neighbour_is_refused_and_kept(store, guards):
    layer = grids_layer(store, guards)
    before = stored(store)
    layer.startEditing()
    a = feature(layer, A)
    assert layer.moveVertex(OX + 150, OY + 100, a.id(), 1)  # top-right corner into B
    assert not layer.commitChanges(False)
    settle()
    assert layer.isEditable() and a.id() in layer.editBuffer().changedGeometries()
    assert stored(store) == before
    panel = guards.panel
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any(t.startswith(f"grids {A} and {B} overlap by 2,500.0 m2") for t in texts), texts
    assert panel.problems[0].geometry.area > 1.0
    assert "not saved" in panel.summary.text()
    warnings = guards.iface.messageBar().get_messages(Qgis.Warning)
    assert warnings[-1].startswith(
        f"Grid Check:Grids not saved, your edits are kept: grids {A} and {B} overlap by 2,500.0 m2"
    ), warnings
    layer.rollBack()


def test_deleting_a_grid_leaving_a_hole_is_refused(store, guards):
    layer = grids_layer(store, guards)
    layer.startEditing()
    layer.deleteFeature(feature(layer, B).id())
    assert not layer.commitChanges(False)
    settle()
    assert (B, "active") in stored(store)
    assert [p.rule for p in guards.panel.problems] == ["gap"]
    assert guards.panel.problems[0].geometry.area == pytest.approx(10_000)
    layer.rollBack()


def test_a_duplicate_code_is_refused(store, guards):
    layer = grids_layer(store, guards)
    layer.startEditing()
    layer.changeAttributeValue(feature(layer, B).id(), layer.fields().indexOf("code"), A)
    assert not layer.commitChanges(False)
    settle()
    assert "duplicate_code" in [p.rule for p in guards.panel.problems]
    assert (B, "active") in stored(store)
    layer.rollBack()


# What QGIS's split tool calls; sip on 3.22 resolves a list to this deprecated overload.
@pytest.mark.filterwarnings("ignore:QgsVectorLayer.splitFeatures")
def test_a_split_gets_the_next_code_and_takes_its_facilities(store, guards):
    layer = grids_layer(store, guards)
    layer.startEditing()
    line = [QgsPointXY(OX + 50, OY - 10), QgsPointXY(OX + 50, OY + 110)]
    assert layer.splitFeatures(line, False) == 0
    assert layer.commitChanges()
    settle()
    grids = stored(store)
    new = "321012100001003"  # 001 and 002 are in use in community 321012100001
    assert grids[(A, "active")].area == pytest.approx(5000)
    assert grids[(new, "active")].area == pytest.approx(5000)
    with open_store(store) as opened:
        facilities = {
            r["code"]: r["grid_code"] for r in opened.rows("facilities", ["code", "grid_code"])
        }
        versions = [
            (r["code"], r["change"]) for r in opened.rows("grid_versions", ["code", "change"])
        ]
        actors = {
            r["actor"]
            for r in opened.rows("audit_log", ["actor", "table_name"])
            if r["table_name"] == "grids"
        }
    west_half = A if grids[(A, "active")].bounds[0] == OX else new
    east_half = new if west_half == A else A
    assert facilities["3210120101000001"] == west_half  # the cover at (10, 20)
    assert facilities["3210120113000007"] == east_half  # the light at (60, 60)
    assert versions == [(A, "changed")]
    assert len(actors) == 1 and "sqlite" not in actors


def test_a_merge_keeps_one_code_and_retires_the_other(store, guards):
    with open_store(store) as opened:
        incident = insert_incident(opened, "open", "dispatched", B, (150, 50))
    layer = grids_layer(store, guards)
    layer.startEditing()
    a, b = feature(layer, A), feature(layer, B)
    layer.changeGeometry(a.id(), box(0, 0, 200, 100))
    layer.deleteFeature(b.id())
    assert layer.commitChanges(), layer.commitErrors()
    settle()
    grids = stored(store)
    assert grids[(A, "active")].area == pytest.approx(20_000)
    assert (B, "retired") in grids and (B, "active") not in grids
    with open_store(store) as opened:
        assert opened.incident(incident)["grid_code"] == A
        assert opened.retired_grid_codes() == {B}


def test_the_later_of_two_editors_gets_a_conflict(store, guards):
    first, second = (
        grids_layer(store, guards, "grids 1"),
        grids_layer(store, guards, "grids 2"),
    )
    first.startEditing()
    second.startEditing()
    index = first.fields().indexOf("name")
    first.changeAttributeValue(feature(first, A).id(), index, "甲的名字")
    second.changeAttributeValue(feature(second, A).id(), index, "乙的名字")
    assert first.commitChanges()
    settle()
    assert not second.commitChanges(False)
    settle()
    problem = guards.panel.problems[0]
    assert problem.rule == "conflict"
    assert problem.en.startswith(f"grid {A} was saved by someone else since you started editing")
    assert second.isEditable() and second.editBuffer().changedAttributeValues()
    with sqlite3.connect(store) as connection:
        name = connection.execute("SELECT name FROM grids WHERE code = ?", (A,)).fetchone()[0]
    assert name == "甲的名字"
    second.rollBack()


def test_without_the_plugin_the_file_still_refuses_an_overlap(store):
    layer = QgsVectorLayer(f"{store}|layername=grids", "grids", "ogr")
    before = stored(store)
    layer.startEditing()
    layer.changeGeometry(feature(layer, B).id(), box(50, 0, 200, 100))
    assert not layer.commitChanges(False)
    assert any("grids overlap" in error for error in layer.commitErrors())
    assert stored(store) == before
    layer.rollBack()
