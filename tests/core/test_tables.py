"""Reading CSV files: every file that cannot be read is refused with a sentence naming it,
every row that cannot be read is listed with its reason and swallows nothing."""

import codecs

import pytest

from jiangdu_grid_plugin.core.tables import TableError, detect_encoding, read_csv
from jiangdu_grid_plugin.core.text import UserError

HEADER = "工单号,时间,电话,地址\n"


def read(tmp_path, content: str | bytes, name="hotline.csv"):
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return read_csv(path)


def test_an_unclosed_quote_swallows_nothing(tmp_path):
    table = read(
        tmp_path,
        HEADER
        + 'A-1,2019-11-25 08:30,13812345678,"江都区仙女镇社区01\n'
        + "A-2,2019-11-25 09:00,13900001111,江都区小纪镇社区12\n"
        + 'A-3,2019-11-25 09:30,13900002222,"江都区""东"""\n',
    )
    assert table.rows == [
        ["A-1", "2019-11-25 08:30", "13812345678", "江都区仙女镇社区01\n"],
        ["A-2", "2019-11-25 09:00", "13900001111", "江都区小纪镇社区12"],
        ["A-3", "2019-11-25 09:30", "13900002222", '江都区"东"'],
    ]
    ((row, line, text),) = [(p.row, p.line, p.text) for p in table.problems]
    assert (row, line) == (1, 2)
    assert text("en").startswith("Row 1 (line 2 of the file): a quote opened in this row is not")
    assert text("zh").startswith("第1行（文件第 2 行）：该行有未闭合的引号")


def test_an_unclosed_quote_in_the_last_row(tmp_path):
    table = read(tmp_path, HEADER + "A-1,t,138,x\n" + 'A-2,t,139,"江都区\n')
    assert [r[0] for r in table.rows] == ["A-1", "A-2"]
    assert [(p.row, p.line) for p in table.problems] == [(2, 3)]


def test_quotes_not_paired_in_one_line(tmp_path):
    table = read(tmp_path, HEADER + 'A-1,t,138,"江都"区\nA-2,t,139,x\n')
    assert [r[0] for r in table.rows] == ["A-1", "A-2"]
    assert [(p.row, "not paired" in p.text("en")) for p in table.problems] == [(1, True)]


def test_cells_with_line_breaks_are_kept(tmp_path):
    # Excel quotes text with line breaks; the lines after the first are no rows.
    table = read(tmp_path, HEADER + 'A-1,t,138,"江都区\n文昌路1号"\nA-2,t,139,"x"\n')
    assert table.rows == [["A-1", "t", "138", "江都区\n文昌路1号"], ["A-2", "t", "139", "x"]]
    assert table.problems == []


def test_a_cell_of_two_megabytes_is_a_row_problem_not_a_traceback(tmp_path):
    table = read(tmp_path, HEADER + 'A-1,t,138,"' + "长" * 2_000_000 + '"\nA-2,t,139,x\n')
    assert [r[0] for r in table.rows] == ["A-1", "A-2"]
    assert len(table.rows[0][3]) == 1001  # cut for the errors table
    ((problem),) = table.problems
    assert (problem.row, problem.line) == (1, 2)
    assert "a cell is longer than 131,072 characters" in problem.text("en")


@pytest.mark.parametrize(
    ("content", "en", "zh"),
    [
        (b"", "is empty: it has no header row", "是空文件"),
        (b"\r\n\r\n", "is empty: it has no header row", "是空文件"),
        (codecs.BOM_UTF8, "is empty: it has no header row", "是空文件"),
        (bytes(range(256)) * 40, "is not a text table: it holds binary data", "二进制数据"),
        (b"\x00\x01\x02\x03" * 100, "is not a text table: it holds binary data", "二进制数据"),
        (b"PK\x03\x04\x14\x00\x06\x00", "is an Excel workbook", "是 Excel 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "is an old Excel workbook (.xls)", ".xls"),
        (b"a,a\n1,2\n", "the header repeats the column(s) a", "列名 a 重复"),
        (b'"a,b\n1,2\n3,4\n', "a quote in the header row is never closed", "表头行中的引号"),
        (b"\xff\xfe\x00\xd8\x00\xd8", "neither UTF-8, UTF-16 nor GB18030", "既不是 UTF-8"),
    ],
)
def test_files_that_are_no_table_are_refused_with_their_name(tmp_path, content, en, zh):
    with pytest.raises(TableError) as refused:
        read(tmp_path, content)
    path = str(tmp_path / "hotline.csv")
    assert isinstance(refused.value, UserError)
    assert refused.value.text("en").startswith(path) and en in refused.value.text("en")
    assert refused.value.text("zh").startswith(path) and zh in refused.value.text("zh")


def test_a_file_that_cannot_be_opened(tmp_path):
    with pytest.raises(TableError, match="cannot be read"):
        read_csv(tmp_path / "missing.csv")


def test_a_single_nul_byte_is_text(tmp_path):
    table = read(tmp_path, HEADER + "A-\x001,t,138,x\n")
    assert table.rows == [["A-\x001", "t", "138", "x"]]


@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
)
def test_excel_unicode_text_is_read(tmp_path, encoding, detected):
    # Excel's "Unicode text": UTF-16 with a BOM, tab separated, CRLF.
    text = "工单号\t电话\t地址\r\nA-1\t13812345678\t江都区仙女镇\r\nA-2\t\t䶮\r\n"
    table = read(tmp_path, text.encode(encoding), "hotline.txt")
    assert table.encoding == detected
    assert table.columns == ["工单号", "电话", "地址"]
    assert table.rows == [["A-1", "13812345678", "江都区仙女镇"], ["A-2", "", "䶮"]]


def test_utf8_without_bom_is_not_taken_for_utf16():
    assert detect_encoding("工单号,电话\nA-1,138\n".encode()) == "utf-8"


def test_doubled_quotes_are_read_as_excel_writes_them(tmp_path):
    # csv.Sniffer turns doubled quotes off when a sample has none: only its delimiter is
    # taken.
    table = read(tmp_path, 'a;b\n1;"他说""好"""\n2;x\n')
    assert table.rows == [["1", '他说"好"'], ["2", "x"]]


def test_empty_header_cells_are_named_by_their_place(tmp_path):
    table = read(tmp_path, "a,,b,\n1,2,3,4\n")
    assert table.columns == ["a", "column_2", "b", "column_4"]


def test_a_single_column_of_codes_with_or_without_a_header(tmp_path):
    with_header = read(tmp_path, "部件编码\r\n3210120101000001\r\n3210120113000007\r\n")
    assert (with_header.columns, with_header.headerless) == (["部件编码"], False)
    assert with_header.rows == [["3210120101000001"], ["3210120113000007"]]
    # Codes pasted into a file: the first code is a row, not a column name.
    bare = read(tmp_path, "3210120101000001\n３２１０１２０１１３０００００７\n")
    assert (bare.columns, bare.headerless) == (["column_1"], True)
    assert bare.rows == [["3210120101000001"], ["３２１０１２０１１３０００００７"]]


def test_a_first_row_of_values_is_a_row(tmp_path):
    table = read(tmp_path, "12345-0001,13800001111,井盖缺失\n12345-0002,,路灯不亮\n")
    assert table.columns == ["column_1", "column_2", "column_3"]
    assert table.rows[0] == ["12345-0001", "13800001111", "井盖缺失"]
    # Years and short numbers are column names.
    assert read(tmp_path, "编号,2019,2020\n1,2,3\n").columns == ["编号", "2019", "2020"]
