"""pipelines.numbers: decimal comma, thousands dot, scale words, ranges, percentages, ranks."""
import pytest
from hypothesis import given, strategies as st

from pipelines.numbers import find_numbers, format_vn, parse_number


@pytest.mark.parametrize("text,value", [
    ("80,2", 80.2), ("2.398", 2398), ("1.347.087", 1347087), ("0,6077", 0.6077), ("4.500", 4500),
    ("13,2 triệu", 13_200_000), ("1,05 triệu", 1_050_000), ("86 triệu", 86_000_000), ("3 nghìn", 3000),
    ("1.347.087 tỷ", 1.347087e15), ("2,5 nghìn tỷ", 2.5e12), ("71,79", 71.79), ("100", 100), ("1.234,5", 1234.5),
])
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("bad", ["", "abc", "1,2,3", "12.34.5", ",5"])
def test_parse_number_rejects(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


@given(st.integers(min_value=0, max_value=10**12))
def test_integers_round_trip(n):
    assert parse_number(format_vn(n)) == n


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=99))
def test_decimals_round_trip(whole, cents):
    value = whole + cents / 100
    assert parse_number(format_vn(value)) == pytest.approx(value)


def test_find_numbers_kinds():
    text = ("Tỷ trọng kinh tế số ước đạt 16,5%, dự báo 8,3 - 8,5% năm tới; tỉnh xếp thứ 25/63, "
            "có 2.398 cơ sở dữ liệu và 13,2 triệu tài khoản.")
    got = [(n.kind, n.value, n.high, n.out_of) for n in find_numbers(text)]
    assert ("percent", 16.5, None, None) in got
    assert ("range", 8.3, 8.5, None) in got
    assert ("rank", 25.0, None, 63) in got
    assert ("number", 2398.0, None, None) in got
    assert ("number", 13_200_000.0, None, None) in got


def test_find_numbers_does_not_split_codes_or_dates():
    got = find_numbers("Nghị định số 357/2025/NĐ-CP ngày 24/4/2024")
    # a decree number and a date are read as plain numbers, never as ranks or ranges
    assert all(n.kind == "number" for n in got)
