"""Settings ▸ Options ▸ Jiangdu Grid: the user's role in the six-step loop and the name
their moves are signed with; the encoding CSV outputs get by default; the user's Tianditu
key for the basemap."""

from __future__ import annotations

from qgis.gui import QgsOptionsPageWidget, QgsOptionsWidgetFactory
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ..__about__ import PLUGIN_DIR
from ..toolbelt import settings


class JiangduOptionsPage(QgsOptionsPageWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("JiangduGridOptionsPage")
        self.roleBox = QComboBox(self)
        for role, label in (
            ("supervisor", self.tr("Supervisor (read only)")),
            ("command_centre", self.tr("Command centre")),
            ("grid_officer", self.tr("Grid officer")),
        ):
            self.roleBox.addItem(label, role)
        self.roleBox.setCurrentIndex(self.roleBox.findData(settings.role()))
        self.nameEdit = QLineEdit(settings.actor_name(), self)
        self.nameEdit.setPlaceholderText(self.tr("Your name, as the history shows it"))
        officer = settings.officer_id()
        self.officerEdit = QLineEdit("" if officer is None else str(officer), self)
        self.officerEdit.setPlaceholderText(self.tr("Officer number in the store (optional)"))
        form = QFormLayout()
        form.addRow(self.tr("Role in the six-step loop"), self.roleBox)
        form.addRow(self.tr("Name"), self.nameEdit)
        form.addRow(self.tr("Officer number"), self.officerEdit)
        self.csvBox = QComboBox(self)
        self.csvBox.addItem(self.tr("UTF-8 with byte-order mark (Excel, WPS)"), "utf-8-sig")
        self.csvBox.addItem(self.tr("GB18030 (older Excel on Chinese Windows)"), "gb18030")
        self.csvBox.setCurrentIndex(self.csvBox.findData(settings.csv_encoding()))
        form.addRow(self.tr("CSV files written"), self.csvBox)
        self.tiandituEdit = QLineEdit(settings.tianditu_key(), self)
        self.tiandituEdit.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.tiandituEdit.setPlaceholderText(self.tr("Your key from console.tianditu.gov.cn"))
        form.addRow(self.tr("Tianditu key"), self.tiandituEdit)
        self.tiandituNote = QLabel(self)
        self.tiandituNote.setWordWrap(True)
        self._describe_key()
        self.tiandituEdit.textChanged.connect(self._describe_key)
        note = QLabel(
            self.tr(
                "A supervisor reads figures and histories and changes nothing. The command "
                "centre registers, dispatches, checks, closes and escalates; a grid officer "
                "handles. Moves are signed with your name."
            ),
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.tiandituNote)
        layout.addStretch(1)

    def _describe_key(self, *_) -> None:
        from ..maps.tianditu import missing_key_message

        if self.tiandituEdit.text().strip():
            self.tiandituNote.setText(
                self.tr(
                    "The Tianditu basemap (switched off) is added to the grid store's project "
                    "when it is built or opened. The key stays in your QGIS settings: "
                    "projects are saved without it."
                )
            )
        else:
            self.tiandituNote.setText(missing_key_message())

    def apply(self) -> None:
        officer = self.officerEdit.text().strip()
        settings.save(
            self.roleBox.currentData(),
            self.nameEdit.text(),
            int(officer) if officer.isdigit() else None,
        )
        settings.save_csv_encoding(self.csvBox.currentData())
        settings.save_tianditu_key(self.tiandituEdit.text())


class JiangduOptionsFactory(QgsOptionsWidgetFactory):
    def __init__(self):
        from qgis.PyQt.QtGui import QIcon

        super().__init__(
            QCoreApplication.translate("JiangduOptionsPage", "Jiangdu Grid"),
            QIcon(str(PLUGIN_DIR / "resources" / "icon.svg")),
        )

    def createWidget(self, parent=None) -> JiangduOptionsPage:
        return JiangduOptionsPage(parent)
