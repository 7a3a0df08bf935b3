"""A first start in a QGIS whose Python lacks shapely 2, pyproj and psycopg (Debian 12's
QGIS has shapely 1.8; many Windows installs have none): the plugin loads, says once what
is missing and how to install it, and disables only what needs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HIDDEN = "shapely,pyproj,psycopg"
ROOT = Path(__file__).resolve().parents[2]


def test_a_qgis_without_the_packages_starts_the_plugin_and_says_what_is_missing():
    """Runs the test below in a Python where the packages cannot be imported."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.hide_packages", "-p",
         "no:cacheprovider", f"{__file__}::test_inside_a_qgis_without_them"],
        cwd=ROOT,
        env=dict(os.environ, JIANGDU_HIDE_PACKAGES=HIDDEN, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "1 passed" in result.stdout


@pytest.mark.skipif(
    os.environ.get("JIANGDU_HIDE_PACKAGES") != HIDDEN, reason="runs in the subprocess above"
)
def test_inside_a_qgis_without_them(iface, processing):
    import importlib

    from qgis.core import Qgis, QgsProcessingException

    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("shapely")
    from jiangdu_grid_plugin import classFactory

    plugin = classFactory(iface)
    plugin.initProcessing()
    plugin.initGui()
    try:
        warnings = iface.messageBar().get_messages(Qgis.Warning)
        assert len(warnings) == 1
        (message,) = warnings
        for problem in ("shapely", "pyproj", "psycopg"):
            assert f"{problem} is not installed" in message
        assert "PostGIS stores need it" in message
        assert "Install with: " in message
        assert not plugin.route_action.isEnabled()
        assert not plugin.supervisor_action.isEnabled()
        assert plugin.grid_guards is None
        ids = [a.id() for a in plugin.provider.algorithms()]
        assert "jiangdu_grid:route_incidents" in ids and len(ids) >= 10
        import processing as qgis_processing

        from tests.qgis.running import Feedback

        feedback = Feedback()
        with pytest.raises(QgsProcessingException):
            qgis_processing.run(
                "jiangdu_grid:workflow_report",
                {"GEOPACKAGE": "x.gpkg", "OUTPUT": "r.csv"},
                feedback=feedback,
            )
        assert any("shapely is not installed" in m for m in feedback.messages)
        assert "shapely" not in sys.modules and "pyproj" not in sys.modules
    finally:
        plugin.unload()
