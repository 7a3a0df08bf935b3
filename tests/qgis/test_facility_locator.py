"""Facility search in the locator bar."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeedback,
    QgsLocatorContext,
    QgsPointXY,
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
    extent = canvas.extent()
    assert min(extent.width(), extent.height()) == pytest.approx(300.0, rel=0.01)
    assert (locator.mark.center().x(), locator.mark.center().y()) == (OX + 350, OY + 150)
    # A clone (QGIS searches with clones) rings with the same mark: one ring on the map.
    clone = locator.clone()
    (other,) = fetch(clone, "3210120101000001")
    clone.triggerResult(other)
    assert clone.mark is locator.mark
    assert locator.mark.center() != QgsPointXY(OX + 350, OY + 150)
    locator.mark.dispose()


def test_no_name_covers_the_ringed_place(iface):
    """The ring sits at the middle of the view; a town's name sits at the town's centre
    (with the shipped styles), not at the middle of whatever part of it is in view."""
    from qgis.core import (
        QgsFeature,
        QgsGeometry,
        QgsMapRendererSequentialJob,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtXml import QDomDocument

    from jiangdu_grid_plugin.core.styles import shipped_qml
    from jiangdu_grid_plugin.gui.map_mark import MapMark

    crs = QgsCoordinateReferenceSystem("EPSG:4549")
    town = QgsVectorLayer(
        "Polygon?crs=EPSG:4549&field=code:string&field=name:string", "镇", "memory"
    )
    feature = QgsFeature(town.fields())
    feature.setAttributes(["321012100", "仙女镇"])
    feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(OX, OY, OX + 20_000, OY + 20_000)))
    town.dataProvider().addFeatures([feature])
    document = QDomDocument()
    document.setContent(shipped_qml("towns"))
    assert town.importNamedStyle(document)[0]
    canvas = iface.mapCanvas()
    canvas.setDestinationCrs(crs)
    mark = MapMark(canvas)

    def names_at(point, half_size_m):
        mark.zoom_to(point, crs, half_size_m)
        settings = canvas.mapSettings()
        settings.setOutputSize(QSize(800, 600))
        settings.setExtent(canvas.extent())
        settings.setLayers([town])
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        return [label.labelText for label in job.takeLabelingResults().labelsAtPosition(point)]

    try:
        assert names_at(QgsPointXY(OX + 10_000, OY + 10_000), 2_000) == ["仙女镇"]  # its centre
        assert names_at(QgsPointXY(OX + 3_000, OY + 4_000), 150) == []  # a facility in it
    finally:
        mark.dispose()
