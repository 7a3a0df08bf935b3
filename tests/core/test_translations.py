"""Every user-visible string of the plugin is in the Chinese translation, translated."""

import ast
import xml.etree.ElementTree as ET
from pathlib import Path

PLUGIN = Path(__file__).resolve().parents[2] / "jiangdu_grid_plugin"
TS = PLUGIN / "i18n" / "jiangdu_grid_plugin_zh_CN.ts"


def source_strings() -> set[str]:
    """Literals passed to tr(), translate(context, ...) and QT_TRANSLATE_NOOP(...)."""
    found = set()
    for path in PLUGIN.rglob("*.py"):
        if "core" in path.relative_to(PLUGIN).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            position = {"tr": 0, "translate": 1, "QT_TRANSLATE_NOOP": 1}.get(name)
            if position is None or len(node.args) <= position:
                continue
            literal = node.args[position]
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str):
                found.add(literal.value)
    for path in PLUGIN.rglob("*.ui"):
        found |= {element.text for element in ET.parse(path).iter("string") if element.text}
    return found


def translations() -> dict[str, str]:
    result = {}
    for message in ET.parse(TS).iter("message"):
        translation = message.find("translation")
        if translation.get("type") not in ("unfinished", "obsolete") and translation.text:
            result[message.find("source").text] = translation.text
    return result


def test_every_string_is_translated():
    missing = sorted(source_strings() - set(translations()))
    assert missing == [], "run make ts and translate: " + "; ".join(missing)


def test_translations_keep_their_placeholders():
    import re

    for source, translation in translations().items():
        assert sorted(re.findall(r"\{\w+\}", source)) == sorted(
            re.findall(r"\{\w+\}", translation)
        ), source
