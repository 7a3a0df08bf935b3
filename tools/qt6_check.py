"""Check, without QGIS 4, that the plugin's Python runs on QGIS 4 (Qt 6, PyQt6) as well as
on QGIS 3.22.

    python -m tools.qt6_check              # the plugin package; exit status 1 on findings
    python -m tools.qt6_check FILE...      # other files

Three checks:
- the migration rules that need no Qt: no `exec_`, no direct PyQt5/PyQt6/sip imports, no
  compiled resources, `distutils` or `pkg_resources`, no `QVariant` field types outside
  `toolbelt/compat.py`, no 8-argument `QDateTime`, `QAction` imported from QtWidgets...
  (`rule_findings`);
- every name taken from `qgis.PyQt.*` and every attribute chain on it (`Qt.AlignLeft`,
  `QHeaderView.ResizeToContents`...) resolved in the real PyQt6 modules, and every `.ui`
  file compiled by PyQt6's uic. PyQt6 is installed from PyPI into its own environment,
  build/pyqt6-env, and runs there as a subprocess: it is never imported into the process
  that has QGIS 3's PyQt5 (`pyqt6_findings`);
- every chain on a name from `qgis.core`/`qgis.gui` resolved in the running QGIS (3.22
  here), with short-form enums (`Qgis.Warning`) refused in favour of the long form
  (`Qgis.MessageLevel.Warning`) that 3.22 and 4.x both accept (`qgis_findings`).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "jiangdu_grid_plugin"
# The one module allowed to name what differs between QGIS versions.
COMPAT = PLUGIN / "toolbelt" / "compat.py"
PYQT6_ENV = ROOT / "build" / "pyqt6-env"
PYQT6_REQUIREMENT = "PyQt6==6.11.0"
RESOLVER = Path(__file__).with_name("pyqt6_names.py")
QGIS_MODULES = ("qgis.core", "qgis.gui", "qgis.analysis")
# Classes Qt 6 moved from QtWidgets to QtGui: QGIS's qgis.PyQt.QtWidgets re-exports them on
# Qt 6 builds, while QGIS 3.22's qgis.PyQt.QtGui does not have them, so QtWidgets is the
# import that works on both.
MOVED_TO_QTGUI = ("QAction", "QActionGroup", "QShortcut")
REMOVED = {
    "QRegExp": "QRegExp is gone in Qt 6: use QRegularExpression",
    "QDesktopWidget": "QDesktopWidget is gone in Qt 6: use QScreen (QGuiApplication.screens())",
    "qApp": "qApp is gone in PyQt6: use QApplication.instance()",
}
# Signals whose overloads PyQt5 let one pick with [str] or [int].
OVERLOADED_SIGNALS = ("activated", "currentIndexChanged", "highlighted", "valueChanged")
REMOVED_MODULES = {
    "distutils": "distutils is gone from Python 3.12, which QGIS 4 ships",
    "pkg_resources": "pkg_resources is not shipped with QGIS 4: use importlib.metadata",
    "imp": "imp is gone from Python 3.12: use importlib",
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Use:
    """A name from an imported module and the attributes read off it, where it is used."""

    path: str
    line: int
    module: str  # "qgis.PyQt.QtCore", "qgis.core"...
    chain: tuple[str, ...]  # ("Qt", "AlignLeft")

    @property
    def dotted(self) -> str:
        return ".".join(self.chain)


def python_files(root: Path = PLUGIN) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if "__pycache__" not in path.parts)


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _imported_names(tree: ast.AST) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Local name → (module, chain inside it), for names imported from Qt and QGIS."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                local = alias.asname or alias.name
                if node.module == "qgis.PyQt":  # from qgis.PyQt import QtCore
                    names[local] = (f"qgis.PyQt.{alias.name}", ())
                elif node.module.startswith("qgis.PyQt.") or node.module in QGIS_MODULES:
                    names[local] = (node.module, (alias.name,))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("qgis.PyQt.") and alias.asname:
                    names[alias.asname] = (alias.name, ())
    return names


def uses(path: Path, source: str | None = None) -> list[Use]:
    """Every name a file imports from qgis.PyQt.*, qgis.core, qgis.gui and qgis.analysis,
    and every attribute chain read off such a name (the longest, `Qt.AlignmentFlag.AlignLeft`
    rather than its prefixes)."""
    source = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(source, filename=str(path))
    names = _imported_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                local = alias.asname or alias.name
                if local in names and names[local][1]:
                    module, chain = names[local]
                    found.append(Use(_relative(path), node.lineno, module, chain))
    inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or id(node) in inner:
            continue
        attributes = []
        base = node
        while isinstance(base, ast.Attribute):
            attributes.append(base.attr)
            base = base.value
        if isinstance(base, ast.Name) and base.id in names:
            module, chain = names[base.id]
            full = chain + tuple(reversed(attributes))
            if full:
                found.append(Use(_relative(path), node.lineno, module, full))
    return found


def _call_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return getattr(node.func, "id", "")


def rule_findings(path: Path, source: str | None = None) -> list[Finding]:
    """The rules of the PyQt5 → PyQt6 migration that need no Qt to check."""
    source = path.read_text(encoding="utf-8") if source is None else source
    tree = ast.parse(source, filename=str(path))
    where = _relative(path)
    is_compat = path.resolve() == COMPAT.resolve()
    found = []

    def add(node, message):
        found.append(Finding(where, node.lineno, message))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            imported = [alias.name for alias in node.names]
            for module in modules:
                top = module.split(".")[0]
                if top in ("PyQt5", "PyQt6", "sip") and not module.startswith("qgis."):
                    add(node, f"import {module}: import Qt through qgis.PyQt")
                if top in REMOVED_MODULES:
                    add(node, f"import {module}: {REMOVED_MODULES[top]}")
                if module == "qgis.PyQt.Qt":
                    add(node, "qgis.PyQt.Qt is gone in QGIS 4: import from qgis.PyQt.QtCore")
            if any(name.endswith("resources_rc") or name == "resources" for name in imported) or (
                isinstance(node, ast.ImportFrom) and (node.module or "").endswith("resources_rc")
            ):
                add(node, "compiled resources are gone in Qt 6: load files by path")
            if isinstance(node, ast.ImportFrom) and node.module == "qgis.PyQt.QtGui":
                for name in imported:
                    if name in MOVED_TO_QTGUI:
                        add(
                            node,
                            f"import {name} from qgis.PyQt.QtWidgets: QGIS 3.22's "
                            "qgis.PyQt.QtGui lacks it, and QGIS 4's QtWidgets re-exports it",
                        )
            for name in imported:
                if name in REMOVED:
                    add(node, REMOVED[name])
        elif isinstance(node, ast.Attribute):
            if node.attr == "exec_":
                add(node, "exec_() is gone in PyQt6: call exec()")
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id == "QVariant"
                and node.attr[:1].isupper()
                and not is_compat
            ):
                add(
                    node,
                    f"QVariant.{node.attr}: field types go through toolbelt.compat "
                    "(QVariant types are deprecated from QGIS 3.38, QMetaType is refused by 3.22)",
                )
        elif isinstance(node, ast.FunctionDef) and node.name == "exec_":
            add(node, "def exec_: PyQt6 calls exec()")
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name == "QVariant" and not node.args:
                add(node, "QVariant() for a null value: use NULL from qgis.core")
            elif name == "QDateTime" and len(node.args) >= 7:
                add(
                    node,
                    "QDateTime(year, month, day, hour, minute, second, ms, spec) is gone in "
                    "PyQt6: use QDateTime(QDate(...), QTime(...), spec)",
                )
            elif name == "desktop" and not node.args:
                add(node, REMOVED["QDesktopWidget"])
            elif (
                name == "width"
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Call)
                and _call_name(node.func.value) in ("fontMetrics", "QFontMetrics", "QFontMetricsF")
            ):
                add(node, "QFontMetrics.width() is gone in Qt 6: use horizontalAdvance()")
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr in OVERLOADED_SIGNALS
            and isinstance(node.slice, ast.Name)
        ):
            add(node, f"signal overload [{node.slice.id}] is gone in PyQt6: connect the signal")
        elif isinstance(node, ast.Name) and node.id in REMOVED and isinstance(node.ctx, ast.Load):
            add(node, REMOVED[node.id])
    return sorted(set(found))


class PyQt6EnvError(RuntimeError):
    pass


def _env_python(env: Path) -> Path:
    return env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def ensure_pyqt6(env: Path = PYQT6_ENV) -> Path:
    """The Python of an environment with PyQt6, made (from PyPI) when missing."""
    python = _env_python(env)
    probe = [str(python), "-c", "import PyQt6.QtCore"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    steps = [
        [sys.executable, "-m", "venv", "--clear", str(env)],
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         PYQT6_REQUIREMENT],
    ]  # fmt: skip
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            raise PyQt6EnvError(
                f"the PyQt6 check needs {PYQT6_REQUIREMENT} from PyPI in {env}, and "
                f"`{' '.join(step)}` failed:\n{done.stdout}{done.stderr}"
            )
    return python


def pyqt6_findings(
    all_uses: Iterable[Use], ui_files: Iterable[Path] = (), python: Path | None = None
) -> list[Finding]:
    """The uses of qgis.PyQt names that PyQt6 lacks, checked in PyQt6's own process, and
    the .ui files PyQt6's uic cannot compile."""
    python = python or ensure_pyqt6()
    qt_uses = [use for use in all_uses if use.module.startswith("qgis.PyQt.")]
    request = {
        "names": sorted(
            {(use.module.removeprefix("qgis.PyQt."), use.chain) for use in qt_uses if use.chain}
        ),
        "moved": {name: "QtGui" for name in MOVED_TO_QTGUI},
        "ui": [str(path) for path in ui_files],
    }
    done = subprocess.run(
        [str(python), str(RESOLVER)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    if done.returncode != 0:
        raise PyQt6EnvError(f"the PyQt6 name check failed to run:\n{done.stderr}")
    answer = json.loads(done.stdout)
    missing = {(module, tuple(chain)): hint for module, chain, hint in answer["missing"]}
    found = []
    for use in qt_uses:
        key = (use.module.removeprefix("qgis.PyQt."), use.chain)
        if key in missing:
            if use.chain[0] == "QVariant" and Path(use.path).name == COMPAT.name:
                continue  # compat names QVariant types only for QGIS before 3.38
            hint = missing[key]
            message = f"{use.dotted}: not in PyQt6.{key[0]}"
            found.append(Finding(use.path, use.line, message + (f" (use {hint})" if hint else "")))
    for path, error in answer["ui"]:
        found.append(Finding(_relative(Path(path)), 0, f"PyQt6's uic cannot compile it: {error}"))
    return sorted(found)


def qgis_findings(all_uses: Iterable[Use]) -> list[Finding]:
    """Uses of qgis.core/gui names that the running QGIS lacks, and enum values reached in
    the short form (`Qgis.Warning`) instead of through their enum (`Qgis.MessageLevel.Warning`),
    which QGIS 4 keeps for the enums that moved into `Qgis`."""
    import importlib

    found = []
    for use in all_uses:
        if use.module not in QGIS_MODULES:
            continue
        value = importlib.import_module(use.module)
        parent = None
        for depth, name in enumerate(use.chain):
            try:
                parent, value = value, getattr(value, name)
            except AttributeError:
                prefix = ".".join(use.chain[: depth + 1])
                found.append(Finding(use.path, use.line, f"{prefix}: not in this QGIS"))
                break
            enum = type(value)
            if type(enum).__name__ in ("enumtype", "EnumMeta", "EnumType") and parent is not enum:
                long_form = ".".join((*use.chain[:depth], enum.__name__, name))
                found.append(
                    Finding(use.path, use.line, f"{use.dotted}: short-form enum, use {long_form}")
                )
                break
    return sorted(set(found))


def check(paths: Iterable[Path] | None = None, with_qgis: bool = True) -> list[Finding]:
    files = list(paths) if paths is not None else python_files()
    all_uses = [use for path in files for use in uses(path)]
    found = [finding for path in files for finding in rule_findings(path)]
    ui_files = sorted(PLUGIN.rglob("*.ui")) if paths is None else []
    found += pyqt6_findings(all_uses, ui_files)
    if with_qgis:
        found += qgis_findings(all_uses)
    return sorted(set(found))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        import qgis.core  # noqa: F401

        with_qgis = True
    except ImportError:
        with_qgis = False
    try:
        found = check([Path(p) for p in argv] or None, with_qgis)
    except PyQt6EnvError as error:
        print(f"qt6_check: {error}", file=sys.stderr)
        return 2
    for finding in found:
        print(finding)
    checked = "PyQt6 names, migration rules" + (", QGIS enums" if with_qgis else "")
    print(f"qt6_check: {len(found)} finding(s) ({checked})", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
