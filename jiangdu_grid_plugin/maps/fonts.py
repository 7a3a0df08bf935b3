"""The Chinese font of labels, styles and the atlas, chosen on the machine that shows or
prints them: the first of core.styles.CJK_FONTS installed here (Microsoft YaHei or SimHei
on Chinese Windows, Noto Sans CJK SC or WenQuanYi Micro Hei on Linux).

A style or a project made on one machine names the font found there; `resolve_project`,
run when a project is opened and before the atlas is printed, swaps a font of the list
that this machine lacks for the one it has. Fonts outside the list are left alone.
"""

from __future__ import annotations

import logging

from qgis.core import (
    QgsLayoutItemLabel,
    QgsLayoutItemScaleBar,
    QgsRuleBasedLabeling,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)

from ..core.styles import CJK_FONTS, with_font
from ..toolbelt import compat

LOGGER = logging.getLogger(__name__)


def cjk_family(installed: list[str] | None = None) -> str | None:
    """The first font of CJK_FONTS among `installed` (the machine's fonts by default), or
    None when there is none (Qt then substitutes what it can)."""
    installed = set(compat.font_families() if installed is None else installed)
    family = next((name for name in CJK_FONTS if name in installed), None)
    if family is None:
        LOGGER.warning("none of the Chinese fonts %s is installed", ", ".join(CJK_FONTS))
    return family


def resolve_qml(qml: str, family: str | None = None) -> str:
    """A QML style with its labels in the machine's Chinese font."""
    return with_font(qml, family or cjk_family())


def _needs(font_family: str, family: str | None) -> bool:
    return bool(family) and font_family in CJK_FONTS and font_family != family


def _resolved_format(text_format, family: str | None):
    """The text format with the family replaced, or None when it needs no change."""
    font = text_format.font()
    if not _needs(font.family(), family):
        return None
    font.setFamily(family)
    text_format.setFont(font)
    return text_format


def resolve_layer(layer, family: str | None = None) -> int:
    """Put the labels of a vector layer in the Chinese font; returns how many label
    settings changed."""
    if not isinstance(layer, QgsVectorLayer) or layer.labeling() is None:
        return 0
    family = family or cjk_family()
    labeling = layer.labeling()
    changed = 0
    if isinstance(labeling, QgsVectorLayerSimpleLabeling):
        settings = labeling.settings()
        text_format = _resolved_format(settings.format(), family)
        if text_format is not None:
            settings.setFormat(text_format)
            labeling.setSettings(settings)
            changed += 1
    elif isinstance(labeling, QgsRuleBasedLabeling):
        for rule in labeling.rootRule().descendants():
            settings = rule.settings()
            if settings is None:
                continue
            text_format = _resolved_format(settings.format(), family)
            if text_format is not None:
                settings.setFormat(text_format)
                rule.setSettings(settings)
                changed += 1
    if changed:
        layer.triggerRepaint()
    return changed


def resolve_layout(layout, family: str | None = None) -> int:
    """Put the labels and scale bars of a print layout in the Chinese font; returns how
    many items changed."""
    family = family or cjk_family()
    changed = 0
    for item in layout.items():
        if isinstance(item, QgsLayoutItemScaleBar):
            text_format = _resolved_format(item.textFormat(), family)
            if text_format is not None:
                item.setTextFormat(text_format)
                changed += 1
        elif isinstance(item, QgsLayoutItemLabel):
            if compat.LABELS_HAVE_TEXT_FORMAT:
                text_format = _resolved_format(item.textFormat(), family)
                if text_format is not None:
                    item.setTextFormat(text_format)
                    changed += 1
            elif _needs(item.font().family(), family):
                font = item.font()
                font.setFamily(family)
                item.setFont(font)
                changed += 1
    return changed


def resolve_project(project) -> int:
    """Put every label of the project's layers and layouts in the machine's Chinese font;
    returns how many label settings and layout items changed."""
    family = cjk_family()
    if family is None:
        return 0
    was_dirty = project.isDirty()
    changed = sum(resolve_layer(layer, family) for layer in project.mapLayers().values())
    for layout in project.layoutManager().layouts():
        changed += resolve_layout(layout, family)
    if changed and not was_dirty:
        project.setDirty(False)  # a font swapped for this machine is no edit to save
    return changed
