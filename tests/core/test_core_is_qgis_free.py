"""core/ must import in a Python without QGIS, Qt or Processing."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
