"""QGIS enums in the long form QGIS 3.22 and QGIS 4 both accept, checked against the QGIS
installed here (tools/qt6_check.py); and field types through toolbelt.compat."""

from __future__ import annotations

import textwrap

from qgis.core import QgsField
from qgis.PyQt.QtCore import QVariant

from jiangdu_grid_plugin.toolbelt import compat
from tools import qt6_check


def test_the_plugin_uses_long_form_qgis_enums_this_qgis_has():
    uses = [use for path in qt6_check.python_files() for use in qt6_check.uses(path)]
    assert len([use for use in uses if use.module in qt6_check.QGIS_MODULES]) > 200
    assert [str(finding) for finding in qt6_check.qgis_findings(uses)] == []


def test_short_forms_and_unknown_names_are_found(tmp_path):
    path = tmp_path / "snippet.py"
    path.write_text(
        textwrap.dedent(
            """\
            from qgis.core import Qgis, QgsProcessing, QgsWkbTypes

            LEVELS = (Qgis.Warning, Qgis.MessageLevel.Critical)
            KINDS = [QgsProcessing.TypeVector, QgsProcessing.SourceType.TypeVectorPoint]
            POLYGON = QgsWkbTypes.PolygonGeometry
            NEWER = Qgis.ProcessingSourceType.Vector
            """
        ),
        encoding="utf-8",
    )
    found = [(f.line, f.message) for f in qt6_check.qgis_findings(qt6_check.uses(path))]
    assert found == [
        (3, "Qgis.Warning: short-form enum, use Qgis.MessageLevel.Warning"),
        (4, "QgsProcessing.TypeVector: short-form enum, use QgsProcessing.SourceType.TypeVector"),
        (
            5,
            "QgsWkbTypes.PolygonGeometry: short-form enum, "
            "use QgsWkbTypes.GeometryType.PolygonGeometry",
        ),
        (6, "Qgis.ProcessingSourceType: not in this QGIS"),
    ]


def test_compat_field_types_make_the_fields_this_qgis_takes():
    kinds = {
        "string": "QString",
        "int": "int",
        "int64": "qlonglong",
        "double": "double",
        "bool": "bool",
        "date": "QDate",
        "datetime": "QDateTime",
    }
    made = {kind: compat.field(f"f_{kind}", kind) for kind in kinds}
    assert all(isinstance(field, QgsField) for field in made.values())
    assert {kind: QVariant.typeToName(field.type()) for kind, field in made.items()} == kinds
    assert compat.FIELD_TYPES_ARE_METATYPES is (compat.QGIS_VERSION_INT >= 33800)
