"""The supervisor's project saved in a store: its layers and stored styles, and the town
atlas, printed from Python and from qgis_process."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest
from qgis.core import (
    QgsGraduatedSymbolRenderer,
    QgsHeatmapRenderer,
    QgsLayoutItemLabel,
    QgsProject,
    QgsUnitTypes,
)

from jiangdu_grid_plugin.maps.atlas import ATLAS_NAME, export_atlas_pdf
from jiangdu_grid_plugin.maps.project import project_uri, save_project_in_store
from tests.core.activity_fixture import add_activity
from tests.core.routing_fixture import build_store_file


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return add_activity(build_store_file(tmp_path_factory.mktemp("project") / "district.gpkg"))


@pytest.fixture
def project(store):
    project = save_project_in_store(store, QgsProject.instance())
    yield project
    project.clear()


def pdf_text(path, page):
    """The text of a PDF page, with the CJK radicals some fonts map to put back."""
    text = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return unicodedata.normalize("NFKC", text)


def test_layers_in_their_stored_styles(project):
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    heat = layers["事件热力图"].renderer()
    assert isinstance(heat, QgsHeatmapRenderer)
    assert (heat.radius(), heat.radiusUnit()) == (500.0, QgsUnitTypes.RenderMapUnits)
    assert heat.maximumValue() == 40.0
    assert layers["事件热力图"].hasScaleBasedVisibility()
    assert layers["事件热力图"].maximumScale() == 20000.0  # points instead when zoomed in
    assert isinstance(layers["执法案件热力图"].renderer(), QgsHeatmapRenderer)
    by_area = layers["镇事件密度（件/平方公里）"].renderer()
    assert isinstance(by_area, QgsGraduatedSymbolRenderer)
    assert by_area.classAttribute() == "incidents_per_km2"
    assert [r.label() for r in by_area.ranges()] == ["< 5", "5 – 10", "10 – 20", "20 – 40", "≥ 40"]
    by_people = layers["网格事件数（件/万人）"].renderer()
    assert by_people.classAttribute() == "incidents_per_10k"
    towns = layers["镇事件密度（件/平方公里）"]
    assert towns.featureCount() == 2
    assert towns.attributeDisplayName(towns.fields().indexOf("closure_rate")) == "办结率"
    tree = project.layerTreeRoot()
    groups = [group.name() for group in tree.children()]
    assert groups == ["事件与执法", "统计", "城市部件", "基础区划", "上报表单"]
    assert tree.findLayer(layers["事件热力图"]).isVisible()
    assert not tree.findLayer(layers["执法案件热力图"]).isVisible()


def test_atlas_pages_carry_each_towns_figures(project, tmp_path):
    layout = project.layoutManager().layoutByName(ATLAS_NAME)
    atlas = layout.atlas()
    assert atlas.coverageLayer().name() == "镇事件密度（件/平方公里）"
    atlas.beginRender()
    assert atlas.count() == 2
    atlas.first()
    texts = [item.currentText() for item in layout.items() if isinstance(item, QgsLayoutItemLabel)]
    atlas.endRender()
    assert "仙女镇事件与执法态势" in texts
    assert "江都区网格化社会治理 · 2019年5月20日至2019年6月20日" in texts
    figures = next(t for t in texts if t.startswith("事件 "))
    assert figures.splitlines() == [
        "事件 5 件　每平方公里 125.0 件　每万人 — 件　事件密度居全区第 1 位（共 2 镇）",
        "办结 4 件　在办 1 件　办结率 80.00%",
        "执法案件 2 件　每平方公里 50.00 件",
        "主要事件类别　城市管理 5",
    ]
    path = tmp_path / "atlas.pdf"
    assert export_atlas_pdf(layout, path, dpi=72) == 2
    second = pdf_text(path, 2)
    assert "小纪镇事件与执法态势" in second
    assert "事件 2 件" in second and "事件密度居全区第 2 位" in second


def test_qgis_process_prints_the_atlas_from_the_store(store, project, qgis_process, tmp_path):
    path = tmp_path / "from_qgis_process.pdf"
    result = qgis_process(
        "run",
        "native:atlaslayouttopdf",
        f"--PROJECT_PATH={project_uri(store)}",
        f"--LAYOUT={ATLAS_NAME}",
        f"--OUTPUT={path}",
        "--DPI=72",
    )
    assert result.returncode == 0, result.stderr
    assert "仙女镇事件与执法态势" in pdf_text(path, 1)
    assert "办结率 80.00%" in pdf_text(path, 1)


def test_a_layer_without_its_own_stored_style_gets_the_shipped_one(tmp_path):
    """Another table's style of the same name is not the layer's (a store whose tables
    lack their styles: here only the towns have a default)."""
    from jiangdu_grid_plugin.core.store import open_store
    from jiangdu_grid_plugin.core.styles import DEFAULT_STYLE_NAME, shipped_qml

    path = add_activity(build_store_file(tmp_path / "district.gpkg"))
    with open_store(path) as store:
        store.set_style("towns", DEFAULT_STYLE_NAME, shipped_qml("towns"))
    project = QgsProject()
    try:
        save_project_in_store(path, project)
        layers = {layer.name(): layer for layer in project.mapLayers().values()}
        incidents = layers["事件"].renderer()  # the shipped incidents style: by step
        assert incidents.type() == "RuleRenderer"
        assert incidents.rootRule().children()[0].filterExpression() == "\"step\" = 'reported'"
    finally:
        project.clear()
