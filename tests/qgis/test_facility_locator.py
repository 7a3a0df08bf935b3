"""Facility search in the locator bar."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeedback,
    QgsLocatorContext,
    QgsRectangle,
)

from jiangdu_grid_plugin.gui.facility_locator import FacilityLocatorFilter
from tests.core.routing_fixture import build_store_file

OX, OY = 470_000.0, 3_590_000.0


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store_file(tmp_path_factory.mktemp("store") / "fixture.gpkg", (OX, OY))


def fetch(locator, text):
    results = []
    locator.resultFetched.connect(results.append)
    locator.fetchResults(text, QgsLocatorContext(), QgsFeedback())
    locator.resultFetched.disconnect(results.append)
    return results


def test_typing_part_of_a_code_or_name_finds_facilities(iface, store, monkeypatch):
    from jiangdu_grid_plugin.toolbelt import stores

    monkeypatch.setattr(stores, "current_store", lambda project=None: str(store))
    locator = FacilityLocatorFilter(iface)
    locator.prepare("0101", QgsLocatorContext())
    assert locator.prefix() == "jdf"
    assert (locator.location.kind, locator.location.target) == ("gpkg", str(store))
    found = fetch(locator, "0101")
    assert [r.displayString for r in found] == [
        "3210120101000001 上水井盖",
        "3210120101000002 上水井盖",
    ]
    assert found[0].description == "intact · 321012100001001"
    assert found[1].description == "lost · 321012100001002 · retired"
    assert [r.displayString for r in fetch(locator, "路灯")] == ["3210120113000007 路灯"]
    assert fetch(locator, "x") == []  # one character: nothing yet


def test_choosing_a_result_zooms_to_it(iface, store):
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4549"))
    canvas.setExtent(QgsRectangle(OX - 5000, OY - 5000, OX + 5000, OY + 5000))
    from jiangdu_grid_plugin.core.store import StoreLocation

    locator = FacilityLocatorFilter(iface, StoreLocation.file(store))
    (result,) = fetch(locator, "3210120302000011")
    locator.triggerResult(result)
    centre = canvas.extent().center()
    assert (centre.x(), centre.y()) == pytest.approx((OX + 350, OY + 150), abs=0.01)
    assert canvas.scale() == pytest.approx(1000, rel=0.01)
