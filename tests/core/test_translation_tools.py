"""`make ts` refreshes the translation source with pylupdate5 (Qt 5), pylupdate6 (PyQt6)
or Qt 6's lupdate, and each finds exactly the messages the committed .ts has: it is up to
date with the code whichever tool made it."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest

from tools import qt6_check, translations


def messages(ts) -> dict[tuple[str, str], str | None]:
    """(context, source) → translation, None where unfinished."""
    found = {}
    for context in ET.parse(ts).iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation.get("type") != "unfinished"
            found[name, message.find("source").text] = translation.text if done else None
    return found


@pytest.mark.parametrize("tool", translations.TOOLS)
def test_every_extractor_finds_what_the_committed_ts_has(tool, tmp_path):
    if tool == "pylupdate6":
        qt6_check.ensure_pyqt6()  # PyQt6 from PyPI, as `make qt6-env` installs it
    elif tool == "lupdate6" and translations.find(tool) is None:
        pytest.skip("Qt 6's lupdate is not installed here (Debian: qt6-l10n-tools)")
    ts = tmp_path / "zh_CN.ts"
    shutil.copy(translations.TS, ts)
    assert translations.update(ts, tool) == tool
    committed, refreshed = messages(translations.TS), messages(ts)
    assert len(committed) > 250
    assert refreshed == committed


def test_a_new_string_comes_in_unfinished(tmp_path, monkeypatch):
    source = tmp_path / "extra.py"
    source.write_text(
        "from qgis.PyQt.QtCore import QCoreApplication\n"
        'TEXT = QCoreApplication.translate("Extra", "A sentence no one translated")\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(translations, "sources", lambda: [source])
    ts = tmp_path / "zh_CN.ts"
    shutil.copy(translations.TS, ts)
    translations.update(ts)
    assert messages(ts) == {("Extra", "A sentence no one translated"): None}
