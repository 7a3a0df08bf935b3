"""jiangdu_grid:workflow_report on the small district with known steps: the figures, a
spreadsheet with inert formulas, and qgis_process."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from tests.core.activity_fixture import add_activity
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import run_algorithm


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = add_activity(build_store_file(tmp_path_factory.mktemp("report") / "district.gpkg"))
    with sqlite3.connect(path) as connection:  # a category name a spreadsheet would run
        connection.execute("UPDATE event_categories SET name = '=2+3' WHERE code = '01'")
    return path


def features(uri):
    layer = QgsVectorLayer(uri, "report", "ogr")
    assert layer.isValid(), uri
    return {f["group_key"]: f for f in layer.getFeatures()}


def test_the_district_in_june(provider, store, tmp_path):
    result, messages = run_algorithm(
        "workflow_report",
        {
            "GEOPACKAGE": str(store),
            "PERIOD_START": "2019-06-01",
            "PERIOD_END": "2019-06-30",
            "AS_OF": "2019-07-01T00:00:00",
            "OUTPUT": str(tmp_path / "report.gpkg"),
        },
    )
    (district,) = features(result["OUTPUT"]).values()
    # June: A, D, G closed and B handled in the west, C closed in the east.
    assert (district["group_name"], district["incidents"], district["closed"]) == ("江都区", 5, 4)
    assert (district["in_progress"], district["rejected"]) == (1, 0)
    assert district["closure_rate"] == pytest.approx(0.8)
    assert "1 rows; closed 4, in progress 1, closure rate 80.00%" in messages


def test_by_category_into_a_spreadsheet_with_inert_formulas(provider, store, tmp_path):
    result, _ = run_algorithm(
        "workflow_report",
        {"GEOPACKAGE": str(store), "GROUP_BY": 3, "OUTPUT": str(tmp_path / "report.xlsx")},
    )
    assert result["OUTPUT"] == str(tmp_path / "report.xlsx")
    by_name = {f["group_name"]: f["incidents"] for f in features(result["OUTPUT"]).values()}
    assert by_name == {"'=2+3": 6, "(none)": 1}  # C has no catalogue item


def test_a_missing_store_is_refused(provider, tmp_path):
    with pytest.raises(QgsProcessingException):
        run_algorithm(
            "workflow_report",
            {"GEOPACKAGE": str(tmp_path / "none.gpkg"), "OUTPUT": str(tmp_path / "r.gpkg")},
        )


def test_qgis_process_writes_the_report(store, qgis_process, tmp_path):
    path = tmp_path / "cli.csv"
    result = qgis_process(
        "run",
        "jiangdu_grid:workflow_report",
        "--",
        f"GEOPACKAGE={store}",
        "GROUP_BY=1",
        f"OUTPUT={path}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with open(path, encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [
        (r["group_key"], r["group_name"], r["incidents"], r["closed"], r["closure_rate"])
        for r in table
    ] == [("321012100", "仙女镇", "5", "4", "0.8"), ("321012101", "小纪镇", "2", "2", "1")]
