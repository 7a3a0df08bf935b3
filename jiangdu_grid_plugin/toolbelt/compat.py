"""What differs between QGIS 3.22 and QGIS 3.38 / 4.x, in one place, gated by
`Qgis.QGIS_VERSION_INT`. Everything else in the plugin uses one spelling that both
accept: scoped Qt enums (`Qt.AlignmentFlag.AlignLeft`) and the long form of QGIS enums
(`Qgis.MessageLevel.Warning`), which QGIS 4 keeps for the enums that moved into `Qgis`.

`tools/qt6_check.py` lets this module alone name `QVariant` field types.
"""

from __future__ import annotations

from qgis.core import Qgis, QgsField
from qgis.PyQt.QtCore import QT_VERSION

QGIS_VERSION_INT = Qgis.QGIS_VERSION_INT
# QGIS 4 and the Qt 6 builds of late 3.x.
QT6 = QT_VERSION >= 0x060000
# From 3.38 QgsField takes a QMetaType.Type (and QVariant types are deprecated; QGIS 4's
# PyQt6 only keeps them as aliases); 3.22 refuses a QMetaType.Type with a TypeError.
FIELD_TYPES_ARE_METATYPES = QGIS_VERSION_INT >= 33800
# QgsLayoutItemLabel.setTextFormat arrived in 3.24 (setFont is deprecated from then on).
LABELS_HAVE_TEXT_FORMAT = QGIS_VERSION_INT >= 32400

if FIELD_TYPES_ARE_METATYPES:
    from qgis.PyQt.QtCore import QMetaType

    FIELD_TYPES = {
        "string": QMetaType.Type.QString,
        "int": QMetaType.Type.Int,
        "int64": QMetaType.Type.LongLong,
        "double": QMetaType.Type.Double,
        "bool": QMetaType.Type.Bool,
        "date": QMetaType.Type.QDate,
        "datetime": QMetaType.Type.QDateTime,
    }
else:
    from qgis.PyQt.QtCore import QVariant

    FIELD_TYPES = {
        "string": QVariant.String,
        "int": QVariant.Int,
        "int64": QVariant.LongLong,
        "double": QVariant.Double,
        "bool": QVariant.Bool,
        "date": QVariant.Date,
        "datetime": QVariant.DateTime,
    }


def field(name: str, kind: str) -> QgsField:
    """A QgsField of one of FIELD_TYPES' kinds ("string", "int", "datetime"...)."""
    return QgsField(name, FIELD_TYPES[kind])


def set_label_text_format(label, text_format) -> None:
    """Give a layout label the font, size and colour of a QgsTextFormat."""
    if LABELS_HAVE_TEXT_FORMAT:
        label.setTextFormat(text_format)
    else:
        font = text_format.font()
        font.setPointSizeF(text_format.size())
        label.setFont(font)
        label.setFontColor(text_format.color())


def font_families() -> list[str]:
    """The font families installed (not the names fontconfig would substitute)."""
    from qgis.PyQt.QtGui import QFontDatabase

    # Qt 6 made QFontDatabase's functions static and its constructor private.
    return QFontDatabase.families() if QT6 else QFontDatabase().families()
