"""Labels, stored styles and the atlas in the Chinese font this machine has: the first of
Microsoft YaHei, SimHei, Noto Sans CJK SC and WenQuanYi Micro Hei that is installed."""

from __future__ import annotations

import re
import subprocess

import pytest
from qgis.core import QgsLayoutItemLabel, QgsProject, QgsVectorLayer

from jiangdu_grid_plugin.core.styles import CJK_FONTS, shipped_qml
from jiangdu_grid_plugin.maps import fonts
from jiangdu_grid_plugin.maps.atlas import ATLAS_NAME, export_atlas_pdf
from jiangdu_grid_plugin.maps.project import save_project_in_store
from jiangdu_grid_plugin.toolbelt import compat
from tests.core.activity_fixture import add_activity
from tests.core.routing_fixture import build_store_file


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return add_activity(build_store_file(tmp_path_factory.mktemp("fonts") / "district.gpkg"))


@pytest.fixture
def project(store):
    project = save_project_in_store(store, QgsProject.instance())
    yield project
    project.clear()


def label_family(layer: QgsVectorLayer) -> str:
    return layer.labeling().settings().format().font().family()


def test_the_first_installed_font_of_the_list_is_chosen():
    assert fonts.cjk_family(["Arial", "Noto Sans CJK SC", "SimHei"]) == "SimHei"
    assert fonts.cjk_family(["WenQuanYi Micro Hei", "Noto Sans CJK SC"]) == "Noto Sans CJK SC"
    assert fonts.cjk_family(["Arial"]) is None
    # This machine (Debian with fonts-noto-cjk) has Noto and not the Windows fonts, although
    # fontconfig answers to their names.
    installed = compat.font_families()
    assert "Noto Sans CJK SC" in installed and "Microsoft YaHei" not in installed
    assert fonts.cjk_family() == "Noto Sans CJK SC"


def test_shipped_styles_name_a_font_of_the_list_and_are_rewritten_for_the_machine():
    qml = shipped_qml("towns")
    assert re.findall(r'fontFamily="([^"]+)"', qml) == ["Microsoft YaHei"]
    assert re.findall(r'fontFamily="([^"]+)"', fonts.resolve_qml(qml)) == ["Noto Sans CJK SC"]
    assert fonts.resolve_qml(qml.replace("Microsoft YaHei", "Arial")) == qml.replace(
        "Microsoft YaHei", "Arial"
    )  # a font outside the list is the user's choice


def test_the_project_labels_and_atlas_use_the_machines_font(project, tmp_path):
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    assert label_family(layers["镇"]) == "Noto Sans CJK SC"
    layout = project.layoutManager().layoutByName(ATLAS_NAME)
    families = {
        item.textFormat().font().family()
        if compat.LABELS_HAVE_TEXT_FORMAT
        else item.font().family()
        for item in layout.items()
        if isinstance(item, QgsLayoutItemLabel)
    }
    assert families == {"Noto Sans CJK SC"}


def test_a_project_made_on_another_machine_is_resolved_when_opened(project, tmp_path):
    towns = next(layer for layer in project.mapLayers().values() if layer.name() == "镇")
    settings = towns.labeling().settings()
    text_format = settings.format()
    font = text_format.font()
    font.setFamily("SimHei")  # as a Windows office would have saved it
    text_format.setFont(font)
    settings.setFormat(text_format)
    towns.labeling().setSettings(settings)
    layout = project.layoutManager().layoutByName(ATLAS_NAME)
    assert fonts.resolve_layout(layout, "SimHei") > 10
    project.setDirty(False)
    changed = fonts.resolve_project(project)
    assert changed > 10  # the town labels and every label and scale bar of the atlas
    assert label_family(towns) == "Noto Sans CJK SC"
    assert not project.isDirty()
    path = tmp_path / "atlas.pdf"
    fonts.resolve_layout(layout, "SimHei")
    assert export_atlas_pdf(layout, path, dpi=72) == 2  # resolved again before printing
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "NotoSansCJK" in listed and "SimHei" not in listed


def test_every_shipped_label_font_is_one_of_the_list():
    from jiangdu_grid_plugin.core.styles import style_files

    named = set()
    for path in style_files().values():
        named |= set(re.findall(r'fontFamily="([^"]+)"', path.read_text(encoding="utf-8")))
    assert named == {CJK_FONTS[0]}


@pytest.mark.slow
def test_the_demo_atlas_prints_under_3_mb_at_200_dpi(demo_store, tmp_path):
    """13 town pages with two heatmaps each, at the 200 dpi `make demo` prints at: the
    heatmaps go in opaque (no soft mask), the text as text in the machine's font."""
    from jiangdu_grid_plugin.maps.atlas import paper_heatmap

    project = save_project_in_store(demo_store, QgsProject.instance())
    try:
        path = tmp_path / "atlas.pdf"
        layout = project.layoutManager().layoutByName(ATLAS_NAME)
        assert export_atlas_pdf(layout, path) == 13
        assert path.stat().st_size < 3_000_000
        listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
        masks = [line.split() for line in listed.stdout.splitlines()[2:] if " smask " in line]
        assert masks and all(int(mask[3]) < 600 for mask in masks)  # the colour scales' only
        heat = next(x for x in project.mapLayers().values() if x.name() == "事件热力图")
        on_paper = paper_heatmap(heat)
        ramp, original = on_paper.renderer().colorRamp(), heat.renderer().colorRamp()
        assert ramp.color1().name() == "#ffffff" and ramp.color1().alpha() == 255
        assert (ramp.color2().alpha(), on_paper.opacity()) == (255, 1.0)
        assert len(ramp.stops()) == len(original.stops())
    finally:
        project.clear()
