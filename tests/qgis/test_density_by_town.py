"""jiangdu_grid:density_by_town: the town and grid tables on the small district with known
counts, and the raster against QGIS's own kernel density on the same points."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from osgeo import gdal
from qgis.core import NULL, QgsProcessingException, QgsVectorLayer

from jiangdu_grid_plugin.core.store import open_store
from tests.core.activity_fixture import EAST, OX, OY, WEST, add_activity
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import run_algorithm


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return add_activity(build_store_file(tmp_path_factory.mktemp("density") / "district.gpkg"))


def read_raster(path):
    """The band as an array (nodata as NaN) and the geotransform."""
    dataset = gdal.Open(str(path))
    band = dataset.GetRasterBand(1)
    values = band.ReadAsArray().astype(float)
    values[values == band.GetNoDataValue()] = np.nan
    return values, dataset.GetGeoTransform(), dataset.GetProjection()


def features(uri):
    return {f["code"]: f for f in QgsVectorLayer(uri, "table", "ogr").getFeatures()}


def density(store, tmp_path, **parameters):
    return run_algorithm(
        "density_by_town",
        {
            "GEOPACKAGE": str(store),
            "RADIUS": 50.0,
            "PIXEL_SIZE": 5.0,
            "DENSITY": str(tmp_path / "density.tif"),
            "TOWNS": str(tmp_path / "towns.gpkg"),
            "GRIDS": str(tmp_path / "grids.gpkg"),
            **parameters,
        },
    )


def test_town_table_in_june_against_may(provider, store, tmp_path):
    result, messages = density(store, tmp_path, PERIOD_START="2019-06-01", PERIOD_END="2019-06-30")
    towns = features(result["TOWNS"])
    west, east = towns[WEST], towns[EAST]
    assert (west["name"], west["count"], west["previous"], west["change"]) == ("仙女镇", 4, 1, 3)
    assert west["per_km2"] == pytest.approx(100.0)
    assert west["share"] == pytest.approx(0.8)
    assert west["change_pct"] == pytest.approx(3.0)
    assert (east["count"], east["previous"], east["change"], east["change_pct"]) == (1, 1, 0, 0)
    assert shapely.from_wkt(west.geometry().asWkt()).area == pytest.approx(40_000)
    assert "4 points" in messages


def test_grid_table_of_one_town_and_a_clipped_raster(provider, store, tmp_path):
    result, _ = density(store, tmp_path, TOWN="仙女", PERIOD_START="2019-06-01")
    grids = features(result["GRIDS"])
    assert sorted(grids) == [
        "321012100001001",
        "321012100001002",
        "321012100002001",
        "321012100002002",
    ]
    assert [grids[c]["count"] for c in sorted(grids)] == [2, 1, 1, 0]
    assert grids["321012100001001"]["per_km2"] == pytest.approx(200.0)
    assert grids["321012100002002"]["previous"] == NULL  # no end given: no previous period
    values, transform, projection = read_raster(result["DENSITY"])
    assert transform == (OX, 5.0, 0.0, OY + 200.0, 0.0, -5.0)
    assert values.shape == (40, 40)  # the west town only
    assert "4549" in projection
    assert np.isfinite(values).all()
    # A point at (10, 20) and one at (30, 40): the pixel centred on (12.5, 17.5) is near both.
    assert values[36, 2] == pytest.approx(
        (1 - (np.hypot(2.5, 2.5) / 50) ** 2) ** 2 + (1 - (np.hypot(17.5, 22.5) / 50) ** 2) ** 2,
        rel=0.02,
    )


def test_the_raster_agrees_with_qgis_kernel_density(provider, tmp_path):
    import processing

    rng = np.random.default_rng(5)
    x = np.concatenate([rng.normal(120, 40, 300), rng.uniform(0, 400, 100), [0.0, 400.0]])
    y = np.concatenate([rng.normal(90, 30, 300), rng.uniform(0, 200, 100), [0.0, 200.0]])
    keep = (x >= 0) & (x <= 400) & (y >= 0) & (y <= 200)
    x, y = x[keep], y[keep]
    path = build_store_file(tmp_path / "points.gpkg")
    with open_store(path) as store, store.transaction():
        moment = "2019-06-01T00:00:00.000Z"
        store.insert(
            "incidents",
            [
                dict(
                    ticket=f"T{i}",
                    source="patrol",
                    step="closed",
                    reported_at=moment,
                    updated_at=moment,
                )
                for i in range(len(x))
            ],
            shapely.points(OX + x, OY + y),
        )
    ours, _ = density(path, tmp_path, RADIUS=100.0)
    theirs = processing.run(
        "qgis:heatmapkerneldensityestimation",
        {
            "INPUT": QgsVectorLayer(f"{path}|layername=incidents", "points", "ogr"),
            "RADIUS": 100.0,
            "PIXEL_SIZE": 5.0,
            "KERNEL": 0,
            "OUTPUT_VALUE": 0,
            "OUTPUT": str(tmp_path / "qgis.tif"),
        },
    )
    mine, mine_transform, _ = read_raster(ours["DENSITY"])
    qgis, qgis_transform, _ = read_raster(theirs["OUTPUT"])
    # The same pixels: QGIS's grid starts one radius (20 pixels) beyond the points (its
    # top a quarter metre higher still), and QGIS leaves pixels without density empty.
    left, _, _, top, _, _ = qgis_transform
    assert mine_transform == (OX, 5.0, 0.0, OY + 200.0, 0.0, -5.0)
    assert (round((OX - left) / 5.0), round((top - OY - 200.0) / 5.0)) == (20, 20)
    overlap = np.nan_to_num(qgis)[20:60, 20:100]
    assert mine.shape == overlap.shape == (40, 80)
    peak = overlap.max()
    assert peak > 150
    assert np.abs(mine - overlap).max() <= 0.01 * peak
    assert np.nanmax(mine) == pytest.approx(peak, rel=0.01)


def test_enforcement_cases_by_decision_date(provider, store, tmp_path):
    result, messages = density(
        store, tmp_path, LAYER=1, PERIOD_START="2019-06-01", PERIOD_END="2019-06-30", STEP=4
    )
    towns = features(result["TOWNS"])
    assert (towns[WEST]["count"], towns[EAST]["count"]) == (2, 0)
    assert "Category, step and source apply to incidents only; they are ignored." in messages


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        (dict(TOWN="樊川"), "No town 樊川; the towns are: 仙女镇, 小纪镇"),
        (dict(PERIOD_START="2019-06-02", PERIOD_END="2019-06-01"), "ends before it starts"),
    ],
)
def test_bad_parameters_are_refused(provider, store, tmp_path, parameters, message):
    with pytest.raises(QgsProcessingException, match=message):
        density(store, tmp_path, **parameters)
    assert not (tmp_path / "density.tif").exists()


def test_outputs_loaded_into_the_project_are_styled(provider, store, tmp_path):
    import processing
    from qgis.core import (
        QgsGraduatedSymbolRenderer,
        QgsProject,
        QgsSingleBandPseudoColorRenderer,
    )

    project = QgsProject.instance()
    try:
        processing.runAndLoadResults(
            "jiangdu_grid:density_by_town",
            {
                "GEOPACKAGE": str(store),
                "RADIUS": 50.0,
                "PIXEL_SIZE": 5.0,
                "DENSITY": str(tmp_path / "density.tif"),
                "TOWNS": str(tmp_path / "towns.gpkg"),
                "GRIDS": str(tmp_path / "grids.gpkg"),
            },
        )
        layers = {layer.source().split("|")[0]: layer for layer in project.mapLayers().values()}
        raster = layers[str(tmp_path / "density.tif")].renderer()
        assert isinstance(raster, QgsSingleBandPseudoColorRenderer)
        assert raster.classificationMin() == 0.0
        peak = np.nanmax(read_raster(tmp_path / "density.tif")[0])
        assert peak > 1.0  # points 28 m apart, radius 50 m
        assert raster.classificationMax() == pytest.approx(peak)
        items = raster.shader().rasterShaderFunction().colorRampItemList()
        assert items[0].color.alpha() == 0
        towns = layers[str(tmp_path / "towns.gpkg")].renderer()
        assert isinstance(towns, QgsGraduatedSymbolRenderer)
        assert towns.classAttribute() == "per_km2"
        bounds = [(r.lowerValue(), r.upperValue()) for r in towns.ranges()]
        assert bounds == sorted(bounds) and all(low < high for low, high in bounds)
        assert bounds[0][0] <= 50.0 and bounds[-1][1] >= 125.0  # east 2, west 5 in 0.04 km2
    finally:
        project.removeAllMapLayers()
