"""The algorithms' outputs read in the user's language and come styled: loaded by
Processing, and opened later from the GeoPackage they were written to."""

from __future__ import annotations

import sqlite3

import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsProject,
    QgsRasterLayer,
    QgsSingleBandPseudoColorRenderer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from jiangdu_grid_plugin.core.geocoding import OUTCOMES
from jiangdu_grid_plugin.core.grid_checks import RULES as GRID_RULES
from jiangdu_grid_plugin.core.hotline import REASONS
from jiangdu_grid_plugin.core.routing.router import RULES
from jiangdu_grid_plugin.processing import output_styles
from jiangdu_grid_plugin.toolbelt import i18n
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import run_algorithm
from tests.qgis.test_route_incidents import OX, OY, layer, point


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build_store_file(tmp_path_factory.mktemp("store") / "fixture.gpkg", (OX, OY))


@pytest.fixture
def chinese():
    """The plugin's Chinese translation installed, as in a Chinese QGIS."""
    path = i18n.qm_path("zh_CN")
    if path is None:
        pytest.skip("the translation is not compiled: make qm")
    translator = QTranslator()
    assert translator.load(str(path))
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


@pytest.fixture
def project():
    project = QgsProject.instance()
    yield project
    project.removeAllMapLayers()
    project.layerTreeRoot().removeAllChildren()


def incidents():
    return layer([(point(50, 50), [None, None, None]), (point(-900, 50), [None, None, None])])


def value_map(layer_, name):
    setup = layer_.editorWidgetSetup(layer_.fields().indexOf(name))
    assert setup.type() == "ValueMap"
    return {code: label for entry in setup.config()["map"] for label, code in entry.items()}


def test_every_code_a_reader_meets_has_its_words():
    assert set(output_styles.route_rules()) == set(RULES)
    assert set(output_styles.geocoding_outcomes()) == set(OUTCOMES)
    assert set(output_styles.hotline_outcomes()) >= set(REASONS) | {"unreadable_row"}
    assert set(output_styles.grid_rules()) == set(GRID_RULES)


def test_a_geopackage_output_opened_later_reads_in_chinese(provider, store, tmp_path, chinese):
    path = tmp_path / "routed.gpkg"
    _, messages = run_algorithm(
        "route_incidents", {"INPUT": incidents(), "GEOPACKAGE": str(store), "OUTPUT": str(path)}
    )
    assert "网格内（inside）：1" in messages and "无法定位（unroutable）：1" in messages
    # Opened as any QGIS opens a file: its default style from layer_styles.
    opened = QgsVectorLayer(str(path), "routed", "ogr")
    fields = opened.fields()
    assert opened.attributeDisplayName(fields.indexOf("grid_code")) == "网格编码"
    assert opened.attributeDisplayName(fields.indexOf("rule")) == "规则"
    assert opened.attributeDisplayName(fields.indexOf("id")) == "id"  # the input's own
    assert value_map(opened, "rule")["unroutable"] == "无法定位"
    renderer = opened.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    assert renderer.classAttribute() == "rule"
    assert [(c.value(), c.label()) for c in renderer.categories()][:2] == [
        ("inside", "网格内"),
        ("on_boundary", "共用边界"),
    ]
    # The GeoPackage's own field titles, for GDAL 3.7+ and other GIS.
    with sqlite3.connect(path) as connection:
        titles = dict(
            connection.execute(
                "SELECT column_name, title FROM gpkg_data_columns WHERE table_name = 'routed'"
            )
        )
    connection.close()
    assert titles["grid_code"] == "网格编码" and "id" not in titles


def test_tables_of_codes_show_their_words(provider, store, tmp_path, chinese):
    source = tmp_path / "codes.csv"
    source.write_text("部件编码\n3210120101000001\n12\n3210120101999999\n", encoding="utf-8")
    _, messages = run_algorithm(
        "geocode_facility_codes",
        {
            "INPUT": str(source),
            "GEOPACKAGE": str(store),
            "OUTPUT": str(tmp_path / "placed.gpkg"),
            "ERRORS": str(tmp_path / "errors.gpkg"),
        },
    )
    assert "不在部件清查库中（not_in_inventory）：1" in messages
    errors = QgsVectorLayer(str(tmp_path / "errors.gpkg"), "errors", "ogr")
    assert errors.attributeDisplayName(errors.fields().indexOf("reason_code")) == "原因代码"
    assert value_map(errors, "reason_code")["wrong_length"] == "位数不对"
    placed = QgsVectorLayer(str(tmp_path / "placed.gpkg"), "placed", "ogr")
    assert placed.attributeDisplayName(placed.fields().indexOf("facility_code")) == "部件编码"
    assert value_map(placed, "state")["intact"] == "完好"


def test_outputs_loaded_into_the_project_are_styled(provider, store, project):
    import processing

    processing.runAndLoadResults(
        "jiangdu_grid:route_incidents",
        {"INPUT": incidents(), "GEOPACKAGE": str(store), "OUTPUT": "TEMPORARY_OUTPUT"},
    )
    (routed,) = project.mapLayers().values()
    assert routed.providerType() == "memory"
    assert routed.renderer().classAttribute() == "rule"
    assert routed.attributeDisplayName(routed.fields().indexOf("unit_name")) == ("Responsible unit")
    assert value_map(routed, "rule")["on_boundary"] == "on a shared boundary"


def test_density_outputs_load_heat_over_the_choropleths(provider, store, tmp_path, project):
    """The raster on top (transparent where no point is near), then the towns'
    choropleth, then the grids', unchecked: each would hide what lies under it."""
    import processing

    processing.runAndLoadResults(
        "jiangdu_grid:density_by_town",
        {
            "GEOPACKAGE": str(store),
            "RADIUS": 50,
            "PIXEL_SIZE": 5,
            "DENSITY": str(tmp_path / "density.tif"),
            "TOWNS": str(tmp_path / "towns.gpkg"),
            "GRIDS": str(tmp_path / "grids.gpkg"),
        },
    )
    order = [
        (node.layer().source().split("|")[0].rsplit("/", 1)[-1], node.isVisible())
        for node in project.layerTreeRoot().findLayers()
    ]
    assert order == [("density.tif", True), ("towns.gpkg", True), ("grids.gpkg", False)]
    towns = QgsVectorLayer(str(tmp_path / "towns.gpkg"), "towns", "ogr")
    assert towns.attributeDisplayName(towns.fields().indexOf("per_10k")) == "Per 10,000 people"
    assert towns.renderer().classAttribute() == "per_km2"
    # The raster's style beside it, read when QGIS opens it.
    assert (tmp_path / "density.qml").is_file()
    raster = QgsRasterLayer(str(tmp_path / "density.tif"), "density")
    assert isinstance(raster.renderer(), QgsSingleBandPseudoColorRenderer)
    shader = raster.renderer().shader().rasterShaderFunction()
    assert shader.legendSettings().numericFormat().numberDecimalPlaces() == 1
