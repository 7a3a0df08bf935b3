"""The dock's list of incidents as a Qt model: every incident the filters select, read a
page at a time as the view scrolls (Qt's canFetchMore/fetchMore), sorted by the store."""

from __future__ import annotations

from qgis.PyQt.QtCore import QAbstractTableModel, QModelIndex, Qt
from qgis.PyQt.QtGui import QBrush, QColor

from ..core.timestamps import CHINA_TZ, from_datetime_text

OVERDUE = QColor(169, 50, 38)
TOP = QModelIndex()  # the model's root: a table has rows only there
# (the row's key, what incident_list sorts by): the columns, left to right.
COLUMNS = (
    ("ticket", "ticket"),
    ("step", "step"),
    ("town_name", "town_name"),
    ("catalog_name", "catalog_name"),
    ("reported_at", "reported_at"),
    ("deadline_at", "deadline_at"),
    ("overdue", None),
)


def local_time(text: str | None) -> str:
    """DATETIME text as Jiangdu's local time, to the minute."""
    if not text:
        return ""
    return from_datetime_text(text).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


class IncidentTableModel(QAbstractTableModel):
    """Rows are the dicts of the store's incident_list, in the order read."""

    def __init__(self, supervision, parent=None):
        super().__init__(parent)
        self.supervision = supervision
        self.rows: list[dict] = []
        self.workflow = None
        self.headers = (
            self.tr("Ticket"),
            self.tr("Step"),
            self.tr("Town"),
            self.tr("Item"),
            self.tr("Reported"),
            self.tr("Deadline"),
            self.tr("Status"),
        )
        supervision.listed.connect(self.set_listing)
        supervision.pageAdded.connect(self.add_rows)
        supervision.storeOpened.connect(self.set_choices)

    def set_choices(self, choices) -> None:
        self.workflow = choices.workflow if choices is not None else None

    def set_listing(self, listing) -> None:
        self.beginResetModel()
        self.rows = list(listing.rows)
        self.endResetModel()

    def add_rows(self, rows: list[dict]) -> None:
        if not rows:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.rows.extend(rows)
        self.endInsertRows()

    def row_of(self, fid: int) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row["fid"] == fid), None)

    # QAbstractTableModel

    def rowCount(self, parent=TOP) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=TOP) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, COLUMNS[index.column()][0])
        if role == Qt.ItemDataRole.ForegroundRole and row["overdue"]:
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def text(self, row: dict, key: str) -> str:
        if key == "step":
            if self.workflow is None:
                return row["step"]
            return self.workflow.label(row["step"], self.supervision.language)
        if key in ("reported_at", "deadline_at"):
            return local_time(row[key])
        if key == "overdue":
            return self.tr("overdue") if row["overdue"] else ""
        return row[key] or ""

    def canFetchMore(self, parent=TOP) -> bool:
        return not parent.isValid() and self.supervision.loaded < self.supervision.total

    def fetchMore(self, parent=TOP) -> None:
        if not parent.isValid():
            self.supervision.fetch_more()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the store's (every matching incident, not only those read); the
        status column restores the supervisor's order: overdue first, then the newest."""
        key = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        self.supervision.set_order(key, order == Qt.SortOrder.DescendingOrder)
