"""Normalised text: one character for one character, so offsets are shared with the source."""

from hypothesis import given
from hypothesis import strategies as st

from workplan.parsing.text import Text, normalize


def test_space_like_characters_become_spaces():
    assert normalize("全年\u3000新增\u00a0企业\u2002\u2009\u202f\u200b50家") == "全年 新增 企业    50家"


def test_full_width_ascii_and_traditional_script_are_folded():
    assert normalize("（一）全社會研發經費投入強度達到２.７％") == "(一)全社会研发经费投入强度达到2.7%"


def test_em_dash_and_doc_number_brackets_stay():
    assert normalize("2022—2025年 常科发〔2021〕59号") == "2022—2025年 常科发〔2021〕59号"


@given(st.text())
def test_normalised_text_has_the_length_of_its_source(source):
    text = Text.from_source(source)
    assert len(text.norm) == len(source)
    assert all(text.norm[ln.start : ln.end] == ln.text for ln in text.lines)


def test_lines_between_gives_the_lines_that_start_in_the_range():
    text = Text.from_source("一\n二二\n三\n")
    assert [ln.text for ln in text.lines_between(2, 6)] == ["二二", "三"]
    assert [ln.text for ln in text.lines_between(3, 5)] == []
