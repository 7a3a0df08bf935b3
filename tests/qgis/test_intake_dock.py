"""The dock's part for reports: possible duplicates listed beside their originals, merged
or cleared by the command centre only, and an incident's photos in its details."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QTextDocument

from jiangdu_grid_plugin.core.store import open_store
from tests.core.intake_fixture import build_district, report
from tests.core.test_intake_photos import jpeg
from tests.qgis.running import wait_for_tasks
from tests.qgis.test_supervisor_dock import open_dock, role  # noqa: F401 (a fixture)

NOW = datetime(2019, 11, 25, 6, 0, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path):
    """Two possible duplicates of one report, the first with two photos."""
    path = build_district(tmp_path / "district.gpkg")
    with open_store(path) as opened:
        report(opened, 30, 40, reported_at="2019-11-25T08:00:00+08:00")
        first = report(opened, 30, 60, reported_at="2019-11-25T09:00:00+08:00")
        report(opened, 40, 40, reported_at="2019-11-25T10:00:00+08:00")
        opened.insert(
            "incident_attachments",
            [
                dict(incident_id=first["fid"], content=jpeg(size=(640, 480)), kind="report"),
                dict(  # added without its time: the dock shows the EXIF's
                    incident_id=first["fid"],
                    content=jpeg({0x8769: {0x9003: "2019:11:25 16:20:00"}}),
                    kind="after",
                ),
            ],
        )
    return path


@pytest.fixture
def dock(iface, store):
    dock = open_dock(iface, store, NOW)
    wait_for_tasks()
    yield dock
    wait_for_tasks()
    dock.dispose()
    dock.setParent(None)  # out of the main window now: later tests count its docks
    dock.deleteLater()
    QgsProject.instance().removeAllMapLayers()


def listed(dock):
    table = dock.ui.duplicateTable
    return [
        (table.item(row, 0).text(), table.item(row, 1).text(), table.item(row, 3).text())
        for row in range(table.rowCount())
    ]


def test_duplicates_are_listed_beside_their_originals(dock, role):  # noqa: F811
    role("supervisor")
    dock.duplicates.show(dock.duplicates.pairs)
    assert listed(dock) == [
        ("JD201911250003", "JD201911250001", "10 m · 2.0 h"),
        ("JD201911250002", "JD201911250001", "20 m · 1.0 h"),
    ]
    tabs = dock.ui.lowerTabs
    assert tabs.tabText(tabs.indexOf(dock.ui.duplicatesTab)) == "Duplicates 2"
    assert not dock.ui.mergeButton.isVisible() and not dock.ui.mergeButton.isEnabled()
    assert dock.ui.duplicateHint.text().startswith("The command centre")


def test_the_command_centre_merges_one_and_clears_the_other(dock, role, store):  # noqa: F811
    role("command_centre")
    table = dock.ui.duplicateTable
    table.selectRow(0)
    assert dock.ui.mergeButton.isEnabled()
    dock.ui.mergeButton.click()
    wait_for_tasks()
    wait_for_tasks()
    assert listed(dock) == [("JD201911250002", "JD201911250001", "20 m · 1.0 h")]
    table.selectRow(0)
    dock.ui.clearButton.click()
    wait_for_tasks()
    wait_for_tasks()
    assert listed(dock) == []
    with open_store(store) as opened:
        rows = {r["ticket"]: r for r in opened.rows("incidents")}
        assert (rows["JD201911250003"]["step"], rows["JD201911250003"]["duplicate_of"]) == (
            "rejected",
            1,
        )
        assert (rows["JD201911250002"]["step"], rows["JD201911250002"]["duplicate_of"]) == (
            "reported",
            None,
        )
        note = opened.incident_history(rows["JD201911250003"]["fid"])[-1]["note"]
        assert note == "重复上报，并入事件 JD201911250001"


def test_an_incidents_details_show_its_photos_and_links(dock, role):  # noqa: F811
    role("supervisor")
    assert dock.select_ticket("JD201911250002")
    wait_for_tasks()
    text = dock.ui.detailView.toPlainText()
    assert "Possible duplicate of JD201911250001" in text
    assert "report photo" in text and "after handling 2019-11-25 16:20" in text
    document = dock.ui.detailView.document()
    image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl("photo:2/0"))
    assert (image.width(), image.height()) == (200, 150)
    assert dock.select_ticket("JD201911250001")
    wait_for_tasks()
    assert "Possible duplicates of it: JD201911250002, JD201911250003" in (
        dock.ui.detailView.toPlainText()
    )
