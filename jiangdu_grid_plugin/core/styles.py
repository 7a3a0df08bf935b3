"""The layers' QGIS styles: the QML files in styles/, completed with the Chinese field
names of the schema and stored in the store, so that any QGIS opening the GeoPackage shows
styled layers with Chinese field names.

styles/<layer>.qml is a layer's default style; styles/<layer>@<variant>.qml are other
styles of it (a heatmap of the incidents, say), which QGIS offers under Layer Properties >
Style > Load Style > From Database.

Labels name a Chinese font of CJK_FONTS; the QGIS side puts the first one installed on the
machine in its place when a style is applied or stored (`with_font`), since each office
has a different one: Microsoft YaHei or SimHei on Windows, Noto Sans CJK SC or WenQuanYi
Micro Hei on Linux.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from .paths import shipped
from .store.schema import TABLES_BY_NAME
from .store.views import VIEWS_BY_NAME

DEFAULT_STYLE_NAME = "jiangdu_default"
# Chinese sans-serif fonts in order of preference: the first installed one is used.
CJK_FONTS = ("Microsoft YaHei", "SimHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei")
_FONT_ATTRIBUTE = re.compile(
    r'(fontFamily|family)="(' + "|".join(re.escape(name) for name in CJK_FONTS) + r')"'
)
LAYERS_BY_NAME = {**TABLES_BY_NAME, **VIEWS_BY_NAME}
# What the other styles show, in the names QGIS lists them by.
VARIANTS = {
    "heatmap": "热力图（核密度，半径 500 米）",
    "per_10k": "每万人",
}


def style_files() -> dict[tuple[str, str | None], Path]:
    """QML file per (layer, variant), the variant None for the default style."""
    files = {}
    for path in sorted(shipped("styles").glob("*.qml")):
        layer, _, variant = path.stem.partition("@")
        if layer in LAYERS_BY_NAME and (not variant or variant in VARIANTS):
            files[layer, variant or None] = path
    return files


def with_aliases(qml: str, table_name: str) -> str:
    """The QML with an <aliases> section giving each column its Chinese name."""
    # The DOCTYPE line is not XML that ElementTree keeps; put it back afterwards.
    doctype, _, body = qml.partition("\n") if qml.startswith("<!DOCTYPE") else ("", "", qml)
    root = ET.fromstring(body)
    for old in root.findall("aliases"):
        root.remove(old)
    aliases = ET.SubElement(root, "aliases")
    table = LAYERS_BY_NAME[table_name]
    for index, column in enumerate(table.columns, start=2 if table.is_layer else 1):
        if column.alias:
            ET.SubElement(aliases, "alias", field=column.name, index=str(index), name=column.alias)
    categories = root.get("styleCategories", "")
    if categories and "Fields" not in categories.split("|"):
        root.set("styleCategories", categories + "|Fields")
    text = ET.tostring(root, encoding="unicode")
    return f"{doctype}\n{text}" if doctype else text


def with_font(qml: str, family: str | None) -> str:
    """The QML with every label font of CJK_FONTS replaced by `family` (unchanged if None)."""
    if not family:
        return qml
    return _FONT_ATTRIBUTE.sub(lambda match: f'{match.group(1)}="{family}"', qml)


def style_name(variant: str | None) -> str:
    """The name a style is stored under in layer_styles."""
    return DEFAULT_STYLE_NAME if variant is None else f"jiangdu_{variant}"


def shipped_qml(layer: str, variant: str | None = None, font: str | None = None) -> str:
    """The shipped style of a layer, with its Chinese field names, its labels in `font`
    when given."""
    path = style_files().get((layer, variant))
    if path is None:
        raise KeyError(f"no shipped style {style_name(variant)} for {layer}")
    return with_font(with_aliases(path.read_text(encoding="utf-8"), layer), font)


def install_styles(store, layers=None, font: str | None = None) -> list[str]:
    """Store the shipped styles of the layers (all by default), their labels in `font`
    when given (the CJK font the QGIS side found installed); returns the names of the
    styles stored, as layer/style."""
    stored = []
    for layer, variant in style_files():
        if layers is not None and layer not in layers:
            continue
        title = LAYERS_BY_NAME[layer].title
        if variant is None:
            description = f"{title} (jiangdu_grid_plugin)"
        else:
            description = f"{title} · {VARIANTS[variant]}"
        name = style_name(variant)
        store.set_style(
            layer, name, shipped_qml(layer, variant, font), description, default=variant is None
        )
        stored.append(f"{layer}/{name}")
    return stored
