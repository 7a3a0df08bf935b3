"""The Tianditu (天地图) basemap: its tile addresses, added switched off only when the user
has a key, the key kept out of every saved project and put back when one is read, and the
sentences for a missing or refused key. (Tianditu itself cannot be reached from the test
machines.)"""

from __future__ import annotations

import sqlite3
import zipfile
from io import BytesIO

import pytest
from qgis.core import QgsProject, QgsSettings

from jiangdu_grid_plugin.maps import tianditu
from jiangdu_grid_plugin.maps.project import project_uri, save_project_in_store
from jiangdu_grid_plugin.toolbelt import settings
from tests.core.activity_fixture import add_activity
from tests.core.routing_fixture import build_store_file

KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def key():
    settings.save_tianditu_key(KEY)
    yield KEY
    QgsSettings().remove(settings.TIANDITU_KEY)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return add_activity(build_store_file(tmp_path_factory.mktemp("tdt") / "district.gpkg"))


def saved_project_text(store, name="jiangdu") -> str:
    """The project QGIS saved in the GeoPackage: a .qgz, hex-encoded."""
    with sqlite3.connect(store) as connection:
        (content,) = connection.execute(
            "SELECT content FROM qgis_projects WHERE name = ?", (name,)
        ).fetchone()
    with zipfile.ZipFile(BytesIO(bytes.fromhex(content))) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".qgs"))
        return archive.read(name).decode("utf-8")


def test_tile_addresses():
    assert tianditu.tile_url("vec", "K", server=3) == (
        "https://t3.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
        "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=K"
    )
    assert tianditu.layer_uri("cva", "K") == (
        "type=xyz&url=https://t0.tianditu.gov.cn/cva_w/wmts?SERVICE%3DWMTS%26REQUEST%3DGetTile"
        "%26VERSION%3D1.0.0%26LAYER%3Dcva%26STYLE%3Ddefault%26TILEMATRIXSET%3Dw%26FORMAT%3Dtiles"
        "%26TILEMATRIX%3D{z}%26TILEROW%3D{y}%26TILECOL%3D{x}%26tk%3DK&zmin=1&zmax=18"
    )
    labels, vector = tianditu.basemap_layers("K")
    assert (labels.name(), vector.name()) == ("天地图矢量注记", "天地图矢量")
    assert vector.isValid() and vector.providerType() == "wms"
    assert vector.crs().authid() == "EPSG:3857"


def test_without_a_key_no_basemap_and_a_sentence_says_why(store, caplog):
    assert settings.tianditu_key() == ""
    with pytest.raises(tianditu.MissingKeyError, match="No Tianditu key is set"):
        tianditu.basemap_layers("")
    project = QgsProject()
    try:
        with caplog.at_level("INFO", logger="jiangdu_grid_plugin.maps.project"):
            save_project_in_store(store, project)
        assert project.layerTreeRoot().findGroup(tianditu.GROUP_NAME) is None
        assert "console.tianditu.gov.cn" in caplog.text
    finally:
        project.clear()
    assert "tianditu" not in saved_project_text(store)


def test_with_a_key_the_basemap_is_off_and_the_key_is_never_saved(store, key):
    project = QgsProject()
    try:
        save_project_in_store(store, project)
        group = project.layerTreeRoot().findGroup(tianditu.GROUP_NAME)
        assert [layer.name() for layer in group.findLayers()] == ["天地图矢量注记", "天地图矢量"]
        assert not group.itemVisibilityChecked()
        assert project.layerTreeRoot().children()[-1] is group  # under everything
        assert all(KEY in layer.layer().source() for layer in group.findLayers())
    finally:
        project.clear()
    text = saved_project_text(store)
    assert KEY not in text
    assert text.count("<datasource>type=xyz&amp;url=https://t0.tianditu.gov.cn") == 2
    assert text.count(f"tk%3D{tianditu.KEY_PLACEHOLDER}") == 4  # layers and layer tree

    guard = tianditu.KeyGuard()
    guard.install()
    reopened = QgsProject()
    try:
        assert reopened.read(project_uri(store))
        sources = [
            layer.source()
            for layer in reopened.mapLayers().values()
            if tianditu.HOST in layer.source()
        ]
        assert len(sources) == 2 and all(f"tk%3D{KEY}" in s for s in sources)
        reopened.write(project_uri(store, "copy"))  # written through the guard again
    finally:
        reopened.clear()
        guard.uninstall()
    assert KEY not in saved_project_text(store, "copy")
    assert saved_project_text(store, "copy").count(f"tk%3D{tianditu.KEY_PLACEHOLDER}") == 4


def test_a_refused_key_is_named(key):
    url = tianditu.tile_url("vec", KEY).format(x=1, y=2, z=3)
    refused = tianditu.refusal(url, 403, "Error transferring - server replied: Forbidden")
    assert refused.startswith("Tianditu refused the basemap tiles (HTTP 403)")
    assert tianditu.refusal(url, 200, None) is None
    assert tianditu.refusal("https://tile.openstreetmap.org/1/2/3.png", 403, "x") is None
    offline = tianditu.refusal(url, None, "Host t0.tianditu.gov.cn not found")
    assert "(Host t0.tianditu.gov.cn not found)" in offline


def test_the_options_page_keeps_the_key_and_the_csv_encoding(qgis_iface):
    from jiangdu_grid_plugin.gui.options_page import JiangduOptionsPage

    page = JiangduOptionsPage()
    assert page.tiandituNote.text().startswith("No Tianditu key is set")
    page.tiandituEdit.setText(f" {KEY} ")
    page.csvBox.setCurrentIndex(page.csvBox.findData("gb18030"))
    try:
        page.apply()
        assert (settings.tianditu_key(), settings.csv_encoding()) == (KEY, "gb18030")
        assert "projects are saved without it" in page.tiandituNote.text()
    finally:
        QgsSettings().remove(settings.TIANDITU_KEY)
        QgsSettings().remove(settings.CSV_ENCODING)
