"""The place a tool zoomed to, marked on the map: a flash, then a ring that stays until
the next place is marked (or the mark is cleared). The supervisor's dock marks the chosen
incident, the locator the facility found; the plugin gives both the same mark, so the map
shows one marked place at a time.

The ring is a canvas item, drawn over the rendered map and its labels; the polygon labels
of the shipped styles sit at their polygon's own centre (not at the middle of the view,
where the marked place is), so no name covers the point under the ring."""

from __future__ import annotations

from qgis.core import QgsCoordinateTransform, QgsGeometry, QgsPointXY, QgsProject, QgsRectangle
from qgis.gui import QgsVertexMarker
from qgis.PyQt.QtGui import QColor

RING = QColor(192, 57, 43)
# Degrees per metre near Jiangdu, for a canvas in geographic coordinates.
DEGREES_PER_METRE = 1.0 / 100_000.0


class MapMark:
    def __init__(self, canvas):
        self.canvas = canvas
        self.marker: QgsVertexMarker | None = None

    def zoom_to(self, point: QgsPointXY, crs, half_size_m: float) -> QgsPointXY:
        """Centre the map on `point` (in `crs`) showing `half_size_m` metres each side,
        flash it and ring it; returns the point in the canvas's CRS."""
        canvas = self.canvas
        canvas_crs = canvas.mapSettings().destinationCrs()
        point = QgsCoordinateTransform(crs, canvas_crs, QgsProject.instance()).transform(point)
        half = half_size_m * (DEGREES_PER_METRE if canvas_crs.isGeographic() else 1.0)
        canvas.setExtent(
            QgsRectangle(point.x() - half, point.y() - half, point.x() + half, point.y() + half)
        )
        if self.marker is None:
            self.marker = QgsVertexMarker(canvas)
            self.marker.setIconType(QgsVertexMarker.IconType.ICON_CIRCLE)
            self.marker.setIconSize(18)
            self.marker.setPenWidth(3)
            self.marker.setColor(RING)
            self.marker.setFillColor(QColor(255, 255, 255, 0))
        self.marker.setCenter(point)
        self.marker.show()
        canvas.flashGeometries([QgsGeometry.fromPointXY(point)], canvas_crs)
        canvas.refresh()
        return point

    def is_shown(self) -> bool:
        return self.marker is not None and self.marker.isVisible()

    def center(self) -> QgsPointXY | None:
        return self.marker.center() if self.is_shown() else None

    def clear(self) -> None:
        if self.marker is not None:
            self.marker.hide()

    def dispose(self) -> None:
        """Take the ring off the canvas (the plugin unloads)."""
        if self.marker is not None:
            self.canvas.scene().removeItem(self.marker)
            self.marker = None
