"""Properties of ``parse_text`` on any text: no crash, every offset valid, every quote cut from the source."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workplan.parsing import parse_text
from workplan.parsing.model import ParsedDocument

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CN_DIGITS = "一二三四五六七八九十"
UNITS = ["家", "项", "个", "名", "人次", "件", "亿元", "万元", "%", "个百分点", "亩", "场", "篇"]
COMPARATORS = ["以上", "以内", "左右", ""]
LEADS = ["不少于", "超过", "突破", "达到", "达", "力争", "争取", "每年新增", "到2028年", ""]
UNIT_NAMES = ["市科技局", "市发展改革委", "市财政局", "各区县政府", "江川高新区管委会", "市工业和信息化局"]
PUNCT = list("。，、；：（）()《》“”—-.．,;:!?！？ \n\u3000")

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
any_char = st.one_of(cjk, st.characters(), st.sampled_from(PUNCT + list("０１２３４５６７８９①②③⑴⒈")))
numbers = st.one_of(
    st.integers(0, 100000).map(str),
    st.floats(0, 1000, allow_nan=False).map(lambda f: f"{f:.2f}"),
    st.text(CN_DIGITS + "百千万零两", min_size=1, max_size=4),
    st.tuples(st.integers(1, 50), st.integers(1, 99)).map(lambda t: f"{t[0]}—{t[1]}"),
    st.tuples(st.integers(1, 50), st.integers(1, 99)).map(lambda t: f"{t[0]}-{t[1]}"),
)
words = st.text(cjk, min_size=0, max_size=12)


@st.composite
def headings(draw) -> str:
    n = draw(st.integers(1, 12))
    cn = CN_DIGITS[(n - 1) % 10]
    label = draw(
        st.sampled_from(
            [f"{cn}、", f"（{cn}）", f"({cn})", f"{n}.", f"{n}、", f"{n}．", f"（{n}）", f"({n})", chr(0x245F + n)]
        )
    )
    sep = draw(st.sampled_from(["。", "", "：", " "]))
    return label + draw(words) + sep + draw(words)


@st.composite
def commitments(draw) -> str:
    return (
        draw(st.sampled_from(LEADS))
        + draw(words)
        + draw(numbers)
        + draw(st.sampled_from(UNITS))
        + draw(st.sampled_from(COMPARATORS))
        + draw(st.sampled_from(["。", "，", "；", ""]))
    )


@st.composite
def assignments(draw) -> str:
    leads = draw(st.lists(st.sampled_from(UNIT_NAMES), min_size=1, max_size=3))
    others = draw(st.lists(st.sampled_from(UNIT_NAMES), max_size=3))
    tail = draw(st.sampled_from(["等按职责分工负责", "配合", "负责", ""]))
    open_, close = draw(st.sampled_from([("（", "）"), ("(", ")"), ("", "")]))
    return f"{open_}{'、'.join(leads)}牵头，{'、'.join(others)}{tail}{close}"


plan_lines = st.one_of(
    headings(),
    commitments(),
    assignments(),
    st.sampled_from(
        ["第一篇", "第二篇  江川市2026年知识产权工作要点", "江川市2026年科技工作要点", "扫一扫在手机打开当前页"]
    ),
    st.text(any_char, max_size=30),
)
plan_texts = st.lists(plan_lines, max_size=25).map("\n".join)
mixed_texts = st.lists(st.one_of(plan_lines, st.text(any_char, max_size=40)), max_size=10).map("".join)


def check_invariants(source: str, doc: ParsedDocument) -> None:
    assert doc.source == source
    assert doc.parts, "a text gives at least one part"
    previous_end = 0
    for i, part in enumerate(doc.parts, start=1):
        assert part.part == i
        assert previous_end <= part.start <= part.end <= len(source)
        previous_end = part.end
        for h in part.outline:
            assert part.start <= h.start < h.end <= part.end, h
            assert part.start <= h.body_start <= h.body_end <= part.end or h.body_start == h.body_end == 0, h
        starts = [h.start for h in part.outline]
        assert starts == sorted(starts)
        for t in part.targets:
            assert part.start <= t.start < t.end <= part.end, t
            assert source[t.start : t.end] == t.quote
            assert t.heading is None or 0 <= t.heading < len(part.outline)
        for r in part.responsibilities:
            assert part.start <= r.start < r.end <= part.end, r
            # one record per task: a task's further assignments are appended after "；", the span covers all
            span = source[r.start : r.end]
            pieces = r.text.split("；")
            assert r.text == span or (span.startswith(pieces[0]) and all(p in span for p in pieces)), r
            assert r.heading is None or 0 <= r.heading < len(part.outline)


@FAST
@given(st.text(any_char, max_size=200))
def test_any_text_parses_with_valid_offsets(source):
    check_invariants(source, parse_text(source))


@settings(FAST, max_examples=120)
@given(plan_texts)
def test_plan_like_text_parses_with_valid_offsets(source):
    check_invariants(source, parse_text(source))


@FAST
@given(mixed_texts)
def test_plan_lines_run_together_parse_with_valid_offsets(source):
    check_invariants(source, parse_text(source))


@FAST
@given(plan_texts)
def test_traditional_and_full_width_forms_keep_offsets_on_the_original(source):
    from workplan.parsing.text import normalize

    # full-width digits and traditional characters: the rules see ASCII/simplified, quotes stay original
    wide = source.translate({cp: cp + 0xFEE0 for cp in range(0x30, 0x3A)}).replace("发", "發").replace("项", "項")
    assert len(normalize(wide)) == len(wide)
    check_invariants(wide, parse_text(wide))


def test_empty_text_gives_one_empty_part():
    doc = parse_text("")
    assert [(p.part, p.start, p.end, p.outline, p.targets) for p in doc.parts] == [(1, 0, 0, [], [])]
