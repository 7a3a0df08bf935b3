"""Store tasks: a result comes back on the main thread once QGIS has let go of the task."""

from __future__ import annotations

from qgis.core import QgsApplication

from jiangdu_grid_plugin.toolbelt import stores, tasks
from jiangdu_grid_plugin.toolbelt.tasks import StoreTask
from tests.qgis.running import wait_for_tasks
from tests.qgis.test_supervisor_dock import three_incidents


def count(store, _task):
    return store.incident_count("2019-01-01T00:00:00Z", None, None, {}, False)


def test_a_result_is_handed_back_after_finished_has_returned(tmp_path):
    """QGIS's task manager is still finishing a task while `finished` runs; a function
    that starts the next read there can leave it queued for ever (QGIS issue 53806)."""
    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    heard = []
    task = StoreTask("read", location, count, lambda result, error: heard.append(result))
    tasks._running.add(task)
    assert task.run() is True
    task.finished(True)
    assert heard == [] and tasks.running() == 1
    QgsApplication.processEvents()
    assert heard == [3] and tasks.running() == 0


def test_reads_started_one_from_another_all_end(tmp_path):
    """The dock's pattern: a list read starts the details read, which starts the next."""
    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    heard = []

    def done(result, error):
        heard.append((result, error))
        if len(heard) < 200:
            tasks.run("read", location, count, done)

    tasks.run("read", location, count, done)
    wait_for_tasks()
    assert heard == [(3, None)] * 200


def test_a_cancelled_task_hands_nothing_back(tmp_path):
    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    heard = []
    owner = object()
    tasks.run("read", location, count, lambda *given: heard.append(given), owner=owner)
    tasks.forget(owner)
    wait_for_tasks()
    assert heard == [] and tasks.running() == 0


def test_a_task_qgis_left_queued_is_started_again(tmp_path):
    """As QGIS issue 53806 leaves one: queued, its runnable gone, the pool idle."""
    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    heard = []
    lost = StoreTask("read", location, count, lambda result, error: heard.append(result))
    tasks._running.add(lost)  # never reaches the thread pool
    assert tasks.start_stuck(lost.queued_at + 1) == 0  # not yet
    assert tasks.start_stuck(lost.queued_at + tasks.STUCK_AFTER_S + 1) == 1
    assert lost not in tasks._running and lost.done is None
    wait_for_tasks()
    assert heard == [3] and tasks.running() == 0


def test_a_task_waiting_for_a_busy_pool_is_left_alone(tmp_path, monkeypatch):
    from qgis.PyQt.QtCore import QThreadPool

    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    waiting = StoreTask("read", location, count)
    monkeypatch.setattr(tasks, "_running", {waiting})
    pool = QThreadPool.globalInstance()
    monkeypatch.setattr(pool, "activeThreadCount", pool.maxThreadCount)
    assert tasks.start_stuck(waiting.queued_at + 60) == 0
    assert tasks._running == {waiting}
