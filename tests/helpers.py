"""Helpers the tests of both tiers share."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

VALIDATE_GPKG = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")


def validate_gpkg(path: Path) -> subprocess.CompletedProcess:
    """GDAL's GeoPackage validator in its strictest mode."""
    return subprocess.run(
        [sys.executable, str(VALIDATE_GPKG), "-k", "--extra", "--warning-as-error", str(path)],
        capture_output=True,
        text=True,
    )


def ogrinfo(path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [shutil.which("ogrinfo"), "-ro", *args, str(path)], capture_output=True, text=True
    )
