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


def figures(dock) -> list[str]:
    """The dock's figures as a reader sees them, one a cell ("closure rate 33.33%")."""
    from qgis.PyQt.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(dock.ui.figuresLabel.text())
    text = document.toPlainText().replace("\u2060", "").replace("\u00a0", " ")
    return [cell.strip() for cell in text.replace("\t", "\n").split("\n") if cell.strip()]


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
    assert ui.stepBox.count() == 10
    assert tickets(dock) == ["B", "C", "A"]  # overdue first, then the newest
    assert dock.model.data(dock.model.index(0, 6)) == "overdue"
    assert dock.model.data(dock.model.index(0, 1)) == "Dispatched"
    assert figures(dock) == [
        "Reported 0",
        "Registered 1",
        "Dispatched 1",
        "Handled 0",
        "Extension requested 0",
        "Suspended 0",
        "closed 1",
        "in progress 2",
        "closure rate 33.33%",
        "on time —",
        "overdue 1",
        "listed 3",
    ]
    cells = [line for line in ui.indicatorView.toPlainText().split("\n") if line]
    assert [f"{label} {value}" for label, value in zip(cells[0::3], cells[1::3])] == [
        "registered 0",  # the fixture's incidents were stored at their steps, without moves
        "dispatch accuracy 100.0%",  # B's dispatch
        "handled on time —",  # nothing handled yet
        "cases closed —",
        "rework —",
        "extended 0.0%",
        "mean handling —",
    ]
    assert "<b style='color:#a93226'>1</b>" in ui.figuresLabel.text()
    assert dock.count_text() == "listed 3"
    ui.overdueCheck.setChecked(True)
    settle(dock)
    assert tickets(dock) == ["B"]
    assert dock.count_text() == "listed 1"


def test_the_map_follows_the_filters(dock, store):
    from jiangdu_grid_plugin.maps.atlas import ATLAS_LAYER

    layer = QgsVectorLayer(f"{store}|layername=incidents", "incidents", "ogr")
    atlas = QgsVectorLayer(f"{store}|layername=incidents", "incidents (atlas)", "ogr")
    atlas.setCustomProperty(ATLAS_LAYER, True)
    QgsProject.instance().addMapLayers([layer, atlas])
    dock.ui.townBox.setCurrentIndex(dock.ui.townBox.findData("321012101"))
    settle(dock)
    assert tickets(dock) == ["C"]
    assert layer.subsetString() == "town_code = '321012101'"
    assert layer.featureCount() == 1
    assert atlas.subsetString() == "" and atlas.featureCount() == 3  # the atlas's own period
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
    assert "Dispatch" in html and "指挥员甲" in html
    assert "321012100001002" in html  # the routing names the grid
    assert dock.buttons == []
    assert dock.ui.roleLabel.text().startswith("Read only")
    assert not dock.highlight.asGeometry().isEmpty()
    assert dock.mark.is_shown()
    assert not dock.ui.escalateButton.isVisibleTo(dock)


def test_the_command_centre_dispatches_from_the_dock(dock, role, store, monkeypatch):
    from qgis.PyQt.QtWidgets import QDialog

    from jiangdu_grid_plugin.gui.move_dialog import MoveDialog

    role("command_centre")
    choose(dock, "A")
    assert [b.text() for b in dock.buttons] == ["Dispatch", "Escalate"]
    dock.ui.noteEdit.setText("请尽快处置")
    offered = []

    def accept(dialog):  # the user reads whom the dialog offers and presses OK
        offered.append(dialog.assignee.currentText())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MoveDialog, "exec", accept)
    dock.buttons[0].click()
    wait_for_tasks()
    card, history = incident(store, "A")
    assert card["step"] == "dispatched"
    assert (history[-1]["actor_name"], history[-1]["note"]) == ("指挥员乙", "请尽快处置")
    assert offered == [f"{dict(dock.supervision.choices.units)['046']} (046) (as routed)"]
    assert history[-1]["unit_code"] == "046"
    assert "A saved." in dock.messages
    assert "Dispatched 2" in figures(dock)
    assert dock.current["row_version"] == 2


def test_a_grid_officer_cannot_dispatch_and_sees_no_button(dock, role):
    role("grid_officer", "人员1")
    choose(dock, "A")
    assert dock.buttons == []  # a grid officer has no move from Registered
    choose(dock, "B")
    assert [b.text() for b in dock.buttons] == [
        "Report handling",
        "Send back to the command centre",
        "Ask for more time",
    ]


def test_a_move_asks_for_what_it_needs(dock, role, store):
    layer = QgsVectorLayer(f"{store}|layername=incidents", "incidents", "ogr")
    QgsProject.instance().addMapLayer(layer)
    redrawn = []
    layer.repaintRequested.connect(lambda *_: redrawn.append(1))
    role("grid_officer", "人员1")
    choose(dock, "B")
    asked = []

    def ask(move, note):
        asked.append((move.code, note))
        return None if len(asked) == 1 else {"note": "非本单位职责"}

    dock.move_current("send_back", ask=ask)  # cancelled: nothing written
    wait_for_tasks()
    assert incident(store, "B")[0]["step"] == "dispatched"
    assert redrawn == []
    dock.move_current("send_back", ask=ask)
    wait_for_tasks()
    assert redrawn  # the map draws B in its new step's colour
    steps = {f["ticket"]: f["step"] for f in layer.getFeatures()}
    assert steps["B"] == "registered"
    card, history = incident(store, "B")
    assert asked == [("send_back", None), ("send_back", None)]
    assert (card["step"], card["deadline_at"], history[-1]["note"]) == (
        "registered",
        None,
        "非本单位职责",
    )
    role("command_centre")
    choose(dock, "B")
    dock.ui.noteEdit.setText("改派至单位50")
    whom = []

    def ask_whom(move, note):  # a dispatch asks whom, the routed unit first
        whom.append((move.code, note, dock.supervision.routed_unit()))
        return {"note": note, "unit_code": "050"}

    dock.move_current("dispatch", ask=ask_whom)
    wait_for_tasks()
    assert whom == [("dispatch", "改派至单位50", "046")]
    card, history = incident(store, "B")
    assert (card["step"], history[-1]["unit_code"], history[-1]["note"]) == (
        "dispatched",
        "050",
        "改派至单位50",
    )
    units, officers = dock.supervision.assignees()
    assert [code for code, _ in units] == ["046", "050"]
    assert [fid for fid, _ in officers] == [2, 4, 5, 6]  # its grid, community, town, district


