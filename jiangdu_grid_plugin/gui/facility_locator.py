"""Facility search in QGIS's locator bar (Ctrl+K): type part of a code or a name, pick a
facility, and the map zooms to it, flashes it and rings it until the next place is
marked. Prefix: "jdf"."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsLocatorFilter,
    QgsLocatorResult,
    QgsPointXY,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..toolbelt import stores
from .map_mark import MapMark

STORE_CRS = QgsCoordinateReferenceSystem("EPSG:4549")
SHOWN_M = 150.0  # metres shown each side of a facility: its street and neighbours


def state_label(state: str) -> str:
    labels = {
        "intact": QCoreApplication.translate("FacilityLocatorFilter", "intact"),
        "damaged": QCoreApplication.translate("FacilityLocatorFilter", "damaged"),
        "lost": QCoreApplication.translate("FacilityLocatorFilter", "lost"),
        "occupied": QCoreApplication.translate("FacilityLocatorFilter", "occupied"),
    }
    return labels.get(state, state)


class FacilityLocatorFilter(QgsLocatorFilter):
    def __init__(self, iface, location=None, mark: MapMark | None = None):
        super().__init__()
        self.iface = iface
        self.location = location  # the StoreLocation searched
        # Shared with the clones QGIS searches with, one of which triggers the result.
        self.mark = mark if mark is not None else MapMark(iface.mapCanvas())

    def clone(self):
        return FacilityLocatorFilter(self.iface, self.location, self.mark)

    def name(self) -> str:
        return "jiangdu_facilities"

    def displayName(self) -> str:
        return QCoreApplication.translate("FacilityLocatorFilter", "Jiangdu facilities")

    def prefix(self) -> str:
        return "jdf"  # QGIS ignores plugin prefixes shorter than three characters

    def prepare(self, string, context):
        # On the main thread: settle which store to search (and resolve a PostGIS
        # connection's authentication) before the worker thread runs.
        from ..core.store import StoreError

        text = stores.current_store()
        try:
            self.location = stores.location(text) if text else None
        except StoreError:
            self.location = None
        return []

    def fetchResults(self, string, context, feedback):
        """Runs in a worker thread: its own connection to the store."""
        from ..core.store import StoreError

        if self.location is None or len(string.strip()) < 2:
            return
        try:
            with self.location.open() as store:
                found = store.search_facilities(string, limit=30)
        except StoreError:
            return
        for facility in found:
            if feedback.isCanceled():
                return
            result = QgsLocatorResult()
            result.filter = self
            state = facility["state"]
            result.displayString = f"{facility['code']} {facility['name']}"
            parts = [state_label(state), facility["grid_code"] or ""]
            if not facility["in_use"]:
                parts.append(QCoreApplication.translate("FacilityLocatorFilter", "retired"))
            result.description = " · ".join(parts)
            # A plain string: a Python object in userData can crash QGIS 3.22 when the
            # result crosses from the worker thread.
            result.userData = f"{facility['x']!r},{facility['y']!r}"
            self.resultFetched.emit(result)

    def triggerResult(self, result):
        x, y = (float(value) for value in str(result.userData).split(","))
        self.mark.zoom_to(QgsPointXY(x, y), STORE_CRS, SHOWN_M)
