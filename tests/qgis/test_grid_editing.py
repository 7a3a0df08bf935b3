"""Real QGIS edit sessions on a store's grids layer, with the plugin's guard: bad saves
refused whole with the edits kept, splits and merges saved with codes, reassignments
and history, and two editors of one grid."""

from __future__ import annotations

import itertools

import pytest
import shapely
from qgis.core import (
    Qgis,
    QgsDataSourceUri,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QCoreApplication, QEvent

from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.gui.grid_guard import GridGuardManager
from tests.core.activity_fixture import OX, OY, insert_incident
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import in_postgis

A, B = "321012100001001", "321012100001002"


def box(x0, y0, x1, y1) -> QgsGeometry:
    return QgsGeometry.fromWkt(shapely.box(OX + x0, OY + y0, OX + x1, OY + y1).wkt)


class Store:
    """The small district's store as a test edits it: a GeoPackage, or its copy in
    PostGIS read through the QGIS connection (whose login's decisions the guard reads)."""

    def __init__(self, path, schema=None, server=None, authcfg=None):
        self.path, self.schema, self.server, self.authcfg = path, schema, server, authcfg

    def open(self):
        if self.schema is None:
            return open_store(self.path)
        return open_store(self.server.conninfo(), schema=self.schema)

    def layer(self, guards=None, name="grids") -> QgsVectorLayer:
        """A grids layer, under the guard if given. Not added to the project: the test
        canvas would render it in a thread, and QGIS's unlocked reads then race its
        switch to editing."""
        if self.schema is None:
            layer = QgsVectorLayer(f"{self.path}|layername=grids", name, "ogr")
        else:
            uri = QgsDataSourceUri(
                f"dbname='postgres' host=127.0.0.1 port={self.server.port} sslmode=disable "
                f'authcfg={self.authcfg} key=\'fid\' table="{self.schema}"."grids" (geom)'
            )
            layer = QgsVectorLayer(uri.uri(False), name, "postgres")
        assert layer.isValid()
        if guards is not None:
            guards.layers_added([layer])
            assert layer.id() in guards.guards
        return layer

    def stored(self):
        """code -> (status, geometry) as the store has them."""
        with self.open() as opened:
            return {(r["code"], r["status"]): r["geom"] for r in opened.grid_records()}


SCHEMAS = itertools.count()


@pytest.fixture(params=["gpkg", "postgis"])
def store(request, tmp_path):
    path = build_store_file(tmp_path / "district.gpkg")
    if request.param == "gpkg":
        return Store(path)
    request.getfixturevalue("provider")
    authcfg = request.getfixturevalue("connection")
    schema = f"jd_edit{next(SCHEMAS)}"
    in_postgis(path, schema)
    return Store(path, schema, request.getfixturevalue("postgres"), authcfg)


class Interface:
    """The test interface with a real message bar (items, signals), as QGIS has."""

    def __init__(self, iface):
        self.iface, self.bar = iface, QgsMessageBar()

    def messageBar(self):
        return self.bar

    def __getattr__(self, name):
        return getattr(self.iface, name)


@pytest.fixture
def guards(iface):
    manager = GridGuardManager(Interface(iface), "en")
    yield manager
    manager.unload()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # the panel goes now
    QgsProject.instance().removeAllMapLayers()


def feature(layer, code):
    return next(f for f in layer.getFeatures() if f["code"] == code and f["status"] == "active")


def settle():
    QCoreApplication.processEvents()  # the guard clears its decision after the save


def save_as_qgis_does(layer, bar) -> bool:
    """Save Layer Edits as QGIS 3.22's main window does: the provider's error goes to
    the message bar as it is raised (QgisApp::onLayerError), and a failed commit adds
    "Could not commit changes" with the errors behind "Show more" (QgisApp::commitError)."""

    # Items QGIS makes in C++ reach Python through the bar's signal as plain QWidgets.
    def provider_error(message):
        bar.pushMessage(f"Layer {layer.name()}", message, Qgis.Critical, 0)

    layer.raiseError.connect(provider_error)
    try:
        saved = layer.commitChanges(False)
    finally:
        layer.raiseError.disconnect(provider_error)
    if not saved:
        bar.pushMessage("Commit errors", f"Could not commit changes to layer {layer.name()}")
    return saved


def test_moving_a_vertex_into_a_neighbour_is_refused_and_kept(store, guards):
    layer = store.layer(guards)
    before = store.stored()
    layer.startEditing()
    a = feature(layer, A)
    assert layer.moveVertex(OX + 150, OY + 100, a.id(), 1)  # top-right corner into B
    bar = guards.iface.messageBar()
    assert not save_as_qgis_does(layer, bar)
    assert len(bar.items()) >= 2  # QGIS's two, until the commit has unwound
    settle()
    assert layer.isEditable() and a.id() in layer.editBuffer().changedGeometries()
    assert store.stored() == before
    panel = guards.panel
    texts = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any(t.startswith(f"grids {A} and {B} overlap by 2,500.0 m2") for t in texts), texts
    assert panel.problems[0].geometry.area > 1.0
    assert "not saved" in panel.summary.text()
    # One message: ours, naming the problem; not QGIS's, nor the store's raw refusal.
    assert [(i.title(), i.level()) for i in bar.items()] == [("Grid Check", Qgis.Warning)]
    assert bar.items()[0].text() == (
        "Grids not saved (1 problem, in the Grid Check panel; your edits are kept): "
        f"grids {A} and {B} overlap by 2,500.0 m2"
    )
    # Dropping the edits takes it off; saving again says how that went.
    layer.rollBack()
    assert bar.items() == []
    layer.startEditing()
    assert save_as_qgis_does(layer, bar)
    settle()
    assert [i.text() for i in bar.items()] == ["Grids saved and checked."]


def test_deleting_a_grid_leaving_a_hole_is_refused(store, guards):
    layer = store.layer(guards)
    layer.startEditing()
    layer.deleteFeature(feature(layer, B).id())
    assert not layer.commitChanges(False)
    settle()
    assert (B, "active") in store.stored()
    assert [p.rule for p in guards.panel.problems] == ["gap"]
    assert guards.panel.problems[0].geometry.area == pytest.approx(10_000)
    layer.rollBack()


def test_a_duplicate_code_is_refused(store, guards):
    layer = store.layer(guards)
    layer.startEditing()
    layer.changeAttributeValue(feature(layer, B).id(), layer.fields().indexOf("code"), A)
    assert not layer.commitChanges(False)
    settle()
    assert "duplicate_code" in [p.rule for p in guards.panel.problems]
    assert (B, "active") in store.stored()
    layer.rollBack()


# What QGIS's split tool calls; sip on 3.22 resolves a list to this deprecated overload.
@pytest.mark.filterwarnings("ignore:QgsVectorLayer.splitFeatures")
def test_a_split_gets_the_next_code_and_takes_its_facilities(store, guards):
    layer = store.layer(guards)
    layer.startEditing()
    line = [QgsPointXY(OX + 50, OY - 10), QgsPointXY(OX + 50, OY + 110)]
    assert layer.splitFeatures(line, False) == 0
    assert layer.commitChanges(), layer.commitErrors()
    settle()
    grids = store.stored()
    new = "321012100001003"  # 001 and 002 are in use in community 321012100001
    assert grids[(A, "active")].area == pytest.approx(5000)
    assert grids[(new, "active")].area == pytest.approx(5000)
    with store.open() as opened:
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
    with store.open() as opened:
        incident = insert_incident(opened, "open", "dispatched", B, (150, 50))
    layer = store.layer(guards)
    layer.startEditing()
    a, b = feature(layer, A), feature(layer, B)
    layer.changeGeometry(a.id(), box(0, 0, 200, 100))
    layer.deleteFeature(b.id())
    assert layer.commitChanges(), layer.commitErrors()
    settle()
    grids = store.stored()
    assert grids[(A, "active")].area == pytest.approx(20_000)
    assert (B, "retired") in grids and (B, "active") not in grids
    with store.open() as opened:
        assert opened.incident(incident)["grid_code"] == A
        assert opened.retired_grid_codes() == {B}


def test_the_later_of_two_editors_gets_a_conflict(store, guards):
    first, second = (
        store.layer(guards, "grids 1"),
        store.layer(guards, "grids 2"),
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
    assert problem.rule == "conflict", problem.message.en
    assert problem.message.en.startswith(
        f"grid {A} was saved by someone else since you started editing"
    )
    assert second.isEditable() and second.editBuffer().changedAttributeValues()
    with store.open() as opened:
        assert opened.names("grids")[A] == "甲的名字"
    second.rollBack()


def test_without_the_plugin_the_file_still_refuses_an_overlap(store):
    layer = store.layer()
    before = store.stored()
    layer.startEditing()
    layer.changeGeometry(feature(layer, B).id(), box(50, 0, 200, 100))
    assert not layer.commitChanges(False)
    assert any("grids overlap" in error for error in layer.commitErrors())
    assert store.stored() == before
    layer.rollBack()


def test_the_guard_speaks_of_the_stores_fids_whatever_qgis_numbers(store, guards):
    layer = store.layer(guards)
    # Met first, grid 002002 (fid 4) is feature 1 of a PostgreSQL layer.
    first = next(
        layer.getFeatures(QgsFeatureRequest(QgsRectangle(OX + 150, OY + 150, OX + 160, OY + 160)))
    )
    with store.open() as opened:
        expected = {r["code"]: r["fid"] for r in opened.grid_records()}
    assert (first.id() == expected[first["code"]]) == (store.schema is None)
    guard = guards.guards[layer.id()]
    assert {r.code: r.fid for r in guard.records()} == expected
    layer.startEditing()
    layer.changeAttributeValue(first.id(), layer.fields().indexOf("name"), "新名")
    assert guard.touched() == ({expected[first["code"]]}, set(), set())
    layer.rollBack()


def test_a_save_that_cannot_be_checked_is_refused_with_the_edits_kept(store, guards, monkeypatch):
    """The store cannot be read when the save is checked (locked, gone): nothing is
    written, even by an editor whose save would overwrite another's."""
    from jiangdu_grid_plugin.core.store import StoreError
    from jiangdu_grid_plugin.gui.grid_guard import GridEditGuard

    first, stale = store.layer(guards, "grids 1"), store.layer(guards, "grids 2")
    first.startEditing()
    stale.startEditing()
    index = first.fields().indexOf("name")
    first.changeAttributeValue(feature(first, A).id(), index, "甲的名字")
    stale.changeAttributeValue(feature(stale, A).id(), index, "乙的名字")
    stale.changeGeometry(feature(stale, A).id(), box(0, 0, 150, 100))  # into B, too
    assert first.commitChanges()
    settle()
    before = store.stored()

    def unreadable(self):
        raise StoreError("database is locked")

    monkeypatch.setattr(GridEditGuard, "open_store", unreadable)
    assert not stale.commitChanges(False)
    settle()
    assert store.stored() == before
    with store.open() as opened:
        assert opened.names("grids")[A] == "甲的名字"
    assert stale.isEditable()
    buffer = stale.editBuffer()
    assert buffer.changedAttributeValues() and buffer.changedGeometries()
    assert not buffer.addedFeatures()  # the veto's point is gone again
    assert not stale.undoStack().canRedo()
    problem = guards.panel.problems[0]
    assert problem.rule == "check_failed"
    assert problem.message.en == (
        "the grids could not be checked (database is locked); nothing was saved, your "
        "edits are kept"
    )
    monkeypatch.undo()
    # Once the store can be read again, the same save is checked: a conflict.
    assert not stale.commitChanges(False)
    settle()
    assert {p.rule for p in guards.panel.problems} == {"overlap", "conflict"}
    stale.rollBack()


def test_a_decision_for_one_layer_relaxes_nothing_for_another(tmp_path, guards):
    """In a GeoPackage the plugin's layer has decided that B may go (a merge it
    checked); meanwhile a layer without the plugin (QGIS without it, on the same
    machine) deletes B. (In PostGIS a decision is its login's: tests/core.)"""
    store = Store(build_store_file(tmp_path / "district.gpkg"))
    layer = store.layer(guards)
    guard = guards.guards[layer.id()]
    with store.open() as opened:
        fids = {r["code"]: r["fid"] for r in opened.grid_records()}
    from jiangdu_grid_plugin.core.grid_checks import GridSave

    with store.open() as opened:
        guard.decide(opened, "allow", GridSave(deleted=frozenset({fids[A], fids[B]})), "甲", "合并")
    plain = store.layer(name="grids without the plugin")
    plain.startEditing()
    plain.deleteFeature(feature(plain, B).id())
    assert not plain.commitChanges(False)
    assert any("merged with the plugin" in error for error in plain.commitErrors())
    assert (B, "active") in store.stored()
    plain.rollBack()
    guard.clear()


def test_a_valid_save_survives_another_qgis_opening_the_store(tmp_path, guards):
    """QGIS edits in write-ahead-log mode; the plugin reads the store (to check the
    save) while another process opens and closes it. Reading the file's header through
    a handle of the plugin's own once dropped QGIS's locks on it, and the other process
    then removed the log under QGIS's connection: "disk I/O error" on a valid save."""
    import subprocess
    import sys

    path = build_store_file(tmp_path / "district.gpkg")
    layer = Store(path).layer(guards)
    layer.startEditing()  # the guard reads the store's row versions
    assert path.with_name("district.gpkg-wal").exists()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('SELECT count(*) FROM grids').fetchone(); c.close()",
            str(path),
        ],
        check=True,
    )
    layer.changeGeometry(feature(layer, A).id(), box(0, 0, 50, 100))
    layer.changeGeometry(feature(layer, B).id(), box(50, 0, 200, 100))
    assert layer.commitChanges(), layer.commitErrors()
    settle()
    grids = Store(path).stored()
    assert grids[(A, "active")].area == pytest.approx(5_000)
    assert grids[(B, "active")].area == pytest.approx(15_000)
