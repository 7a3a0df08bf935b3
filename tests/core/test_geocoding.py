"""Facility codes: normalising, every outcome, and reading spreadsheets in any encoding."""

import numpy as np
import pytest

from jiangdu_grid_plugin.core import geocoding
from jiangdu_grid_plugin.core.geocoding import FacilityIndex, geocode, normalize
from jiangdu_grid_plugin.core.tables import TableError, detect_encoding, neutralize, read_csv

CODE = "3210120101000001"


@pytest.mark.parametrize(
    ("value", "code", "outcome", "note"),
    [
        (CODE, CODE, None, ""),
        (f"  {CODE}\t", CODE, None, "spaces removed"),
        (f"\u3000{CODE}\u00a0", CODE, None, "spaces removed"),
        ("３２１０１２０１０１０００００１", CODE, None, "full-width digits"),
        (3210120101000001, CODE, None, "read from a number"),
        (3210120101000001.0, CODE, None, "read from a number"),
        (3210120101000010.0, "3210120101000010", "number_lost_digits", ""),
        ("3.21012E+15", "3210120000000000", "number_lost_digits", ""),
        ("3.210120101000001E+15", CODE, None, "read from scientific notation"),
        (f"{CODE}.0", CODE, None, "decimal point removed"),
        (None, None, "empty", ""),
        ("   ", None, "empty", ""),
        (True, None, "non_digits", ""),
        (float("nan"), None, "non_digits", ""),
        (3.5, None, "non_digits", ""),
    ],
)
def test_normalize(value, code, outcome, note):
    normalized = normalize(value)
    assert (normalized.code, normalized.outcome, normalized.note) == (code, outcome, note)


@pytest.fixture
def index():
    codes = [CODE, "3210120113000007", "3210120101000002"]
    return FacilityIndex(
        codes, [11, 12, 13], {"3210120101000002": "2019-10-01"}, {"0101", "0113", "0302"}
    )


def test_every_outcome_with_its_reason(index):
    values = [
        CODE,
        " 3210120113000007 ",
        "",
        "32101201010000A1",
        "321012010100001",
        3210120101000010.0,
        "3201020101000001",
        "3210129901000001",
        "3210120101999999",
        "3210120101000002",
        321012010100000,
    ]
    outcomes = geocode(values, index)
    assert outcomes.outcome == [
        "placed",
        "placed",
        "empty",
        "non_digits",
        "wrong_length",
        "number_lost_digits",
        "wrong_district",
        "unknown_class",
        "not_in_inventory",
        "retired",
        "wrong_length",
    ]
    assert outcomes.fid.tolist() == [11, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1]
    text = dict(zip(range(len(values)), outcomes.text))
    assert text[1] == "spaces removed"
    assert text[2] == "The code is empty."
    assert text[4] == "The code 321012010100001 has 15 digits, not 16."
    assert text[5].startswith(
        "The code 3210120101000010.0 was turned into a number (by Excel): only 15 digits survive"
    )
    assert (
        text[6] == "The code 3201020101000001 does not start with Jiangdu's district code 321012."
    )
    assert text[7] == (
        "The code 3210129901000001 has the class 9901, which is not in the store's "
        "facility classes."
    )
    assert text[9] == "The facility 3210120101000002 was retired on 2019-10-01."
    assert "may have dropped leading zeros" in text[10]
    counts = outcomes.counts()
    assert sum(counts.values()) == len(values)
    assert counts["placed"] == 2 and counts["wrong_length"] == 2


def test_reasons_in_chinese(index):
    outcomes = geocode(["", "3210120101000002"], index, language="zh")
    assert outcomes.text == ["编码为空。", "部件 3210120101000002 已于 2019-10-01 注销。"]


def test_lookup_finds_facilities_in_use(index):
    assert index.lookup([CODE, "nope", "3210120101000002", None]).tolist() == [11, -1, -1, -1]


def test_every_outcome_has_texts_in_both_languages():
    for outcome in set(geocoding.OUTCOMES) - {"placed"}:
        reason = geocoding._REASONS[outcome]
        assert reason("en") and reason("zh") and reason("en") != reason("zh")


NOTE = "井盖破损，䶮字路口"  # 䶮 is in GB18030 but not in GBK


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"), ("gb18030", "gb18030")],
)
def test_csv_encodings_are_detected(tmp_path, encoding, expected):
    path = tmp_path / "list.csv"
    path.write_bytes(f"序号,部件编码,备注\r\n1,{CODE},{NOTE}\r\n".encode(encoding))
    table = read_csv(path)
    assert table.encoding == expected
    assert table.columns == ["序号", "部件编码", "备注"]
    assert table.rows == [["1", CODE, NOTE]]


def test_gbk_files_read_as_gb18030(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(f"部件编码;备注\n{CODE};井盖\n".encode("gbk"))
    table = read_csv(path)
    assert (table.encoding, table.columns, table.rows) == (
        "gb18030",
        ["部件编码", "备注"],
        [[CODE, "井盖"]],
    )


def test_ragged_rows_keep_every_cell(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("a,b\n1\n2,3,4\n\n", encoding="utf-8")
    table = read_csv(path)
    assert table.columns == ["a", "b", "extra_1"]
    assert table.rows == [["1", "", ""], ["2", "3", "4"]]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"a,a\n1,2\n", "repeats the column"),
    ],
)
def test_bad_csv_files_are_named(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(TableError, match=message):
        read_csv(path)


def test_detect_encoding_prefers_utf8_over_gb18030():
    # These bytes are valid in both; UTF-8 must win (GB18030 would make mojibake).
    data = "部件".encode()
    assert data.decode("gb18030") != "部件"
    assert detect_encoding(data) == "utf-8"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+86 1", "'+86 1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("ok=1", "ok=1"),
        (5, 5),
        (None, None),
    ],
)
def test_formula_injection_is_neutralized(value, safe):
    assert neutralize(value) == safe


def test_geocoding_a_large_list_keeps_the_count_invariant():
    rng = np.random.default_rng(1)
    codes = [f"3210120101{n:06d}" for n in range(1, 20001)]
    index = FacilityIndex(codes, list(range(1, 20001)), {}, {"0101"})
    values = [codes[i] if rng.random() > 0.1 else codes[i][:-1] for i in range(20000)]
    outcomes = geocode(values, index)
    counts = outcomes.counts()
    assert counts["placed"] + counts["wrong_length"] == 20000
    assert (outcomes.fid >= 0).sum() == counts["placed"]


@pytest.mark.parametrize(
    ("value", "outcome"),
    [
        (3210120101000001, None),
        (3210120101000010, "number_lost_digits"),
    ],
)
def test_integers_from_spreadsheets_passed_through_excel(value, outcome):
    assert normalize(value, from_spreadsheet=True).outcome == outcome
    assert normalize(value).outcome is None  # from a database column they are exact
