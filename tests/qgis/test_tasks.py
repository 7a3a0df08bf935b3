"""Store tasks: a result comes back on the main thread once QGIS has let go of the task."""

from __future__ import annotations

from qgis.core import QgsApplication, QgsTask

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
    """The dock's pattern: a list read starts the details read, which starts the next.
    (glibc rarely gives a freed runnable's address to the next one, so this checks that
    chained reads all come back, not the QGIS issue itself: the test above does.)"""
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


def held_back(task: StoreTask) -> QgsTask:
    """`task` in QGIS's task manager, queued and never to start (as QGIS issue 53806
    leaves one): it waits for a task on hold. Returns that task (cancel it after)."""
    from qgis.core import QgsTaskManager

    blocker = StoreTask("blocker", task.location, count)
    blocker.hold()
    manager = QgsApplication.taskManager()
    manager.addTask(blocker)
    tasks._running.add(task)
    manager.addTask(QgsTaskManager.TaskDefinition(task, [blocker]))
    return blocker


def test_a_task_qgis_left_queued_is_started_again(tmp_path):
    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    heard = []
    lost = StoreTask("read", location, count, lambda result, error: heard.append((result, error)))
    blocker = held_back(lost)
    QgsApplication.processEvents()
    assert lost.status() == QgsTask.TaskStatus.Queued
    assert tasks.start_stuck(lost.queued_at + 1) == 0  # not yet
    assert tasks.start_stuck(lost.queued_at + tasks.STUCK_AFTER_S + 1) == 1
    assert lost.ended and lost.done is None  # cancelled without running: hands back nothing
    blocker.cancel()
    wait_for_tasks()
    assert heard == [(3, None)] and tasks.running() == 0


def test_a_task_a_worker_began_meanwhile_runs_on(tmp_path):
    """Read queued, then begun between the look and the cancel: not started twice."""
    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    heard = []
    begun = StoreTask("read", location, count, lambda result, error: heard.append(result))
    tasks._running.add(begun)  # queued as far as the look goes; cancel() does not end it
    assert tasks.start_stuck(begun.queued_at + tasks.STUCK_AFTER_S + 1) == 0
    assert tasks._running == {begun} and begun.done is not None
    assert begun.run() is True
    begun.finished(True)
    wait_for_tasks()
    assert heard == [3]


def test_a_read_cancelled_in_the_task_bar_before_it_ran_says_so(tmp_path):
    from jiangdu_grid_plugin.core.progress import CanceledError

    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    heard = []
    waiting = StoreTask("read", location, count, lambda *given: heard.append(given))
    blocker = held_back(waiting)
    waiting.cancel()  # the user's cross in QGIS's task bar
    blocker.cancel()
    wait_for_tasks()
    ((result, error),) = heard
    assert result is None and isinstance(error, CanceledError)
    assert error.text("zh") == "已取消：未写入任何内容"


def test_a_task_waiting_for_a_busy_pool_is_left_alone(tmp_path, monkeypatch):
    from qgis.PyQt.QtCore import QThreadPool

    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    waiting = StoreTask("read", location, count)
    monkeypatch.setattr(tasks, "_running", {waiting})
    pool = QThreadPool.globalInstance()
    monkeypatch.setattr(pool, "activeThreadCount", pool.maxThreadCount)
    assert tasks.start_stuck(waiting.queued_at + 60) == 0
    assert tasks._running == {waiting}


def test_a_wait_that_times_out_lets_go_of_the_tasks(tmp_path):
    """One stuck task fails one test, not every test after it."""
    import pytest

    location = stores.location(str(three_incidents(tmp_path / "district.gpkg")))
    heard = []
    stuck = StoreTask("read", location, count, lambda *given: heard.append(given))
    tasks._running.add(stuck)  # never given to QGIS: it never ends
    with pytest.raises(TimeoutError, match=r"^1 store tasks still running"):
        wait_for_tasks(0.05)
    assert tasks.running() == 0 and stuck.done is None
