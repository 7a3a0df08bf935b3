"""The routing map tool: click anywhere, and the grid lights up while the routing panel
says who and which unit answer for the place."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsGeometry,
    QgsProject,
    QgsWkbTypes,
)
from qgis.gui import QgsMapToolEmitPoint, QgsRubberBand
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal
from qgis.PyQt.QtGui import QColor

STORE_CRS = QgsCoordinateReferenceSystem("EPSG:4549")


class RouteMapTool(QgsMapToolEmitPoint):
    routed = pyqtSignal(object)  # the Route

    def __init__(self, canvas, panel, language: str = "en"):
        super().__init__(canvas)
        self.panel = panel
        self.language = language
        self.router = None  # read from the panel's store in the background (set_router)
        self.highlight = QgsRubberBand(canvas, QgsWkbTypes.GeometryType.PolygonGeometry)
        self.highlight.setColor(QColor(232, 163, 61, 90))
        self.highlight.setStrokeColor(QColor(192, 57, 43))
        self.highlight.setWidth(3)
        self.canvasClicked.connect(self.route_at)

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("RouteMapTool", text)

    def set_router(self, router) -> None:
        """The router of the panel's store (None while it is being read)."""
        self.router = router

    def route_at(self, point, button=None):
        """Route the canvas point with the router in memory (no store read on QGIS's
        main thread); returns the Route (None when it could not be done)."""
        if not self.panel.store_path():
            self.panel.show_error(self.tr("Choose a grid store in the panel first."))
            return None
        router = self.router
        if router is None:
            self.panel.show_error(self.tr("The grid store is still being read: click again."))
            return None
        canvas_crs = self.canvas().mapSettings().destinationCrs()
        to_store = QgsCoordinateTransform(canvas_crs, STORE_CRS, QgsProject.instance())
        try:
            projected = to_store.transform(point)
        except QgsCsException:
            self.panel.show_error(self.tr("This place cannot be expressed in EPSG:4549."))
            return None
        route = router.route([projected.x()], [projected.y()], [self.panel.catalog_code()])[0]
        self.highlight.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        if route.grid_code:
            index = int((router.codes == route.grid_code).nonzero()[0][0])
            geometry = QgsGeometry.fromWkt(router.polygons[index].wkt)
            geometry.transform(QgsCoordinateTransform(STORE_CRS, canvas_crs, QgsProject.instance()))
            self.highlight.setToGeometry(geometry, None)
        self.panel.show_route(route)
        self.routed.emit(route)
        return route

    def clear(self) -> None:
        self.highlight.reset(QgsWkbTypes.GeometryType.PolygonGeometry)

    def dispose(self) -> None:
        """Take the highlight off the canvas for good (the plugin is unloading)."""
        self.clear()
        self.canvas().scene().removeItem(self.highlight)
        self.highlight = None
