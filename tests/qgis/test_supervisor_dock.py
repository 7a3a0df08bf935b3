"""The supervisor's dock on the small district: counts, the overdue list, the map filter,
an incident's history and routing, moves by role, a conflict, escalation only when asked,
and the list read a page at a time. Reads run in QGIS tasks: each step waits for them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from qgis.core import QgsProject, QgsSettings, QgsVectorLayer
from qgis.PyQt.QtCore import Qt

from jiangdu_grid_plugin.core import workflow
from jiangdu_grid_plugin.core.store import open_store
from jiangdu_grid_plugin.core.workflow import Actor
from jiangdu_grid_plugin.gui import supervision
from jiangdu_grid_plugin.gui.supervisor_dock import SupervisorDock
from jiangdu_grid_plugin.toolbelt import settings
from tests.core.activity_fixture import insert_incident
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import wait_for_tasks

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


def open_dock(iface, store, as_of):
    """A dock on `store` with the whole record shown (no period), read."""
    QgsSettings().remove(supervision.SETTINGS_GROUP)
    dock = SupervisorDock(iface, iface.mainWindow(), "en")
    dock.supervision.as_of = as_of
    dock.ui.periodCheck.setChecked(False)
    dock.apply_filters()
    dock.set_store(str(store))
    wait_for_tasks()
    return dock


@pytest.fixture
def dock(iface, store):
    dock = open_dock(iface, store, T0 + timedelta(hours=5))  # B is an hour overdue
    yield dock
    wait_for_tasks()
    dock.dispose()
    dock.deleteLater()
    QgsProject.instance().removeAllMapLayers()


def tickets(dock):
    return [row["ticket"] for row in dock.model.rows]


def choose(dock, ticket):
    assert dock.select_ticket(ticket)
    wait_for_tasks()


def settle(dock):
    """What the dock does 150 ms after a filter changes, now."""
    dock.apply_filters()
    wait_for_tasks()


def incident(store, ticket):
    with open_store(store) as opened:
        fid = next(r["fid"] for r in opened.rows("incidents", ["ticket"]) if r["ticket"] == ticket)
        return opened.incident(fid), opened.incident_history(fid)


def test_filters_counts_and_the_overdue_list(dock):
    ui = dock.ui
    assert [ui.townBox.itemText(i) for i in range(ui.townBox.count())] == [
        "All towns",
        "仙女镇",
        "小纪镇",
    ]
    assert ui.stepBox.count() == 8
    assert tickets(dock) == ["B", "C", "A"]  # overdue first, then the newest
    assert dock.model.data(dock.model.index(0, 6)) == "overdue"
    assert dock.model.data(dock.model.index(0, 1)) == "Dispatched"
    text = ui.figuresLabel.text()
    assert "Registered&nbsp;<b>1</b>" in text and "Dispatched&nbsp;<b>1</b>" in text
    assert "Closed <b>1</b> · in progress <b>2</b> · closure rate <b>33.33%</b>" in text
    assert "overdue <b style='color:#a93226'>1</b>" in text
    assert ui.countLabel.text() == "3 incidents"
    ui.overdueCheck.setChecked(True)
    settle(dock)
    assert tickets(dock) == ["B"]
    assert ui.countLabel.text() == "1 incidents"


def test_the_map_follows_the_filters(dock, store):
    layer = QgsVectorLayer(f"{store}|layername=incidents", "incidents", "ogr")
    QgsProject.instance().addMapLayer(layer)
    dock.ui.townBox.setCurrentIndex(dock.ui.townBox.findData("321012101"))
    settle(dock)
    assert tickets(dock) == ["C"]
    assert layer.subsetString() == "town_code = '321012101'"
    assert layer.featureCount() == 1
    dock.ui.townBox.setCurrentIndex(0)
    settle(dock)
    assert layer.subsetString() == "" and layer.featureCount() == 3


def test_filters_are_remembered(iface, store, dock):
    dock.ui.townBox.setCurrentIndex(dock.ui.townBox.findData("321012101"))
    dock.ui.overdueCheck.setChecked(True)
    settle(dock)
    again = SupervisorDock(iface, iface.mainWindow(), "en")
    try:
        again.set_store(str(store))
        wait_for_tasks()
        assert again.ui.townBox.currentData() == "321012101"
        assert again.ui.overdueCheck.isChecked() and not again.ui.periodCheck.isChecked()
    finally:
        again.dispose()
        again.deleteLater()


def test_an_incident_shows_its_history_routing_and_read_only_note(dock, role):
    role("supervisor")
    choose(dock, "B")
    html = dock.ui.detailView.toHtml()
    assert "B · Dispatched" in html and "overdue" in html
    assert "Registered → Dispatched" in html and "指挥员甲" in html
    assert "321012100001002" in html  # the routing names the grid
    assert dock.buttons == []
    assert dock.ui.roleLabel.text().startswith("Read only")
    assert not dock.highlight.asGeometry().isEmpty()
    assert dock.mark.is_shown()
    assert not dock.ui.escalateButton.isVisibleTo(dock)


def test_the_command_centre_dispatches_from_the_dock(dock, role, store):
    role("command_centre")
    choose(dock, "A")
    assert [b.text() for b in dock.buttons] == ["Dispatch", "Escalate"]
    dock.ui.noteEdit.setText("请尽快处置")
    dock.buttons[0].click()
    wait_for_tasks()
    card, history = incident(store, "A")
    assert card["step"] == "dispatched"
    assert (history[-1]["actor_name"], history[-1]["note"]) == ("指挥员乙", "请尽快处置")
    assert "A saved." in dock.messages
    assert "Dispatched&nbsp;<b>2</b>" in dock.ui.figuresLabel.text()
    assert dock.current["row_version"] == 2


def test_a_grid_officer_cannot_dispatch_and_sees_no_button(dock, role):
    role("grid_officer", "人员1")
    choose(dock, "A")
    assert dock.buttons == []  # a grid officer has no move from Registered
    choose(dock, "B")
    assert [b.text() for b in dock.buttons] == ["Report handling"]


def test_the_second_supervisor_gets_a_conflict(dock, role, store):
    role("command_centre")
    choose(dock, "A")
    card, _ = incident(store, "A")
    with open_store(store) as other:
        workflow.move(other, card["fid"], "dispatched", Actor("command_centre", "另一位"), 1)
    dock.move_current("dispatched")
    wait_for_tasks()
    assert "was changed by someone else since you opened it" in dock.messages[-1]
    assert dock.current["row_version"] == 2  # refreshed: the dock now shows the new state
    assert incident(store, "A")[1][-1]["actor_name"] == "另一位"


def test_refreshing_never_writes_escalation_is_asked_for(dock, role, store):
    role("command_centre")
    before = store.read_bytes()
    dock.refresh()
    wait_for_tasks()
    assert store.read_bytes() == before and dock.messages == []
    assert dock.ui.escalateButton.isVisibleTo(dock)
    asked = []
    dock.escalate_overdue(confirm=lambda count: asked.append(count) and False)
    wait_for_tasks()
    assert asked == [1] and store.read_bytes() == before  # declined: nothing written
    dock.escalate_overdue(confirm=lambda count: asked.append(count) or True)
    wait_for_tasks()
    assert dock.messages == ["1 overdue incidents escalated: B"]
    assert incident(store, "B")[0]["escalation"] == "community"
    choose(dock, "B")
    assert "Escalated to the community's grid leader" in dock.ui.detailView.toPlainText()
    dock.escalate_overdue(confirm=lambda count: pytest.fail("nothing is due: no question"))
    wait_for_tasks()  # nothing more is due an hour after the deadline
    assert dock.messages[-1] == "No overdue incident is due a higher level."


def test_the_list_is_read_a_page_at_a_time_and_sorted_by_the_store(dock, monkeypatch):
    monkeypatch.setattr(supervision, "PAGE", 2)
    dock.refresh()
    wait_for_tasks()
    assert tickets(dock) == ["B", "C"]
    assert dock.ui.countLabel.text() == "2 of 3 incidents (scroll for more)"
    assert dock.model.canFetchMore()
    dock.model.fetchMore()
    wait_for_tasks()
    assert tickets(dock) == ["B", "C", "A"] and not dock.model.canFetchMore()
    assert dock.ui.countLabel.text() == "3 incidents"
    dock.model.sort(0, Qt.SortOrder.DescendingOrder)
    wait_for_tasks()
    assert tickets(dock) == ["C", "B"]  # the store's order, a page again
    dock.model.fetchMore()
    wait_for_tasks()
    assert tickets(dock) == ["C", "B", "A"]


@pytest.mark.slow
def test_the_demo_district_figures(iface, demo_store, role):
    role("supervisor")
    dock = open_dock(iface, demo_store, datetime(2019, 11, 25, 12, tzinfo=timezone.utc))
    try:
        assert (
            "Closed <b>23,923</b> · in progress <b>698</b> · closure rate <b>97.17%</b>"
            in dock.ui.figuresLabel.text()
        )
        assert dock.model.rowCount() == 500
        assert dock.ui.countLabel.text() == "500 of 25,808 incidents (scroll for more)"
    finally:
        dock.dispose()
        dock.deleteLater()
