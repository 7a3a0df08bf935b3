"""Masking by content: phone-shaped text and callers' names, whatever column holds them."""

import pytest

from jiangdu_grid_plugin.core.privacy import (
    NAME,
    PHONE,
    column_kind,
    column_kinds,
    mask_text,
    mask_values,
)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("13812345678", "138****5678"),
        ("电话13812345678请回电", "电话138****5678请回电"),
        ("138-1234-5678", "138******5678"),
        ("138 1234 5678", "138******5678"),
        ("+86 13812345678", "+86********5678"),
        ("0086-13812345678", "008*********5678"),
        ("0514-86421234", "051******1234"),
        ("(0514)8642 1234", "(05********1234"),
        ("051486421234", "051*****1234"),
        ("010-12345678", "010*****5678"),
        ("+86 514 86421234", "+86*********1234"),
        ("张三 13812345678，李四 13900001111", "张三 138****5678，李四 139****1111"),
    ],
)
def test_phone_shaped_text_is_masked(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "119.13812345678",  # a longitude's decimals
        "32.41381234567",
        "3210120113000007",  # a facility code
        "321012100001001",  # a grid code
        "12345-20191125-0001",  # a ticket
        "2019-11-25 08:30",
        "20191125083000",
        "12812345678",  # 12x is no mobile block
        "1381234567",  # ten digits
        "138123456789",  # twelve
        "12345",
        "路灯不亮",
    ],
)
def test_what_is_no_phone_is_left_alone(text):
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("来电号码", PHONE),
        ("联系电话", PHONE),
        ("手机", PHONE),
        ("联系方式", PHONE),
        ("联系人电话", PHONE),
        ("phone", PHONE),
        ("Caller Phone", PHONE),
        ("callerPhone", PHONE),
        ("mobile_no", PHONE),
        ("来电人", NAME),
        ("姓名", NAME),
        ("联系人", NAME),
        ("caller", NAME),
        ("caller_name", NAME),
        ("Name", NAME),
        ("full name", NAME),
        ("工单号码", None),
        ("事项名称", None),
        ("street_name", None),
        ("地址", None),
        ("内容", None),
    ],
)
def test_columns_are_known_by_their_header(header, kind):
    assert column_kind(header) == kind


def test_a_row_is_masked_by_header_mapping_and_content():
    columns = ["单号", "来电号码", "反映人姓名", "备用", "地址", "内容", "号", "经度"]
    kinds = column_kinds(columns, phone="备用", name=None)
    assert kinds == [None, PHONE, NAME, PHONE, None, None, None, None]
    row = [
        "A-1",
        "13812345678",
        "欧阳明华",
        "0514-8642",  # mapped as the phone: masked whole, although no phone shape
        "欧阳明华家门口，13900001111",
        "欧阳明华反映路灯不亮",
        13812345678,  # a number typed into Excel
        119.13812345678,
    ]
    assert mask_values([*row, "Row 1: 欧阳明华 rang"], kinds) == [
        "A-1",
        "138****5678",
        "欧**华",
        "051**8642",
        "欧**华家门口，139****1111",
        "欧**华反映路灯不亮",
        "138****5678",
        119.13812345678,
        "Row 1: 欧**华 rang",  # a column added by the algorithm: by content
    ]


def test_the_mapped_caller_is_masked_in_other_cells_too():
    kinds = column_kinds(["who", "text"], name="who")
    assert mask_values(["王伟", "王伟说井盖丢了"], kinds) == ["王*", "王*说井盖丢了"]
    assert mask_values([None, "王伟说"], kinds) == [None, "王伟说"]
