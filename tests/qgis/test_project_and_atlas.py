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
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsProject,
    QgsUnitTypes,
)

from jiangdu_grid_plugin.maps.atlas import ATLAS_LAYER, ATLAS_NAME, export_atlas_pdf
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


def community_rows(project):
    layer = next(x for x in project.mapLayers().values() if x.name() == "村（社区）")
    return [{"name": f["name"], "town": f["town_code"]} for f in layer.getFeatures()]


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


def test_heat_when_zoomed_out_and_every_dot_when_zoomed_in(project):
    """The district and town views show the heatmap and the open incidents; closed ones
    join them as dots from 1:20,000 in, where the heatmap steps aside."""
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    heat, dots = layers["事件热力图"], layers["事件"]

    def steps_drawn(scale):
        return [
            rule.filterExpression().split("'")[1]
            for rule in dots.renderer().rootRule().children()
            if rule.isScaleOK(scale)
        ]

    open_steps = ["reported", "registered", "dispatched", "handled", "extension_requested"]
    open_steps.append("suspended")  # every open step is drawn, 挂账 too
    for scale in (500_000, 100_000, 25_000):  # the district, a town, a community
        assert steps_drawn(scale) == open_steps
        assert heat.isInScaleRange(scale)
    for scale in (20_000, 5_000, 1_000):
        assert steps_drawn(scale) == [*open_steps, "closed", "evaluated", "rejected"]
    assert not heat.isInScaleRange(5_000)
    from jiangdu_grid_plugin.core.store import open_store

    with open_store(dots.source().split("|")[0]) as store:
        states = {state["code"] for state in store.incident_states()}
    assert set(steps_drawn(1_000)) == states


def test_polygon_labels_stay_on_their_polygons_centre(project):
    """Town, community and grid names sit at the polygon's own centre, not at the
    middle of what the map shows (where a located incident or facility is)."""
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    for name in ("镇", "村（社区）", "基层网格", "镇事件密度（件/平方公里）"):
        assert layers[name].labeling().settings().centroidWhole, name


def test_atlas_pages_carry_each_towns_figures(project, tmp_path):
    layout = project.layoutManager().layoutByName(ATLAS_NAME)
    assert layout.renderContext().dpi() == 200  # the designer's export too: under 3 MB
    atlas = layout.atlas()
    assert atlas.coverageLayer().name() == "镇事件密度（件/平方公里）"
    drawn = [x.name() for x in project.mapLayers().values() if x.customProperty(ATLAS_LAYER)]
    assert sorted(drawn) == ["事件热力图（图册）", "执法案件热力图（图册）"]
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
        "执法案件 2 件　每平方公里 50.0 件",
        "主要事件类别　城市管理 5",
    ]
    path = tmp_path / "atlas.pdf"
    assert export_atlas_pdf(layout, path, dpi=72) == 2
    second = pdf_text(path, 2)
    assert "小纪镇事件与执法态势" in second
    assert "事件 2 件" in second and "事件密度居全区第 2 位" in second
    # Each map: the heat clipped to the town, its communities named, a north arrow and
    # a scale bar; one wording for both colour scales; a footer without a file name.
    maps = [item for item in layout.items() if isinstance(item, QgsLayoutItemMap)]
    assert len(maps) == 2
    for item in maps:
        clipping = item.atlasClippingSettings()
        assert clipping.enabled() and clipping.restrictToLayers()
        assert [layer.name() for layer in clipping.layersToClip()] in (
            ["事件热力图（图册）"],
            ["执法案件热力图（图册）"],
        )
        assert "本镇村（社区）（图册）" in [layer.name() for layer in item.layers()]
    assert {p.linkedMap() for p in layout.items() if isinstance(p, QgsLayoutItemPicture)} == set(
        maps
    )
    bars = [b.linkedMap() for b in layout.items() if isinstance(b, QgsLayoutItemScaleBar)]
    assert sorted(map(id, bars)) == sorted(map(id, maps))
    first = " ".join(pdf_text(path, 1).split())
    for what in ("事件", "执法案件"):
        caption = unicodedata.normalize("NFKC", f"核密度：半径 500 米内{what}的四次核加权数")
        assert caption in first
    assert "坐标系 CGCS" in first and "数据" not in first and ".gpkg" not in first
    names = {row["name"] for row in community_rows(project) if row["town"] == "321012100"}
    assert names and all(name in first for name in names)


