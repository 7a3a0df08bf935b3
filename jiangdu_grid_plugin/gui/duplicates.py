"""The dock's part for reports (采集上报): the chosen incident's photos and its
possible-duplicate links in its details, and the tab listing possible duplicates beside
their originals, where the command centre merges a duplicate or clears its mark.

What it shows is read, and what the command centre decides is written, by Supervision
(supervision.py) in QGIS tasks."""

from __future__ import annotations

import html

from qgis.PyQt.QtCore import QCoreApplication, QObject, Qt, QUrl
from qgis.PyQt.QtGui import QImage, QTextDocument
from qgis.PyQt.QtWidgets import QHeaderView, QTableWidgetItem

from ..toolbelt import settings
from .incident_model import local_time

THUMBNAIL = 200  # pixels, the longer side


def thumbnails(photos: list[dict]) -> list[dict]:
    """The photos as small images (made in the reading task: QImage, not QPixmap, may be
    made off the main thread); a photo Qt cannot read is left out. A photo stored without
    its time (added in QGIS's form or by another writer) shows the time its EXIF data
    gives, where present (read only: the store is not written)."""
    from ..core.intake.photos import exif_of

    found = []
    for photo in photos:
        image = QImage.fromData(photo.get("content") or b"")
        if image.isNull():
            continue
        if not photo.get("taken_at"):
            photo = dict(photo, taken_at=exif_of(photo["content"])[0])
        image = image.scaled(
            THUMBNAIL,
            THUMBNAIL,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        found.append(dict({k: v for k, v in photo.items() if k != "content"}, image=image))
    return found


def details_html(details, document: QTextDocument) -> str:
    """The chosen incident's possible-duplicate links and photos, for its details (the
    photos become resources of `document`)."""
    parts = []
    links = details.links or {}
    if links.get("original"):
        parts.append(
            html.escape(
                QCoreApplication.translate("DuplicatesPanel", "Possible duplicate of {ticket}")
            ).format(ticket=f"<b>{html.escape(links['original']['ticket'])}</b>")
        )
    if links.get("duplicates"):
        tickets = ", ".join(html.escape(d["ticket"]) for d in links["duplicates"])
        said = QCoreApplication.translate("DuplicatesPanel", "Possible duplicates of it: {tickets}")
        parts.append(html.escape(said).format(tickets=tickets))
    cells = []
    kinds = {
        "report": QCoreApplication.translate("DuplicatesPanel", "report photo"),
        "before": QCoreApplication.translate("DuplicatesPanel", "before handling"),
        "after": QCoreApplication.translate("DuplicatesPanel", "after handling"),
    }
    for number, photo in enumerate(details.photos):
        url = QUrl(f"photo:{details.incident['fid']}/{number}")
        document.addResource(QTextDocument.ResourceType.ImageResource, url, photo["image"])
        kind = kinds.get(photo["kind"], photo["kind"])
        caption = " ".join(x for x in (kind, local_time(photo["taken_at"])) if x)
        cells.append(
            f"<td><img src='{url.toString()}'><br><small>{html.escape(caption)}</small></td>"
        )
    if cells:
        title = QCoreApplication.translate("DuplicatesPanel", "Photos")
        parts.append(
            f"<b>{html.escape(title)}</b>"
            "<table cellspacing='4'><tr>" + "".join(cells) + "</tr></table>"
        )
    return "".join(f"<p>{part}</p>" for part in parts)


class DuplicatesPanel(QObject):
    """The dock's tab of possible duplicates (its widgets are the dock's ui's)."""

    def __init__(self, ui, supervision, parent=None):
        super().__init__(parent)
        self.ui, self.supervision = ui, supervision
        self.pairs: list[dict] = []
        table = ui.duplicateTable
        headers = (
            self.tr("Possible duplicate"),
            self.tr("Original"),
            self.tr("Item"),
            self.tr("Apart"),
            self.tr("Reported"),
        )
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = table.fontMetrics()
        for column, sample in enumerate(("JD2019112500001", "JD2019112500001", "井盖缺失井盖")):
            table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 16)
        table.itemSelectionChanged.connect(self._show_buttons)
        table.itemDoubleClicked.connect(self._open)
        ui.mergeButton.clicked.connect(lambda: self.decide(merge=True))
        ui.clearButton.clicked.connect(lambda: self.decide(merge=False))
        supervision.listed.connect(self._listed)
        self._show_buttons()

    def _listed(self, listing) -> None:
        self.show(listing.duplicates or [])

    def show(self, pairs: list[dict]) -> None:
        """List the pairs, each duplicate beside its original, newest first."""
        self.pairs = list(pairs)
        table = self.ui.duplicateTable
        table.setRowCount(len(self.pairs))
        for row, pair in enumerate(self.pairs):
            metres = "—" if pair["metres"] is None else f"{pair['metres']:.0f} m"
            hours = "" if pair["hours"] is None else f" · {pair['hours']:.1f} h"
            values = (
                pair["duplicate"]["ticket"],
                pair["original"]["ticket"],
                pair["item"] or "",
                metres + hours,
                local_time(pair["duplicate"]["reported_at"]),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(pair["duplicate"]["description"] or "")
                table.setItem(row, column, item)
        tabs = self.ui.lowerTabs
        tabs.setTabText(
            tabs.indexOf(self.ui.duplicatesTab),
            self.tr("Duplicates {count}").format(count=len(self.pairs)),
        )
        self._show_buttons()

    def chosen(self) -> dict | None:
        rows = self.ui.duplicateTable.selectionModel().selectedRows()
        return self.pairs[rows[0].row()] if rows and rows[0].row() < len(self.pairs) else None

    def _show_buttons(self) -> None:
        may = settings.role() == "command_centre"
        chosen = self.chosen() is not None
        for button in (self.ui.mergeButton, self.ui.clearButton):
            button.setVisible(may)
            button.setEnabled(chosen)
        self.ui.duplicateHint.setText(
            "" if may else self.tr("The command centre merges a duplicate or clears its mark.")
        )

    def decide(self, merge: bool) -> None:
        pair = self.chosen()
        if pair is not None and settings.role() == "command_centre":
            self.supervision.decide_duplicate(pair, merge)

    def _open(self, item) -> None:
        """Show the duplicate's details when the list holds it."""
        pair = self.pairs[item.row()]
        dock = self.parent()
        if dock is not None and dock.select_ticket(pair["duplicate"]["ticket"]):
            self.ui.lowerTabs.setCurrentWidget(self.ui.details)
