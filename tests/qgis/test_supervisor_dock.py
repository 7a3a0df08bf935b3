"""The supervisor's dock on the small district: counts, the overdue list, the map filter,
an incident's history and routing, moves by role, and a conflict."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from qgis.core import QgsProject, QgsVectorLayer

from jiangdu_grid_plugin.core import workflow
from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.workflow import Actor
from jiangdu_grid_plugin.gui.supervisor_dock import SupervisorDock
from jiangdu_grid_plugin.toolbelt import settings
from tests.core.activity_fixture import insert_incident
from tests.core.routing_fixture import build_store_file

T0 = datetime(2019, 6, 3, 1, 0, tzinfo=timezone.utc)
DESK = Actor("command_centre", "指挥员甲")


@pytest.fixture
def store(tmp_path):
    return three_incidents(tmp_path / "district.gpkg")


def three_incidents(path):
    """A registered in the west, B dispatched at T0 (due T0 + 4 h) in the west, C closed
    in the east."""
    path = build_store_file(path)
    with open_store(path) as store:
        insert_incident(store, "A", "registered", "321012100001001", (10, 20))
        b = insert_incident(store, "B", "registered", "321012100001002", (150, 50))
        insert_incident(store, "C", "closed", "321012101002002", (350, 150))
        workflow.move(store, b, "dispatched", DESK, 1, at=T0)
    return path


@pytest.fixture
def role():
    def set_role(name, actor="指挥员乙"):
        settings.save(name, actor, None)

    yield set_role
    settings.save("supervisor", "", None)


@pytest.fixture
def dock(iface, store):
    dock = SupervisorDock(iface, iface.mainWindow(), "en")
    dock.as_of = T0 + timedelta(hours=5)  # B is an hour overdue
    dock.set_store(str(store))
    yield dock
    dock.dispose()
    dock.deleteLater()
    QgsProject.instance().removeAllMapLayers()


def tickets(dock):
    return [dock.table.item(row, 0).text() for row in range(dock.table.rowCount())]


def test_filters_counts_and_the_overdue_list(dock):
    assert [dock.townBox.itemText(i) for i in range(dock.townBox.count())] == [
        "All towns",
        "仙女镇",
        "小纪镇",
    ]
    assert dock.stepBox.count() == 8
    assert tickets(dock) == ["B", "C", "A"]  # overdue first, then the newest
    assert dock.table.item(0, 4).text() == "overdue"
    text = dock.figuresLabel.text()
    assert "Registered <b>1</b>" in text and "Dispatched <b>1</b>" in text
    assert "Closed <b>1</b> · in progress <b>2</b> · closure rate <b>33.33%</b>" in text
    assert "overdue <b style='color:#a93226'>1</b>" in text
    dock.overdueCheck.setChecked(True)
    assert tickets(dock) == ["B"]


def test_the_map_follows_the_filters(dock, store):
    layer = QgsVectorLayer(f"{store}|layername=incidents", "incidents", "ogr")
    QgsProject.instance().addMapLayer(layer)
    dock.townBox.setCurrentIndex(dock.townBox.findData("321012101"))
    assert tickets(dock) == ["C"]
    assert layer.subsetString() == "town_code = '321012101'"
    assert layer.featureCount() == 1
    dock.townBox.setCurrentIndex(0)
    assert layer.subsetString() == "" and layer.featureCount() == 3


def test_an_incident_shows_its_history_routing_and_read_only_note(dock, role):
    role("supervisor")
    assert dock.select_ticket("B")
    html = dock.detailView.toHtml()
    assert "B · Dispatched" in html and "overdue" in html
    assert "Registered → Dispatched" in html and "指挥员甲" in html
    assert "321012100001002" in html  # the routing names the grid
    assert dock.buttons == []
    assert dock.roleLabel.text().startswith("Read only")
    assert not dock.highlight.asGeometry().isEmpty()


def test_the_command_centre_dispatches_from_the_dock(dock, role, store):
    role("command_centre")
    dock.select_ticket("A")
    assert [b.text() for b in dock.buttons] == ["Dispatch", "Escalate"]
    dock.noteEdit.setText("请尽快处置")
    dock.buttons[0].click()
    with open_store(store) as opened:
        fid = next(r["fid"] for r in opened.rows("incidents", ["ticket"]) if r["ticket"] == "A")
        assert opened.incident(fid)["step"] == "dispatched"
        last = opened.incident_history(fid)[-1]
    assert (last["actor_name"], last["note"]) == ("指挥员乙", "请尽快处置")
    assert "A saved." in dock.messages
    assert "Dispatched <b>2</b>" in dock.figuresLabel.text()


def test_a_grid_officer_cannot_dispatch_and_sees_no_button(dock, role):
    role("grid_officer", "人员1")
    dock.select_ticket("A")
    assert dock.buttons == []  # a grid officer has no move from Registered
    dock.select_ticket("B")
    assert [b.text() for b in dock.buttons] == ["Report handling"]


def test_the_second_supervisor_gets_a_conflict(dock, role, store):
    role("command_centre")
    dock.select_ticket("A")
    with open_store(store) as other:
        fid = next(r["fid"] for r in other.rows("incidents", ["ticket"]) if r["ticket"] == "A")
        workflow.move(other, fid, "dispatched", Actor("command_centre", "另一位"), 1)
    assert not dock.move_current("dispatched")
    assert "was changed by someone else since you opened it" in dock.messages[-2]
    assert dock.current["row_version"] == 2  # refreshed: the dock now shows the new state


def test_at_the_command_centre_overdue_incidents_escalate(dock, role):
    role("command_centre")
    dock.refresh()
    assert dock.messages == ["1 overdue incidents escalated: B"]
    dock.select_ticket("B")
    assert "Escalated to the community&#x27;s grid leader" in dock.detailView.toHtml() or (
        "Escalated to the community's grid leader" in dock.detailView.toHtml()
    )
    dock.refresh()  # nothing more is due an hour after the deadline
    assert dock.messages == ["1 overdue incidents escalated: B"]


@pytest.mark.slow
def test_the_demo_district_figures(iface, demo_store, role):
    role("supervisor")
    dock = SupervisorDock(iface, iface.mainWindow(), "en")
    dock.as_of = datetime(2019, 11, 25, 12, tzinfo=timezone.utc)
    try:
        dock.set_store(str(demo_store))
        assert (
            "Closed <b>23,923</b> · in progress <b>698</b> · closure rate <b>97.17%</b>"
            in dock.figuresLabel.text()
        )
        assert dock.table.rowCount() == 500
    finally:
        dock.dispose()
        dock.deleteLater()