def test_the_dispatch_dialog_offers_the_routed_unit_first():
    from jiangdu_grid_plugin.core.workflow.steps import Move, parse_needs
    from jiangdu_grid_plugin.gui.move_dialog import MoveDialog, needs_dialog

    dispatch = Move(
        "dispatch", "registered", "dispatched", "command_centre", "指挥派遣", "Dispatch",
        parse_needs("assignee?"),
    )  # fmt: skip
    assert needs_dialog(dispatch, "请处置")
    units, officers = [("046", "区城管局"), ("050", "区水利局")], [(2, "人员1")]
    dialog = MoveDialog(dispatch, "B", "en", None, units, officers, None, routed="050")

    def offered():
        combo = dialog.assignee
        return [combo.itemText(i) for i in range(combo.count())], combo.currentIndex()

    assert dialog.layout().indexOf(dialog.assignee) >= 0  # in the form, beside its label
    assert offered() == (["区水利局 (050) (as routed)", "区城管局 (046)", "人员1"], 0)
    assert dialog.values() == {"unit_code": "050"} and dialog.ok.isEnabled()
    dialog.assignee.setCurrentIndex(2)
    assert dialog.values() == {"assignee_id": 2}
    dialog.deleteLater()
    # Chosen before its details were read: the store's route rules decide.
    dialog = MoveDialog(dispatch, "B", "en", None, units, officers, None)
    assert offered() == (
        ["As the route rules decide", "区城管局 (046)", "区水利局 (050)", "人员1"],
        0,
    )
    assert dialog.values() == {} and dialog.ok.isEnabled()
    dialog.deleteLater()


def test_a_reassignment_names_someone_on_purpose():
    from jiangdu_grid_plugin.core.workflow.steps import Move, parse_needs
    from jiangdu_grid_plugin.gui.move_dialog import MoveDialog

    reassign = Move(
        "reassign", "dispatched", "dispatched", "command_centre", "改派", "Reassign",
        parse_needs("assignee,note?"),
    )  # fmt: skip
    units = [("046", "区城管局"), ("050", "区水利局")]
    dialog = MoveDialog(reassign, "B", "en", "原单位无此职责", units, [], None, routed="046")
    combo = dialog.assignee
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Choose a unit or an officer",
        "区城管局 (046)",
        "区水利局 (050)",
    ]
    assert not dialog.ok.isEnabled()  # OK names no one until someone is chosen
    combo.setCurrentIndex(2)
    assert dialog.ok.isEnabled()
    assert dialog.values() == {"note": "原单位无此职责", "unit_code": "050"}
    dialog.deleteLater()


def test_the_second_supervisor_gets_a_conflict(dock, role, store):
    role("command_centre")
    choose(dock, "A")
    card, _ = incident(store, "A")
    with open_store(store) as other:
        workflow.move(other, card["fid"], "dispatched", Actor("command_centre", "另一位"), 1)
    dock.move_current("dispatched", ask=lambda move, note: {"note": note})
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
    assert dock.count_text() == "listed 2/3"
    assert dock.model.canFetchMore()
    dock.model.fetchMore()
    wait_for_tasks()
    assert tickets(dock) == ["B", "C", "A"] and not dock.model.canFetchMore()
    assert dock.count_text() == "listed 3"
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
        shown = figures(dock)
        assert {"closed 23,923", "in progress 698", "closure rate 97.17%"} <= set(shown)
        assert dock.model.rowCount() == 500
        assert dock.count_text() == "listed 500/25,808"
    finally:
        dock.dispose()
        dock.deleteLater()


def test_closing_the_dock_while_it_reads_drops_what_the_reads_bring(iface, store):
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    from jiangdu_grid_plugin.toolbelt import tasks

    dock = SupervisorDock(iface, iface.mainWindow(), "en")
    dock.set_store(str(store))
    (reading,) = tasks._running
    assert reading.done is not None
    dock.dispose()
    assert reading.done is None and reading.isCanceled()
    dock.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    wait_for_tasks()  # the read ends; nothing is handed to the deleted widgets
    assert tasks.running() == 0


def test_the_new_deadline_offered_is_one_the_move_accepts():
    """A day after the deadline in force, or after now for an overdue case."""
    from jiangdu_grid_plugin.core.timestamps import CHINA_TZ
    from jiangdu_grid_plugin.core.workflow.steps import Move, parse_needs
    from jiangdu_grid_plugin.gui.move_dialog import MoveDialog

    extend = Move(
        "request_extension", "dispatched", "extension_requested", "grid_officer", "延期申请",
        "Ask for more time", parse_needs("deadline,note"),
    )  # fmt: skip
    now = datetime.now(CHINA_TZ)
    for deadline, after in ((now - timedelta(days=25), now), (now + timedelta(days=3), None)):
        after = after or deadline
        dialog = MoveDialog(extend, "B", "zh", "材料未到", [], [], deadline)
        offered = dialog.values()["deadline"]
        assert timedelta(hours=23) < offered - after <= timedelta(days=1)
        dialog.deleteLater()
