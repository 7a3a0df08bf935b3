"""Every error a user can cause reaches them as a sentence naming the file and what to
do, never as a traceback: a damaged (truncated) store, a store another writer holds
locked, a read-only store, a new store in a folder that cannot be written, and the
input files the readers refuse (a 2 MB field, an empty or a binary CSV)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from qgis.core import QgsProcessingException

from jiangdu_grid_plugin.core.store.sqlite import connection as sqlite_connection
from jiangdu_grid_plugin.core.store.sqlite import store as sqlite_store
from tests.core.routing_fixture import build_store_file
from tests.qgis.running import run_algorithm
from tests.qgis.test_all_or_nothing import read
from tests.qgis.test_hotline_and_coordinates import PARAMETERS, hotline_file


def algorithms(store, tmp_path, source):
    """(name, parameters) of algorithms that read or write the store `store`."""
    out = tmp_path / "out"
    return [
        (
            "import_hotline",
            dict(
                PARAMETERS,
                INPUT=str(source),
                GEOPACKAGE=str(store),
                OUTPUT=str(out / "imported.gpkg"),
                ERRORS=str(out / "errors.csv"),
            ),
        ),
        (
            "geocode_facility_codes",
            dict(
                INPUT=str(source),
                CODE_FIELD="工单号",
                GEOPACKAGE=str(store),
                OUTPUT=str(out / "placed.gpkg"),
                ERRORS=str(out / "not_placed.gpkg"),
            ),
        ),
        ("validate_grids", dict(GEOPACKAGE=str(store), OUTPUT=str(out / "problems.gpkg"))),
        ("workflow_report", dict(GEOPACKAGE=str(store), OUTPUT=str(out / "report.csv"))),
    ]


def said(name: str, parameters: dict) -> str:
    """The sentence an algorithm fails with (a failure without one fails the test)."""
    with pytest.raises(QgsProcessingException) as failed:
        run_algorithm(name, parameters)
    message = str(failed.value)
    assert "Traceback" not in message and "Error:" not in message, message
    return message


@pytest.fixture
def store(tmp_path):
    return build_store_file(tmp_path / "fixture.gpkg")


def test_a_truncated_store(provider, store, tmp_path):
    data = store.read_bytes()
    store.write_bytes(data[: len(data) // 2])
    for name, parameters in algorithms(store, tmp_path, hotline_file(tmp_path / "h.csv")):
        assert said(name, parameters) == (
            f"{store} is damaged (truncated or corrupted: database disk image is malformed). "
            "Restore it from a backup or copy it again from where it came; nothing was "
            "written to it."
        ), name


def test_a_store_another_writer_holds(provider, store, tmp_path, monkeypatch):
    monkeypatch.setattr(sqlite_connection, "BUSY_TIMEOUT_S", 0.2)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('BEGIN EXCLUSIVE'); print('held', flush=True); time.sleep(60)",
            str(store),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        for name, parameters in algorithms(store, tmp_path, hotline_file(tmp_path / "h.csv")):
            assert said(name, parameters) == (
                f"{store} is locked by another program writing to it (another QGIS saving, "
                "an import, a copy). Try again when it has finished."
            ), name
    finally:
        holder.kill()
        holder.wait()


def test_a_read_only_store(provider, store, tmp_path, monkeypatch):
    """As SQLite opens a file it may not write (these tests run as root, whom file
    permissions do not stop)."""

    def read_only(path):
        opened = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        sqlite_connection.register_functions(opened)
        return opened

    monkeypatch.setattr(sqlite_store, "connect", read_only)
    name, parameters = algorithms(store, tmp_path, hotline_file(tmp_path / "h.csv"))[0]
    assert said(name, parameters) == (
        f"{store} is read-only here (the file's or its folder's permissions, or a read-only "
        "disk). Copy it to a folder you can write to, or ask for permission to write it."
    )
    assert not (tmp_path / "out" / "imported.gpkg").exists()


@pytest.mark.parametrize("where", ["under a file", "/proc"])
def test_a_new_store_where_no_folder_can_be_made(provider, tmp_path, where):
    (tmp_path / "a file").write_text("x")
    path = tmp_path / "a file" / "new.gpkg" if where == "under a file" else "/proc/new.gpkg"
    assert said("create_store", dict(OUTPUT=str(path))) == (
        f"{path} cannot be opened or made: its folder does not exist or cannot be written. "
        "Choose a folder you can write to."
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty: it has no header row"),
        (b"\x00\x01\x02binary\xff\xfe" * 50, "is not a text table: it holds binary data"),
    ],
)
def test_empty_and_binary_inputs(provider, store, tmp_path, content, words):
    source = tmp_path / "list.csv"
    source.write_bytes(content)
    for name, parameters in algorithms(store, tmp_path, source)[:2]:
        message = said(name, parameters)
        assert str(source) in message and words in message, (name, message)


def test_a_two_megabyte_field_is_one_rows_reason(provider, store, tmp_path):
    source = hotline_file(tmp_path / "h.csv", encoding="utf-8")
    with open(source, "a", encoding="utf-8") as handle:
        handle.write(
            "A-9,2019-11-25 10:00,13800000000,江都区,119.5,32.4," + "长" * 2_100_000 + "\n"
        )
    result, _ = run_algorithm("import_hotline", algorithms(store, tmp_path, source)[0][1])
    _, rows = read(result["ERRORS"])
    errors = {row["input_row"]: row["reason_code"] for row in rows}
    assert errors == {"3": "empty_ticket", "4": "unreadable_row"}
