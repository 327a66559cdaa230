"""Numerals as plans write them: Arabic, Chinese, percent words and ranges."""

import pytest

from workplan.parsing.numbers import parse_number, parse_range, tidy


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("30", 30),
        ("1,200", 1200),
        ("12,345,678", 12345678),
        ("3.5", 3.5),
        ("2.35", 2.35),
        ("1.2万", 12000),
        ("5亿", 500_000_000),
        ("三千", 3000),
        ("两", 2),
        ("两百", 200),
        ("十", 10),
        ("十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("三千零五", 3005),
        ("一万二千", 12000),
        ("三点五", 3.5),
        ("二〇二五", 2025),
        ("百分之十", 10),
        ("百分之二十五", 25),
        ("百分之3.5", 3.5),
    ],
)
def test_parse_number_reads_arabic_and_chinese_numerals(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "家", "abc", "百分之"])
def test_parse_number_gives_none_for_text_that_is_not_a_numeral(text):
    assert parse_number(text) is None


def test_whole_values_are_ints_and_decimals_stay_exact():
    assert isinstance(parse_number("3.0"), int)
    assert parse_number("1.2万") == 12000
    assert isinstance(parse_number("1.2万"), int)
    assert tidy(0.1 + 0.2) == 0.3


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("1-2", (1, 2)),
        ("1~2", (1, 2)),
        ("1—2", (1, 2)),
        ("1–2", (1, 2)),
        ("10至20", (10, 20)),
        ("三到五", (3, 5)),
        ("三至五", (3, 5)),
        ("1.5-2.5", (1.5, 2.5)),
    ],
)
def test_parse_range_reads_every_range_separator(text, bounds):
    assert parse_range(text) == bounds


@pytest.mark.parametrize("text", ["5-3", "2-2", "2025", "0519-86339345x"])
def test_parse_range_refuses_what_is_not_a_rising_range(text):
    assert parse_range(text) is None
