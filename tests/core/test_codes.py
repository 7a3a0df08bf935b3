import pytest

from jiangdu_grid_plugin.core.codes import (
    CodeError,
    CodeProblem,
    CommunityCode,
    FacilityCode,
    GridCode,
    TownCode,
    reading_order,
)


def test_grid_code_parts():
    code = GridCode.parse(" 321012101203007 ")
    assert code.value == "321012101203007"
    assert code.community == CommunityCode("321012101203")
    assert code.town == TownCode("321012101")
    assert code.sequence == 7
    assert code.community.is_village
    assert str(GridCode.of(CommunityCode("321012100001"), 12)) == "321012100001012"


def test_facility_code_parts():
    code = FacilityCode.parse("3210120101000001")
    assert (code.major, code.class_code, code.serial) == ("01", "0101", 1)
    assert FacilityCode.of("0302", 4567).value == "3210120302004567"


@pytest.mark.parametrize(
    ("cls", "text", "problem", "message"),
    [
        (GridCode, "", CodeProblem.EMPTY, "grid code is empty"),
        (GridCode, None, CodeProblem.EMPTY, "grid code is empty"),
        (GridCode, "32101210120300A", CodeProblem.NON_DIGITS, "characters other than 0-9"),
        (
            GridCode,
            "３２１０１２１０１２０３００７",
            CodeProblem.NON_DIGITS,
            "characters other than 0-9",
        ),
        (GridCode, "32101210120300", CodeProblem.WRONG_LENGTH, "has 14 digits, not 15"),
        (GridCode, "320508101203007", CodeProblem.WRONG_DISTRICT, "321012"),
        (GridCode, "321012101203000", CodeProblem.ZERO_SEQUENCE, "zero sequence"),
        (FacilityCode, "321012010100000", CodeProblem.WRONG_LENGTH, "has 15 digits, not 16"),
        (FacilityCode, "3210120101000000", CodeProblem.ZERO_SEQUENCE, "zero sequence"),
        (TownCode, "3210121", CodeProblem.WRONG_LENGTH, "has 7 digits, not 9"),
    ],
)
def test_invalid_codes_say_why(cls, text, problem, message):
    with pytest.raises(CodeError) as error:
        cls.parse(text)
    assert error.value.problem is problem
    assert message in str(error.value)
    assert not cls.is_valid(text)


def test_grid_sequence_bounds():
    with pytest.raises(CodeError, match=r"not within 1\.\.999"):
        GridCode.of(CommunityCode("321012100001"), 1000)


def test_reading_order_rows_north_to_south_then_west_to_east():
    # Two rows of three (the top row's centroids wobble by less than a row).
    xs = [30, 10, 20, 25, 5, 15]
    ys = [95, 98, 92, 45, 40, 48]
    order = reading_order(xs, ys, top=100, row_height=50)
    assert order == [1, 2, 0, 4, 5, 3]


def test_reading_order_refuses_a_bad_row_height():
    with pytest.raises(ValueError, match="positive"):
        reading_order([0], [0], top=1, row_height=0)
