"""One logger for the whole plugin, shown in QGIS's Log Messages panel.

The QGIS-free core logs with `logging.getLogger(__name__)`; the handler installed here
forwards the package's records to `QgsMessageLog` under one tag, so that the core never
needs to know about QGIS.
"""

from __future__ import annotations

import logging

from qgis.core import Qgis, QgsMessageLog

from ..__about__ import LOG_TAG

PACKAGE_LOGGER = "jiangdu_grid_plugin"

_LEVELS = (
    (logging.ERROR, Qgis.MessageLevel.Critical),
    (logging.WARNING, Qgis.MessageLevel.Warning),
    (logging.INFO, Qgis.MessageLevel.Info),
)


class QgisLogHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        level = next((q for py, q in _LEVELS if record.levelno >= py), Qgis.MessageLevel.Info)
        try:
            message = self.format(record)
        except Exception:  # a broken format string must not take QGIS down
            message = record.getMessage()
        QgsMessageLog.logMessage(message, LOG_TAG, level, notifyUser=False)


def install() -> QgisLogHandler:
    handler = QgisLogHandler()
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    logger = logging.getLogger(PACKAGE_LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def uninstall(handler: QgisLogHandler | None) -> None:
    if handler is not None:
        logging.getLogger(PACKAGE_LOGGER).removeHandler(handler)
