"""Running our algorithms as Processing does, with the messages they report."""

from __future__ import annotations

from qgis.core import QgsProcessingContext, QgsProcessingFeedback


class Feedback(QgsProcessingFeedback):
    """Keeps what an algorithm reports: information, warnings and errors (marked)."""

    def __init__(self):
        super().__init__()
        self.messages = []

    def pushInfo(self, info):
        self.messages.append(info)

    def pushWarning(self, warning):
        self.messages.append(warning)

    def reportError(self, error, fatalError=False):  # noqa: N803 (QGIS's signature)
        self.messages.append(f"ERROR {error}")


def run_algorithm(name: str, parameters: dict) -> tuple[dict, list[str]]:
    """processing.run of jiangdu_grid:`name`: the results and the messages."""
    import processing

    feedback = Feedback()
    result = processing.run(
        f"jiangdu_grid:{name}", parameters, context=QgsProcessingContext(), feedback=feedback
    )
    return result, feedback.messages


CONNECTION = "jiangdu tests"  # the QGIS connection of conftest.py's `connection`


def in_postgis(store, schema: str) -> tuple[str, str]:
    """Copy the store into `schema`: (the GeoPackage's path, the PostGIS store's name)."""
    run_algorithm(
        "copy_store",
        {"INPUT": str(store), "CONNECTION": CONNECTION, "SCHEMA": schema},
    )
    return str(store), f"postgres:{CONNECTION}/{schema}"


_given_up: list = []  # tasks a wait timed out on


def wait_for_tasks(timeout_s: float = 120.0) -> None:
    """Let the plugin's store tasks (toolbelt/tasks.py) finish and hand their results to
    the main thread, as QGIS's event loop does."""
    import time

    from qgis.core import QgsApplication

    from jiangdu_grid_plugin.toolbelt import tasks

    deadline = time.monotonic() + timeout_s
    while tasks.running():
        QgsApplication.processEvents()
        if time.monotonic() > deadline:
            from qgis.PyQt.QtCore import QThreadPool

            manager = QgsApplication.taskManager()
            states = [(t.description(), int(t.status())) for t in manager.tasks()]
            pool = QThreadPool.globalInstance()
            import faulthandler
            import sys

            faulthandler.dump_traceback(sys.stderr, all_threads=True)  # who holds the pool
            count = tasks.running()
            _given_up.extend(tasks._running)  # kept alive, heard no more: the next tests
            for task in _given_up:  # do not wait for them too
                task.done = None
            tasks._running.clear()
            raise TimeoutError(
                f"{count} store tasks still running; QGIS's tasks: {states}; "
                f"threads busy {pool.activeThreadCount()} of {pool.maxThreadCount()}"
            )
        time.sleep(0.005)
    QgsApplication.processEvents()
