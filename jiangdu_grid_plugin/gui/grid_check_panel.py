"""The Grid Check panel (网格检查): the problems a grid save or a check found, each one
click away from its place on the map (the overlap, the gap, the invalid spot)."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsRubberBand
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

STORE_CRS = QgsCoordinateReferenceSystem("EPSG:4549")


class GridCheckPanel(QgsDockWidget):
    def __init__(self, iface, parent=None, language: str = "en"):
        super().__init__(parent)
        self.iface, self.language = iface, language
        self.setObjectName("JiangduGridCheckPanel")
        self.setWindowTitle(self.tr("Grid Check"))
        self.problems: list = []
        content = QWidget(self)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(4, 4, 4, 4)
        self.reasonEdit = QLineEdit(content)
        self.reasonEdit.setPlaceholderText(self.tr("Reason for the change (kept in the history)"))
        layout.addWidget(self.reasonEdit)
        self.summary = QLabel(content)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget(content)
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self.zoom_to)
        layout.addWidget(self.list, 1)
        self.setWidget(content)
        self.highlight = QgsRubberBand(iface.mapCanvas(), QgsWkbTypes.GeometryType.PolygonGeometry)
        self.highlight.setColor(QColor(192, 57, 43, 110))
        self.highlight.setStrokeColor(QColor(192, 57, 43))
        self.highlight.setWidth(3)

    def reason(self) -> str:
        return self.reasonEdit.text().strip()

    def show_problems(self, layer, problems) -> None:
        self.problems = list(problems)
        self.list.clear()
        self.highlight.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        if not problems:
            self.summary.setText(self.tr("No problems: the grids were saved."))
            return
        self.summary.setText(
            self.tr("{layer}: not saved, {count} problems. Your edits are kept.").format(
                layer=layer.name(), count=len(problems)
            )
        )
        for problem in problems:
            item = QListWidgetItem(problem.text(self.language))
            item.setForeground(QColor(146, 43, 33))
            self.list.addItem(item)
        self.list.setCurrentRow(0)

    def zoom_to(self, row: int) -> None:
        self.highlight.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        if not 0 <= row < len(self.problems) or self.problems[row].geometry is None:
            return
        geometry = QgsGeometry.fromWkt(self.problems[row].geometry.wkt)
        canvas = self.iface.mapCanvas()
        transform = QgsCoordinateTransform(
            STORE_CRS, canvas.mapSettings().destinationCrs(), QgsProject.instance()
        )
        geometry.transform(transform)
        if geometry.type() == QgsWkbTypes.GeometryType.PointGeometry:
            area = geometry.buffer(15.0, 8)
        else:
            area = geometry
        self.highlight.setToGeometry(area, None)
        extent = area.boundingBox()
        extent.grow(max(extent.width(), extent.height(), 60.0) * 1.5)
        canvas.setExtent(extent)
        canvas.refresh()

    def dispose(self) -> None:
        self.highlight.reset(QgsWkbTypes.GeometryType.PolygonGeometry)
        self.iface.mapCanvas().scene().removeItem(self.highlight)
        self.highlight = None
