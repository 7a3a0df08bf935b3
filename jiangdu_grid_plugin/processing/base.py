"""The small base class every algorithm of the provider shares, with the store parameter
and its opening written once.

A store parameter takes a GeoPackage file or `postgres:<QGIS connection>/<schema>`, and
starts with the store the user works on (the one chosen last, else the current
project's). One migration policy for every algorithm: a store of an older schema version
is migrated (in one transaction, logged in the store and in the algorithm's log) only by
an algorithm that writes to it; one that only reads refuses and names
*Upgrade a grid store* (`jiangdu_grid:upgrade_store`), which does nothing else.
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterFile,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..__about__ import PLUGIN_DIR, __homepage__
from ..core.requirements import missing_requirements
from ..toolbelt import i18n, requirements


def with_decimals(parameter, decimals: int):
    """A number parameter shown with `decimals` places (Processing's widget shows six
    by default: 1.000000)."""
    metadata = parameter.metadata()
    metadata.setdefault("widget_wrapper", {})["decimals"] = decimals
    parameter.setMetadata(metadata)
    return parameter


class JiangduAlgorithm(QgsProcessingAlgorithm):
    """Translation in the class's own context, a fresh instance per run, the provider's
    icon, the store parameter, and a clear refusal when the Python packages the core
    needs are missing. Every error a user can cause reaches them as a sentence (a
    QgsProcessingException), in the toolbox and from qgis_process alike: each
    algorithm's processAlgorithm is wrapped (_said_to_the_user)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "processAlgorithm" in cls.__dict__:
            cls.processAlgorithm = _said_to_the_user(cls.__dict__["processAlgorithm"])

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
        return i18n.language()

    def prepareAlgorithm(self, parameters, context, feedback) -> bool:
        problems = missing_requirements()
        if problems:
            raise QgsProcessingException(requirements.describe(problems))
        return super().prepareAlgorithm(parameters, context, feedback)

    def progress(self, feedback, note=None):
        """The core's Progress for Processing's feedback: the fraction done as the
        progress bar, the Cancel button as cancelled, `note(text)` to the log."""
        from ..core.progress import SILENT, Progress

        if feedback is None:
            return SILENT
        return Progress(
            lambda fraction: feedback.setProgress(100 * fraction),
            feedback.isCanceled,
            note or (lambda _: None),
        )

    def fail(self, error) -> QgsProcessingException:
        """Processing's exception for a core error, in the user's language."""
        text = error.text(self.language()) if hasattr(error, "text") else str(error)
        return QgsProcessingException(text)

    def fileChosen(self, parameters, name: str) -> bool:
        """Whether the user chose a file for the destination `name` (not a temporary
        one, which QGIS deletes when it closes)."""
        value = parameters.get(name)
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            value = value.sink.staticValue()
        return bool(value) and str(value) != QgsProcessing.TEMPORARY_OUTPUT

    # The grid store

    def addStoreParameter(self, name: str = "GEOPACKAGE", optional: bool = False) -> None:
        from ..toolbelt import stores

        parameter = QgsProcessingParameterFile(
            name,
            QCoreApplication.translate(
                "JiangduAlgorithm", "Grid store (GeoPackage, or postgres:<connection>/<schema>)"
            ),
            # Not extension="gpkg", which Processing enforces on every value.
            fileFilter=QCoreApplication.translate(
                "JiangduAlgorithm", "GeoPackage (*.gpkg);;All files (*)"
            ),
            defaultValue=None if optional else stores.current_store(),
            optional=optional,
        )
        self.addParameter(parameter)

    def storeLocation(self, parameters, context, name: str = "GEOPACKAGE"):
        """The StoreLocation the parameter names (None for an optional one left empty)."""
        from ..core.store import StoreError
        from ..toolbelt import stores

        text = self.parameterAsFile(parameters, name, context)
        if not text:
            return None
        try:
            return stores.location(text)
        except StoreError as error:
            raise self.fail(error) from error

    def openStore(
        self, parameters, context, feedback=None, writes: bool = False, name="GEOPACKAGE"
    ):
        """The store the parameter names, open; migrated first when the algorithm
        `writes` to it (and the log says so), refused with the reason otherwise."""
        from ..core.store import StoreError

        location = self.storeLocation(parameters, context, name)
        if location is None:
            return None
        self.store_label = location.label
        try:
            store = location.open(migrate=writes)
        except StoreError as error:
            raise self.fail(error) from error
        if store.migrated_from is not None and feedback is not None:
            feedback.pushInfo(
                QCoreApplication.translate(
                    "JiangduAlgorithm", "{store} was upgraded from schema version {old} to {new}."
                ).format(store=location.label, old=store.migrated_from, new=store.schema_version)
            )
        return store


def _said_to_the_user(process):
    """processAlgorithm with the errors a user can cause (a store locked, read-only or
    damaged, a folder that cannot be written, bad input, a cancel) raised as
    QgsProcessingException with a sentence naming the file and what to do, in the
    user's language; anything else is left to show as the fault it is."""
    import functools

    @functools.wraps(process)
    def run(self, parameters, context, feedback):
        import sqlite3

        from ..core.store.errors import database_file_error
        from ..core.text import UserError

        try:
            return process(self, parameters, context, feedback)
        except QgsProcessingException:
            raise
        except UserError as error:
            raise self.fail(error) from error
        except sqlite3.Error as error:
            label = getattr(self, "store_label", None) or QCoreApplication.translate(
                "JiangduAlgorithm", "the grid store"
            )
            raise self.fail(database_file_error(error, label)) from error
        except OSError as error:
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "JiangduAlgorithm", "Cannot read or write {path}: {reason}."
                ).format(path=error.filename or "", reason=error.strerror or error)
            ) from error
        except Exception as error:
            if type(error).__module__.startswith("psycopg"):
                raise QgsProcessingException(
                    QCoreApplication.translate(
                        "JiangduAlgorithm", "The PostGIS store says: {reason}"
                    ).format(reason=str(error).strip())
                ) from error
            raise

    return run


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
