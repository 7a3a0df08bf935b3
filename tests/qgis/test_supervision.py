"""Supervision without a window: the dock's model reads, lists, pages and moves through
signals, each read in a QGIS task, on both backends."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from qgis.core import QgsSettings

from jiangdu_grid_plugin.gui import supervision
from jiangdu_grid_plugin.gui.supervision import Filters, Supervision
from jiangdu_grid_plugin.toolbelt import settings
from tests.qgis.running import in_postgis, wait_for_tasks
from tests.qgis.test_supervisor_dock import T0, incident, three_incidents

SCHEMAS = itertools.count()


class Heard:
    """What a Supervision said, by signal."""

    def __init__(self, model: Supervision):
        self.opened, self.listed, self.pages, self.details, self.messages = [], [], [], [], []
        self.said: list[str] = []  # the order of the list and the indicators
        self.measured: list[dict] = []
        model.storeOpened.connect(self.opened.append)
        model.listed.connect(self.listed.append)
        model.listed.connect(lambda _listing: self.said.append("listed"))
        model.measured.connect(self.measured.append)
        model.measured.connect(lambda _found: self.said.append("measured"))
        model.pageAdded.connect(self.pages.append)
        model.detailed.connect(self.details.append)
        model.message.connect(lambda text, warning: self.messages.append((text, warning)))


@pytest.fixture(params=["gpkg", "postgis"])
def store_name(request, tmp_path):
    path = three_incidents(tmp_path / "district.gpkg")
    if request.param == "gpkg":
        return str(path), path
    request.getfixturevalue("provider")
    request.getfixturevalue("connection")
    _, name = in_postgis(path, f"jd_supervision_{next(SCHEMAS)}")
    return name, None


@pytest.fixture
def model():
    QgsSettings().remove(supervision.SETTINGS_GROUP)
    model = Supervision("en")
    model.as_of = T0 + timedelta(hours=5)
    model.filters = Filters(period=False)
    yield model
    wait_for_tasks()
    settings.save("supervisor", "", None)


def test_the_model_reads_lists_and_pages_without_a_window(model, store_name, monkeypatch):
    name, _ = store_name
    heard = Heard(model)
    monkeypatch.setattr(supervision, "PAGE", 2)
    model.set_store(name)
    wait_for_tasks()
    (choices,) = heard.opened
    assert [name for _, name in choices.towns] == ["仙女镇", "小纪镇"]
    (listing,) = heard.listed
    assert (listing.total, [row["ticket"] for row in listing.rows]) == (3, ["B", "C"])
    steps = {row["key"]: row["incidents"] for row in listing.by_step}
    assert (steps["registered"], steps["dispatched"], steps["closed"]) == (1, 1, 1)
    model.fetch_more()
    wait_for_tasks()
    assert [[row["ticket"] for row in page] for page in heard.pages] == [["A"]]
    assert (model.loaded, model.total) == (3, 3)
    model.set_filters(Filters(period=False, overdue_only=True))
    wait_for_tasks()
    assert [row["ticket"] for row in heard.listed[-1].rows] == ["B"]
    assert heard.messages == []


def test_the_indicators_come_after_the_list_and_stay_until_the_incidents_change(model, store_name):
    """They read every move of the listed incidents (a second over ten years): the
    counts and the list do not wait for them. A refresh of the same incidents keeps the
    last ones shown; other filters show none until theirs come."""
    name, _ = store_name
    heard = Heard(model)
    model.set_store(name)
    wait_for_tasks()
    assert heard.said == ["listed", "measured"]
    assert heard.listed[0].indicators is None
    assert (heard.measured[0]["dispatches"], heard.measured[0]["dispatch_accuracy"]) == (1, 1.0)
    model.refresh()
    wait_for_tasks()
    assert heard.said[2:] == ["listed", "measured"]
    assert heard.listed[1].indicators == heard.measured[0]
    model.set_filters(Filters(period=False, town_code="321012101"))
    wait_for_tasks()
    assert heard.listed[2].indicators is None
    assert heard.measured[2]["dispatches"] == 0
    model.set_order("ticket", False)  # the same figures: neither read again
    wait_for_tasks()
    assert heard.said[6:] == ["listed"]


def test_the_model_moves_only_when_asked(model, store_name):
    name, path = store_name
    heard = Heard(model)
    model.set_store(name)
    wait_for_tasks()
    before = path.read_bytes() if path else None
    model.refresh()
    wait_for_tasks()
    assert path is None or path.read_bytes() == before
    a = next(row for row in heard.listed[-1].rows if row["ticket"] == "A")
    model.choose(a)
    wait_for_tasks()
    details = heard.details[-1]
    assert details.history == []  # the fixture's A was stored registered, without steps
    assert details.route.grid_code == "321012100001001"
    assert model.moves() == []  # a supervisor reads only
    settings.save("command_centre", "指挥员乙", None)
    assert [(m.label_en, m.to_step) for m in model.moves()] == [("Dispatch", "dispatched")]
    assert model.can_escalate()
    model.move("dispatch", "请尽快处置")
    wait_for_tasks()
    assert heard.messages == [("A saved.", False)]
    assert model.current["step"] == "dispatched" and model.current["row_version"] == 2
    history = heard.details[-1].history  # read again after the move
    assert [(s["from_step"], s["to_step"], s["note"]) for s in history] == [
        ("registered", "dispatched", "请尽快处置")
    ]
    if path is not None:
        assert incident(path, "A")[0]["step"] == "dispatched"


def test_a_moved_incident_the_filters_leave_out_is_said_to_be_saved(model, store_name):
    name, _ = store_name
    heard = Heard(model)
    model.set_store(name)
    wait_for_tasks()
    model.set_filters(Filters(step="registered", period=False))
    wait_for_tasks()
    a = next(row for row in heard.listed[-1].rows if row["ticket"] == "A")
    model.choose(a)
    wait_for_tasks()
    settings.save("command_centre", "指挥员乙", None)
    model.move("dispatch", "请尽快处置")
    wait_for_tasks()
    assert [r["ticket"] for r in heard.listed[-1].rows if r["ticket"] == "A"] == []
    assert heard.messages == [
        ("A saved.", False),
        ("A saved; the filters no longer list it (clear them to see it again).", False),
    ]
    assert model.current is None and heard.details[-1] is None


def test_a_store_error_in_a_task_comes_back_as_a_sentence(tmp_path):
    """What SQLite says inside a task (a store locked by a writer, damaged) reaches the
    dock as the store's sentence in the user's language, not SQLite's words."""
    import sqlite3

    from jiangdu_grid_plugin.core.store.errors import DatabaseFileError
    from jiangdu_grid_plugin.toolbelt import stores
    from jiangdu_grid_plugin.toolbelt.tasks import StoreTask

    path = three_incidents(tmp_path / "district.gpkg")

    def locked(store, task):
        raise sqlite3.OperationalError("database is locked")

    task = StoreTask("read", stores.location(str(path)), locked)
    assert task.run() is False
    assert isinstance(task.error, DatabaseFileError) and task.error.kind == "locked"
    assert task.error.text("zh") == (
        f"{path} 正被其他程序写入而锁定（另一个 QGIS 正在保存、导入或复制）。请待其完成后重试。"
    )
