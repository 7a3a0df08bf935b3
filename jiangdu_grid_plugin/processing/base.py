"""The small base class every algorithm of the provider shares."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..__about__ import PLUGIN_DIR, __homepage__
from ..core.requirements import missing_requirements
from ..toolbelt import requirements


class JiangduAlgorithm(QgsProcessingAlgorithm):
    """Translation in the class's own context, a fresh instance per run, the provider's
    icon, and a clear refusal when the Python packages the core needs are missing."""

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self):
        return type(self)()

    def icon(self) -> QIcon:
        return QIcon(str(PLUGIN_DIR / "resources" / "icon.svg"))

    def helpUrl(self) -> str:
        return __homepage__

    def language(self) -> str:
        """The language of reasons and messages the core writes: QGIS's."""
        from ..toolbelt.i18n import current_locale

        return "zh" if current_locale().lower().startswith("zh") else "en"

    def prepareAlgorithm(self, parameters, context, feedback) -> bool:
        problems = missing_requirements()
        if problems:
            raise QgsProcessingException(requirements.describe(problems))
        return super().prepareAlgorithm(parameters, context, feedback)


class SupervisionAlgorithm(JiangduAlgorithm):
    """The algorithms of the toolbox's Supervision group."""

    def group(self) -> str:
        return QCoreApplication.translate("SupervisionAlgorithm", "Supervision")

    def groupId(self) -> str:
        return "supervision"


class StoreAlgorithm(JiangduAlgorithm):
    """The algorithms of the toolbox's Store group."""

    def group(self) -> str:
        return QCoreApplication.translate("StoreAlgorithm", "Store")

    def groupId(self) -> str:
        return "store"


class IncidentsAlgorithm(JiangduAlgorithm):
    """The algorithms of the toolbox's Incidents group."""

    def group(self) -> str:
        return QCoreApplication.translate("IncidentsAlgorithm", "Incidents")

    def groupId(self) -> str:
        return "incidents"
