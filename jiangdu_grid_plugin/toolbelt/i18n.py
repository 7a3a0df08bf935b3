"""The plugin's translator: Chinese from i18n/jiangdu_grid_plugin_<locale>.qm.

English is the source language. QGIS names Simplified Chinese "zh-Hans" in its own
language list and "zh_CN" when taken from the system; both load the zh_CN translation,
and any other Chinese locale falls back to the plain language code ("zh").
"""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from ..__about__ import PLUGIN_DIR

_ALIASES = {"zh-hans": "zh_CN", "zh_hans": "zh_CN", "zh-cn": "zh_CN", "zh_sg": "zh_CN"}


def candidates(locale: str) -> list[str]:
    """Translation names to try for a QGIS locale, most specific first."""
    locale = (locale or "").strip()
    if not locale:
        return []
    normalised = _ALIASES.get(locale.lower(), locale.replace("-", "_"))
    names = [normalised, normalised.split("_")[0]]
    return list(dict.fromkeys(names))


def qm_path(locale: str):
    for name in candidates(locale):
        path = PLUGIN_DIR / "i18n" / f"jiangdu_grid_plugin_{name}.qm"
        if path.is_file():
            return path
    return None


def current_locale() -> str:
    """The language QGIS shows its interface in: the translation it was started with
    (`qgis --lang zh-Hans`, or the user's choice in Options), else its locale."""
    app = QgsApplication.instance()
    translation = app.translation() if app is not None else ""
    return translation or QgsApplication.locale()


def language() -> str:
    """The language the core speaks to the user in: "zh" or "en" (core.text)."""
    from ..core.text import language_of

    return language_of(current_locale())


def install() -> QTranslator | None:
    """Install the translator for QGIS's current language; None when English is wanted."""
    path = qm_path(current_locale())
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def uninstall(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
