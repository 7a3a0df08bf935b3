"""The plugin's Python against PyQt6 (QGIS 4) and the PyQt5 → PyQt6 migration rules,
checked statically by tools/qt6_check.py with PyQt6 from PyPI in its own environment; and
the checker itself on planted violations."""

from __future__ import annotations

import textwrap

import pytest

from tools import qt6_check

PLANTED = textwrap.dedent(
    """\
    from qgis.PyQt.QtCore import QDateTime, Qt, QVariant, QRegExp
    from qgis.PyQt.QtGui import QAction
    from qgis.PyQt.QtWidgets import QAbstractItemView, QDialogButtonBox, QHeaderView, QMessageBox
    from qgis.core import QgsField
    from . import resources_rc
    from distutils.version import LooseVersion
    from PyQt5.QtCore import QObject


    def build(dialog, view, label):
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        label.setAlignment(Qt.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        buttons = QDialogButtonBox.Ok | QDialogButtonBox.StandardButton.Cancel
        if QMessageBox.question(dialog, "?", "?") == QMessageBox.Yes:
            dialog.exec_()
        when = QDateTime(2019, 6, 3, 9, 30, 0, 0, Qt.LocalTime)
        return QgsField("n", QVariant.Int), buttons, when
    """
)

CLEAN = textwrap.dedent(
    """\
    from qgis.PyQt import QtCore
    from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime
    from qgis.PyQt.QtWidgets import QAction, QHeaderView, QMessageBox


    def build(dialog, view, label):
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        action = QAction("x", dialog)
        answer = QMessageBox.question(dialog, "?", "?") == QMessageBox.StandardButton.Yes
        when = QDateTime(QDate(2019, 6, 3), QTime(9, 30), Qt.TimeSpec.LocalTime)
        return dialog.exec(), action, answer, when, QtCore.QT_VERSION_STR
    """
)


def findings(tmp_path, source):
    path = tmp_path / "snippet.py"
    path.write_text(source, encoding="utf-8")
    uses = qt6_check.uses(path)
    found = qt6_check.rule_findings(path) + qt6_check.pyqt6_findings(uses)
    return sorted((finding.line, finding.message) for finding in found)


@pytest.fixture(scope="module")
def pyqt6():
    """The PyQt6 environment's Python, installed from PyPI when missing. No skip: the
    registries are reachable where the tests run, and a failure says why."""
    return qt6_check.ensure_pyqt6()


def test_the_plugin_uses_only_what_pyqt6_and_qgis_4_have(pyqt6):
    files = qt6_check.python_files()
    assert len(files) > 40
    uses = [use for path in files for use in qt6_check.uses(path)]
    assert {"Qt.AlignmentFlag.AlignLeft", "Qgis.MessageLevel.Warning"} <= {
        use.dotted for use in uses
    }
    found = [f for path in files for f in qt6_check.rule_findings(path)]
    found += qt6_check.pyqt6_findings(uses, sorted(qt6_check.PLUGIN.rglob("*.ui")), pyqt6)
    assert [str(finding) for finding in found] == []


def test_planted_violations_are_found_with_their_scoped_forms(pyqt6, tmp_path):
    found = findings(tmp_path, PLANTED)
    assert found == [
        (1, "QRegExp is gone in Qt 6: use QRegularExpression"),
        (1, "QRegExp: not in PyQt6.QtCore"),
        (
            2,
            "import QAction from qgis.PyQt.QtWidgets: QGIS 3.22's qgis.PyQt.QtGui lacks "
            "it, and QGIS 4's QtWidgets re-exports it",
        ),
        (5, "compiled resources are gone in Qt 6: load files by path"),
        (6, "import distutils.version: distutils is gone from Python 3.12, which QGIS 4 ships"),
        (7, "import PyQt5.QtCore: import Qt through qgis.PyQt"),
        (
            11,
            "QHeaderView.ResizeToContents: not in PyQt6.QtWidgets "
            "(use QHeaderView.ResizeMode.ResizeToContents)",
        ),
        (
            12,
            "QAbstractItemView.SelectRows: not in PyQt6.QtWidgets "
            "(use QAbstractItemView.SelectionBehavior.SelectRows)",
        ),
        (13, "Qt.AlignLeft: not in PyQt6.QtCore (use Qt.AlignmentFlag.AlignLeft)"),
        (
            14,
            "QDialogButtonBox.Ok: not in PyQt6.QtWidgets (use QDialogButtonBox.StandardButton.Ok)",
        ),
        (15, "QMessageBox.Yes: not in PyQt6.QtWidgets (use QMessageBox.StandardButton.Yes)"),
        (16, "exec_() is gone in PyQt6: call exec()"),
        (
            17,
            "QDateTime(year, month, day, hour, minute, second, ms, spec) is gone in PyQt6: "
            "use QDateTime(QDate(...), QTime(...), spec)",
        ),
        (17, "Qt.LocalTime: not in PyQt6.QtCore (use Qt.TimeSpec.LocalTime)"),
        (
            18,
            "QVariant.Int: field types go through toolbelt.compat (QVariant types are "
            "deprecated from QGIS 3.38, QMetaType is refused by 3.22)",
        ),
        (18, "QVariant.Int: not in PyQt6.QtCore"),
    ]


def test_scoped_forms_and_qgis_shims_pass(pyqt6, tmp_path):
    assert findings(tmp_path, CLEAN) == []


def test_ui_files_are_compiled_by_pyqt6(pyqt6, tmp_path):
    good = next(qt6_check.PLUGIN.rglob("*.ui"))
    broken = tmp_path / "broken.ui"
    broken.write_text(
        good.read_text(encoding="utf-8").replace("<widget ", "<widget bogus ", 1)[:-20],
        encoding="utf-8",
    )
    found = qt6_check.pyqt6_findings([], [good, broken], pyqt6)
    assert [(f.path, f.message.split(":")[0]) for f in found] == [
        (str(broken), "PyQt6's uic cannot compile it")
    ]


def test_without_pypi_the_check_fails_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", "")
    with pytest.raises(qt6_check.PyQt6EnvError) as raised:
        qt6_check.ensure_pyqt6(tmp_path / "env")
    assert f"the PyQt6 check needs {qt6_check.PYQT6_REQUIREMENT} from PyPI in" in str(raised.value)
