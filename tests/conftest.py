"""Shared fixtures, and a guard that both test tiers were collected."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# QGIS's authentication database of the tests, away from the user's (QGIS reads this
# when it starts, which pytest-qgis does after the conftest files are loaded).
os.environ.setdefault("QGIS_AUTH_DB_DIR_PATH", tempfile.mkdtemp(prefix="jiangdu-auth-"))

ROOT = Path(__file__).resolve().parents[1]
TIERS = ("tests/core", "tests/qgis")


def pytest_collection_finish(session):
    """A full run that collects nothing from a tier has lost that tier (a broken
    conftest, a missing QGIS): say so instead of passing quietly."""
    if session.config.args not in ([], ["tests"], [str(ROOT / "tests")]):
        return
    for tier in TIERS:
        if not any(item.nodeid.startswith(tier) for item in session.items):
            raise pytest.UsageError(f"no tests were collected from {tier}")


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The full demo store, built once per test session (about half a minute)."""
    from jiangdu_grid_plugin.core.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "jiangdu_demo.gpkg"
    build_demo(path, seed=2019)
    return path


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server with PostGIS for this test session (tools/postgres_server.py)."""
    from tools import postgres_server

    server = postgres_server.start()
    yield server
    server.stop()
