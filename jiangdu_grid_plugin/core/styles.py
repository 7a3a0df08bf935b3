"""The layers' QGIS styles: the QML files in styles/, completed with the Chinese field
names of the schema and stored in the store as each layer's default style, so that any
QGIS opening the GeoPackage shows styled layers with Chinese field names.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .paths import shipped
from .store.schema import TABLES_BY_NAME

DEFAULT_STYLE_NAME = "jiangdu_default"


def style_files() -> dict[str, Path]:
    """QML file per table, for the tables that have one."""
    return {
        path.stem: path
        for path in sorted(shipped("styles").glob("*.qml"))
        if path.stem in TABLES_BY_NAME
    }


def with_aliases(qml: str, table_name: str) -> str:
    """The QML with an <aliases> section giving each column its Chinese name."""
    # The DOCTYPE line is not XML that ElementTree keeps; put it back afterwards.
    doctype, _, body = qml.partition("\n") if qml.startswith("<!DOCTYPE") else ("", "", qml)
    root = ET.fromstring(body)
    for old in root.findall("aliases"):
        root.remove(old)
    aliases = ET.SubElement(root, "aliases")
    table = TABLES_BY_NAME[table_name]
    for index, column in enumerate(table.columns, start=2 if table.is_layer else 1):
        if column.alias:
            ET.SubElement(aliases, "alias", field=column.name, index=str(index), name=column.alias)
    categories = root.get("styleCategories", "")
    if categories and "Fields" not in categories.split("|"):
        root.set("styleCategories", categories + "|Fields")
    text = ET.tostring(root, encoding="unicode")
    return f"{doctype}\n{text}" if doctype else text


def install_default_styles(store) -> list[str]:
    """Store every layer's style as its default; returns the tables styled."""
    styled = []
    for table_name, path in style_files().items():
        qml = with_aliases(path.read_text(encoding="utf-8"), table_name)
        store.set_default_style(
            table_name,
            DEFAULT_STYLE_NAME,
            qml,
            f"{TABLES_BY_NAME[table_name].title} (jiangdu_grid_plugin)",
        )
        styled.append(table_name)
    return styled
