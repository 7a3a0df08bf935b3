"""core/ must import in a Python without QGIS, Qt or Processing, and must not name them
anywhere, not even in an import inside a function (which importing the module would not
run)."""

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "jiangdu_grid_plugin" / "core"
FORBIDDEN = {"qgis", "PyQt5", "PyQt6", "sip", "processing", "osgeo"}


def forbidden_imports(source: str) -> list[str]:
    """The imports of QGIS, Qt, Processing or GDAL's bindings anywhere in `source`
    (relative imports are the plugin's own modules)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        found += [f"line {node.lineno}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    return found


def test_no_core_module_imports_qgis_or_qt_even_inside_a_function():
    sources = sorted(CORE.rglob("*.py"))
    assert len(sources) >= 40
    found = {
        str(path.relative_to(CORE)): problems
        for path in sources
        if (problems := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_static_scan_finds_an_import_inside_a_function():
    source = "import numpy\ndef f():\n    from qgis.core import QgsProject\n    import osgeo.gdal\n"
    assert forbidden_imports(source) == ["line 3: qgis.core", "line 4: osgeo.gdal"]
    assert forbidden_imports("from .processing import x\nfrom ..gui import y\n") == []


def test_every_core_module_imports_without_qgis_or_qt():
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class Forbidden:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in {"qgis", "PyQt5", "PyQt6", "sip", "processing", "osgeo"}:
                    raise ImportError(f"core must not import {name}")
                return None

        sys.meta_path.insert(0, Forbidden())
        import jiangdu_grid_plugin.core as core
        names = [m.name for m in pkgutil.walk_packages(core.__path__, core.__name__ + ".")]
        for name in names:
            importlib.import_module(name)
        print(len(names))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 15


def test_the_forbidden_import_guard_works():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "class F:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.startswith('qgis'): raise ImportError('blocked ' + name)\n"
            "sys.meta_path.insert(0, F())\n"
            "import qgis.core",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "blocked qgis" in result.stderr