def test_counts_in_the_top_categories_get_the_thousands_separator(project):
    from qgis.core import QgsExpression, QgsExpressionContext, QgsFeature, QgsFields

    from jiangdu_grid_plugin.core.store.views import VIEWS_BY_NAME
    from jiangdu_grid_plugin.maps.atlas import TOP_CATEGORIES

    assert "top_categories" in [c.name for c in VIEWS_BY_NAME["town_activity"].columns]
    fields = QgsFields()
    fields.append(
        project.mapLayersByName("镇事件密度（件/平方公里）")[0].fields().field("top_categories")
    )
    feature = QgsFeature(fields)
    context = QgsExpressionContext()
    context.setFeature(feature)
    expression = QgsExpression(TOP_CATEGORIES)
    for text, shown in (
        (
            "城市管理 3274、综合治理 1265、安全监管 840",
            "城市管理 3,274、综合治理 1,265、安全监管 840",
        ),
        ("城市管理 5", "城市管理 5"),
        (None, "无"),
    ):
        feature.setAttributes([text])
        context.setFeature(feature)
        assert expression.evaluate(context) == shown


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


def test_a_copy_of_the_store_under_another_name_opens_its_own_layers(store, tmp_path):
    """The stored project names its layers relative to the store; under another name,
    the plugin's path preprocessor sends them to the store read from. Without it, QGIS
    finds none of them."""
    import shutil

    from jiangdu_grid_plugin.toolbelt import project_paths

    saved = QgsProject()
    save_project_in_store(store, saved)
    saved.clear()
    renamed = tmp_path / "江都网格_2026.gpkg"
    shutil.copy(store, renamed)
    project = QgsProject.instance()

    def valid():
        assert project.read(project_uri(renamed))
        layers = list(project.mapLayers().values())
        try:
            return len(layers), sum(layer.isValid() for layer in layers)
        finally:
            project.clear()

    count, found = valid()
    assert count > 10 and found == 0
    preprocessor = project_paths.install()
    try:
        assert valid() == (count, count)
        project.read(project_uri(renamed))
        sources = {layer.source().split("|")[0] for layer in project.mapLayers().values()}
        project.clear()
        assert sources == {str(renamed)}
    finally:
        project_paths.uninstall(preprocessor)


def test_only_a_missing_geopackage_beside_the_store_is_taken_for_the_store(tmp_path):
    from jiangdu_grid_plugin.toolbelt.project_paths import in_renamed_store

    store = str(tmp_path / "新名.gpkg")
    (tmp_path / "other.gpkg").write_bytes(b"")
    assert in_renamed_store("./old.gpkg|layername=grids", store) == "./新名.gpkg|layername=grids"
    assert in_renamed_store("old.gpkg", store) == "./新名.gpkg"
    assert in_renamed_store("./other.gpkg|layername=x", store) == "./other.gpkg|layername=x"
    assert in_renamed_store("../old.gpkg|layername=x", store) == "../old.gpkg|layername=x"
    assert in_renamed_store("./old.shp", store) == "./old.shp"
    assert in_renamed_store("./old.gpkg|layername=grids", None) == "./old.gpkg|layername=grids"


def test_filtering_the_incidents_leaves_the_other_layers_readable(demo_store, tmp_path):
    """The dock filters the store's incident layers; on the demo's 110 MB GeoPackage,
    QGIS's write-ahead log then lost the heatmaps and choropleths drawn from the same file
    ("unable to open database file"). With the plugin's rollback journal every layer
    stays readable."""
    import shutil

    from jiangdu_grid_plugin.toolbelt import geopackage_journal

    path = tmp_path / "jiangdu_demo.gpkg"
    shutil.copy(demo_store, path)
    saved = QgsProject()
    save_project_in_store(path, saved)
    saved.clear()
    installed = geopackage_journal.install()
    project = QgsProject.instance()
    try:
        assert project.read(project_uri(path))
        layers = list(project.mapLayers().values())
        incidents = [x for x in layers if "layername=incidents" in x.source()]
        assert len(incidents) == 3  # the dots, the heatmap and the atlas's heatmap
        for layer in incidents:
            layer.setSubsetString("\"town_code\" = '321012100'")
        counts = {layer.name(): layer.featureCount() for layer in layers}
        assert -1 not in counts.values(), counts
        assert {counts[x.name()] for x in incidents} == {sum(1 for f in incidents[0].getFeatures())}
        assert counts["镇事件密度（件/平方公里）"] == 13
    finally:
        project.clear()
        geopackage_journal.uninstall(installed)
