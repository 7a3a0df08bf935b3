"""Work on a grid store off QGIS's main thread.

QGIS's main thread draws the map and answers the user; a store read can take a second
(a PostGIS server far away, a ten-year store). `StoreTask` runs a function on its own
connection to the store in one of QGIS's worker threads, and hands the result (or the
error) back to a function on the main thread, as QGIS's own tasks do. Widgets never query
the store themselves.

The result is handed back from the event loop, not from inside `QgsTask.finished`: a
function given a result often starts the next read, and a task added while QGIS's task
manager is still finishing the previous one can be left queued for ever (QGIS issue
53806: the manager then takes a stale pointer to the finished task's runnable out of the
thread pool, and the allocator may have given that address to the new task's). Once the
event loop runs again, the finished task is gone from the manager. A user's click can
still fall in that window, so a task left queued while the thread pool has a thread free
is started again, as a new task, after a few seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from qgis.core import QgsApplication, QgsTask
from qgis.PyQt.QtCore import QThreadPool, QTimer

_running: set[StoreTask] = set()  # Python must keep a task alive until it has finished
STUCK_AFTER_S = 5.0  # queued this long while the pool has a thread free: never to start
_watch: QTimer | None = None


class StoreTask(QgsTask):
    """`work(store, task)` in a worker thread on the store at `location` (opened without
    migrating); then `done(result, error)` on the main thread (error: CanceledError when
    the task was cancelled before it ran), unless `forget` dropped it. `work` may call
    `task.isCanceled()` and `task.setProgress()`."""

    def __init__(
        self,
        description: str,
        location,
        work: Callable,
        done: Callable | None = None,
        can_cancel: bool = True,
        owner=None,
    ):
        flags = QgsTask.Flag.CanCancel if can_cancel else QgsTask.Flags()
        super().__init__(description, flags)
        self.location, self.work, self.done, self.owner = location, work, done, owner
        self.can_cancel = can_cancel
        self.queued_at = time.monotonic()
        self.result = None
        self.error: BaseException | None = None
        self.ended = False  # QGIS has finished it (and may have deleted it)

    def run(self) -> bool:
        import sqlite3

        from ..core.store.errors import database_file_error

        try:
            with self.location.open(migrate=False) as store:
                self.result = self.work(store, self)
        except sqlite3.Error as error:  # locked, read-only, damaged: a sentence, not SQLite's
            self.error = database_file_error(error, self.location.label)
        except Exception as error:  # handed to `done` on the main thread
            self.error = error
        return self.error is None

    def finished(self, succeeded: bool) -> None:
        self.ended = True
        if not succeeded and self.error is None:  # cancelled in QGIS's task bar before it ran
            from ..core.progress import CanceledError

            self.error = CanceledError()
        # A function, not a bound method: QGIS may delete the task before the timer fires.
        QTimer.singleShot(0, lambda: _hand_back(self))


def _hand_back(task: StoreTask) -> None:
    """On the main thread, once QGIS's task manager has let go of `task`."""
    _running.discard(task)
    if task.done is not None:
        task.done(task.result, task.error)
    if not _running and _watch is not None:
        _watch.stop()


def run(
    description: str, location, work: Callable, done: Callable | None = None, owner=None
) -> StoreTask:
    """Start a StoreTask in QGIS's task manager; returns it (to cancel it). `owner` (a
    widget, a model) names whose tasks `forget` drops."""
    return _start(StoreTask(description, location, work, done, owner=owner))


def _start(task: StoreTask) -> StoreTask:
    global _watch
    _running.add(task)
    QgsApplication.taskManager().addTask(task)
    if _watch is None:
        _watch = QTimer()
        _watch.setInterval(1000)
        _watch.timeout.connect(start_stuck)
    if not _watch.isActive():
        _watch.start()
    return task


def start_stuck(now: float | None = None) -> int:
    """Start again, as new tasks, the plugin's tasks QGIS has left queued for
    STUCK_AFTER_S seconds while the thread pool had a thread free; how many. Each is
    cancelled first: QGIS ends a queued task at once, without running it, so a write is
    never made twice; one a worker began meanwhile runs on, and its result comes back."""
    now = time.monotonic() if now is None else now
    pool = QThreadPool.globalInstance()
    if pool.activeThreadCount() >= pool.maxThreadCount():
        return 0  # QGIS is busy (drawing the map): queued is normal
    again = 0
    for task in list(_running):
        queued = not task.ended and task.status() == QgsTask.TaskStatus.Queued
        if not queued or now - task.queued_at < STUCK_AFTER_S:
            continue
        done, task.done = task.done, None
        task.cancel()  # calls finished() at once on a task still queued
        if not task.ended:  # begun in the meantime
            task.done = done
            continue
        _start(StoreTask(task.description(), task.location, task.work, done, task.can_cancel,
                         task.owner))  # fmt: skip
        again += 1
    return again


def forget(owner) -> None:
    """Cancel the unfinished tasks of `owner` and drop what they would hand back: the
    owner is going away (the dock closes, the plugin unloads). A read under way ends on
    its own connection; a write under way still commits or rolls back whole."""
    for task in list(_running):
        if task.owner is owner:
            task.done = None
            if not task.ended:
                task.cancel()


def running() -> int:
    """How many of the plugin's store tasks have not finished (tests wait for none)."""
    return len(_running)


def stop_watching() -> None:
    """The plugin unloads: no timer of ours stays behind."""
    global _watch
    if _watch is not None:
        _watch.stop()
        _watch.deleteLater()
        _watch = None
