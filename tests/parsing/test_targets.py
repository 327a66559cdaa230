"""Targets: quantitative commitments, on sentences written for the tests (江川市, 云岭市 are fictional)."""

import pytest

from workplan.parsing.model import Heading, Meta, Part
from workplan.parsing.targets import extract_targets
from workplan.parsing.text import Text

TITLE = "江川市2023年科技工作要点"


def extract(body: str, *, title: str = TITLE, plan_year: int | None = 2023, end_year: int | None = None, **kw):
    source = f"{title}\n{body}"
    text = Text.from_source(source)
    meta = Meta(title=title, plan_year=plan_year, end_year=end_year or plan_year)
    part = Part(part=1, start=0, end=len(source), meta=meta, **kw)
    return text, part, extract_targets(text, part)


def targets(body: str, **kw):
    return extract(body, **kw)[2]


def one(body: str, **kw):
    found = targets(body, **kw)
    assert len(found) == 1, [t.quote for t in found]
    return found[0]


def values(body: str, **kw) -> list[tuple]:
    return [(t.value, t.unit) for t in targets(body, **kw)]


# --- value, unit, comparator ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "comparator"),
    [
        ("全年新增高新技术企业50家以上。", ">="),
        ("开展科普活动不少于20场。", ">="),
        ("企业研发投入占比不低于3%。", ">="),
        ("培育科技领军企业至少5家。", ">="),
        ("技术合同成交额超过30亿元。", ">"),
        ("高新技术企业总数突破800家。", ">"),
        ("科技型中小企业超1500家。", ">"),
        ("孵化器空置率控制在10%以内。", "<="),
        ("科研项目验收逾期率不超过5%。", "<="),
        ("全市科技服务机构达到600家。", "="),
        ("认定高新技术企业120家。", "="),
        ("研发经费投入强度达到2.5%左右。", "="),
        ("引进研发机构3-5家。", "range"),
    ],
)
def test_comparator_comes_from_the_words_around_the_number(sentence, comparator):
    assert one(sentence).comparator == comparator


def test_suffix_comparator_decides_over_the_verb_before_the_number():
    assert one("科技型中小企业数量达到320家以上。").comparator == ">="


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "measure"),
    [
        ("新建省级工程技术研究中心10家。", 10, "家", "count"),
        ("组织实施重大科技专项15项。", 15, "项", "count"),
        ("引进科技副总30名。", 30, "名", "count"),
        ("培训新型职业农民5000人。", 5000, "人", "count"),
        ("开展科技培训2万人次。", 2, "万人次", "count"),
        ("发明专利授权量达到900件。", 900, "件", "count"),
        ("发表高水平论文40篇。", 40, "篇", "count"),
        ("举办项目路演30场。", 30, "场", "count"),
        ("新增科技贷款5亿元。", 5, "亿元", "amount"),
        ("安排科技专项资金2000万元。", 2000, "万元", "amount"),
        ("建设农业科技示范基地3000亩。", 3000, "亩", "amount"),
        ("建成科创载体12万平方米。", 12, "万平方米", "amount"),
        ("科技进步贡献率达到62.5%。", 62.5, "%", "percent"),
        ("技术合同成交额增长20%。", 20, "%", "growth"),
        ("高新技术产业产值占比提高2个百分点。", 2, "个百分点", "growth"),
    ],
)
def test_value_unit_and_measure_as_written(sentence, value, unit, measure):
    t = one(sentence)
    assert (t.value, t.unit, t.measure) == (value, unit, measure)


def test_raising_to_a_level_is_a_percent_not_growth():
    assert one("规上企业研发机构建有率提高到50%。").measure == "percent"


def test_thousands_separator_and_decimals():
    assert values("高新技术企业总数突破1,200家,财政科技支出达到3.75亿元。") == [(1200, "家"), (3.75, "亿元")]


@pytest.mark.parametrize(
    ("sentence", "value", "value_max", "unit"),
    [
        ("新建院士工作站三千家。", 3000, None, "家"),
        ("引进国家级领军人才两名。", 2, None, "名"),
        ("培育科技型企业二十个。", 20, None, "个"),
        ("新建新型研发机构三到五家。", 3, 5, "家"),
        ("新建产业技术创新联盟3至4个。", 3, 4, "个"),
        ("选派科技特派员10—20名。", 10, 20, "名"),
        ("培育标杆孵化器1～2个。", 1, 2, "个"),
    ],
)
def test_chinese_numerals_and_ranges(sentence, value, value_max, unit):
    t = one(sentence)
    assert (t.value, t.value_max, t.unit) == (value, value_max, unit)
    assert t.comparator == ("range" if value_max else "=")


def test_percent_written_in_words():
    t = one("科技成果本地转化率达到百分之三十以上。")
    assert (t.value, t.unit, t.comparator, t.measure) == (30, "%", ">=", "percent")


def test_an_amount_written_without_yuan():
    t = one("高新区营业收入突破300亿,")
    assert (t.value, t.unit, t.measure) == (300, "亿", "amount")


# --- subject, quote, offsets ----------------------------------------------------------------------------


def test_subject_and_quote_of_a_subject_verb_number_sentence():
    text, _, found = extract("全年新增市级以上企业研发机构80家以上,其中省级研发机构20家。")
    assert [(t.subject, t.quote) for t in found] == [
        ("新增市级以上企业研发机构", "新增市级以上企业研发机构80家以上"),
        ("省级研发机构", "省级研发机构20家"),
    ]
    assert all(text.source[t.start : t.end] == t.quote for t in found)


def test_subject_of_a_verb_number_noun_sentence():
    t = one("择优遴选200家科技型拟上市企业。")
    assert (t.subject, t.quote, t.value) == ("遴选科技型拟上市企业", "遴选200家科技型拟上市企业", 200)


def test_two_numbers_in_an_enumeration_are_two_targets_with_their_own_subjects():
    found = targets("年内独角兽企业达10家以上、瞪羚企业达150家以上。")
    assert [(t.subject, t.value, t.comparator) for t in found] == [("独角兽企业", 10, ">="), ("瞪羚企业", 150, ">=")]


def test_figures_sharing_a_subject_share_its_verb():
    found = targets("国家级、省级专精特新企业分别突破30家、120家。")
    assert [(t.value, t.comparator) for t in found] == [(30, ">"), (120, ">")]
    assert found[1].subject == found[0].subject == "国家级、省级专精特新企业"


def test_a_growth_clause_takes_the_subject_of_the_figure_before():
    found = targets(
        "高新区营业收入突破500亿元,年均增长12%。", title="云岭高新区发展行动方案(2023—2025年)", end_year=2025
    )
    assert [(t.subject, t.measure, t.per_year) for t in found] == [
        ("高新区营业收入", "amount", False),
        ("高新区营业收入", "growth", True),
    ]


def test_quotes_are_cut_from_the_traditional_source():
    text, _, found = extract("全市高新技術企業數量達到800家。")
    assert found[0].quote == "全市高新技術企業數量達到800家"
    assert found[0].subject == "全市高新技术企业数量"
    assert text.source[found[0].start : found[0].end] == found[0].quote


# --- zero breakthrough, N大 ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "subject", "unit"),
    [
        ("实现国家级重点实验室零的突破。", "国家级重点实验室", "家"),
        ("国家级科技企业孵化器实现“零”的突破。", "国家级科技企业孵化器", "家"),
        ("省级国际科技合作基地实现零的突破。", "省级国际科技合作基地", "个"),
    ],
)
def test_a_zero_breakthrough_is_at_least_one(sentence, subject, unit):
    t = one(sentence)
    assert (t.subject, t.value, t.unit, t.comparator, t.measure) == (subject, 1, unit, ">=", "count")


def test_arabic_n_da_after_a_verb_counts_in_the_unit_of_its_noun():
    assert values("每年筛选5大关键技术攻关项目。") == [(5, "项")]
    assert values("推动三大产业集群发展。") == []


# --- hedges ---------------------------------------------------------------------------------------------


def test_a_hedge_covers_the_rest_of_its_sentence_only():
    found = targets("全年培育科技人才100名,力争引进领军人才5名、创新团队3个;新增孵化器2家。")
    assert [(t.value, t.aspirational) for t in found] == [(100, False), (5, True), (3, True), (2, False)]


def test_a_hedge_ends_at_the_line_end():
    found = targets("力争新增省级研发平台5家\n新增市级研发平台20家。")
    assert [t.aspirational for t in found] == [True, False]


def test_zhengqu_with_an_object_of_its_own_hedges_only_that_object():
    found = targets("积极争取省级重大科技项目支持,新增省级科技项目30项。")
    assert [(t.value, t.aspirational) for t in found] == [(30, False)]


def test_zhengqu_with_a_figure_hedges_to_the_end_of_the_sentence():
    found = targets("争取省级科技项目10项,专项资金500万元以上。")
    assert [(t.value, t.aspirational) for t in found] == [(10, True), (500, True)]


def test_a_hedge_after_the_figure_does_not_cover_it():
    found = targets("新增规上企业3家,争取更多企业上市。")
    assert [t.aspirational for t in found] == [False]


def test_effort_towards_a_zero_breakthrough_is_aspirational():
    assert one("努力实现国家级平台零的突破。").aspirational is True


# --- deadline and per year ------------------------------------------------------------------------------

MULTI_YEAR = {"title": "江川市科技创新行动方案(2023—2025年)", "plan_year": 2023, "end_year": 2025}


def test_deadline_is_the_plan_year_of_a_one_year_plan():
    assert one("新增高新技术企业50家。").deadline == 2023


def test_deadline_is_the_last_year_of_a_multi_year_plan():
    assert one("新增高新技术企业50家。", **MULTI_YEAR).deadline == 2025


@pytest.mark.parametrize(
    ("sentence", "deadline"),
    [
        ("到2024年,高新技术企业达到600家。", 2024),
        ("2024年底前建成中试基地3个。", 2024),
        ("到“十四五”末,技术合同成交额达到80亿元。", 2025),
        ("年内新增省级研发平台5家。", 2023),
    ],
)
def test_deadline_written_in_the_sentence(sentence, deadline):
    assert one(sentence, **MULTI_YEAR).deadline == deadline


def test_a_comparison_year_is_not_a_deadline():
    t = one("科技成果转化率较2022年提高5个百分点。", **MULTI_YEAR)
    assert (t.deadline, t.subject, t.measure) == (2025, "科技成果转化率", "growth")


def test_plan_year_inferred_from_the_title_when_meta_has_none():
    assert one("新增高新技术企业50家。", title="云岭市2019年科技工作要点", plan_year=None).deadline == 2019
    assert one("新增高新技术企业50家。", title="云岭市科技行动计划(2021-2023年)", plan_year=None).deadline == 2023


@pytest.mark.parametrize(
    ("sentence", "per_year"),
    [
        ("每年新增高技能人才1000人。", True),
        ("高新技术产业增加值年均增长15%以上。", True),
        ("新增高技能人才1000人。", False),
    ],
)
def test_per_year_commitments(sentence, per_year):
    assert one(sentence, **MULTI_YEAR).per_year is per_year


def test_per_year_covers_an_enumeration_in_its_clause():
    found = targets("每年遴选重点攻关项目10项、研发项目20项。", **MULTI_YEAR)
    assert [(t.value, t.per_year) for t in found] == [(10, True), (20, True)]


# --- not targets ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "2023年3月31日前完成项目申报。",
        "印发《江川市科技创新若干政策》(江政发〔2023〕5号)。",
        "联系电话:0871-1234567,邮编:650000。",
        "坚持“四个面向”,落实“十四五”科技创新规划。",
        "建强“6+1”科技创新平台。",
        "落实市委创新意见30条、人才新政20条。",
        "全市已有省级工程技术研究中心40多家。",
        "目前全市共有孵化器32家。",
        "2022年,全市新增高新技术企业312家。",
        "对新引进的领军人才给予200万元/人项目支持。",
        "落实研发费用150%加计扣除政策。",
        "对新认定的企业给予补助,最高50万元。",
        "重点抓好以下七项工作:",
        "围绕全市8个重点产业链部署创新链。",
        "聚焦10个重点领域开展攻关。",
        "推进与上海达成的10个方面合作事项。",
        "支持全市5个县建设科技服务中心。",
        "推行科技特派员、科技合作社、科技信息站等3种服务模式。",
        "支持高新区和东城、西城两个园区争先进位。",
        "深入贯彻中央八项规定精神。",
        "召开市委十二届十一次全会。",
        "第三次会商确定了主要议题。",
        "打造一批百亿级产业集群,做强百家规上企业。",
        "3个月内完成验收,5个工作日内办结。",
        "省科技厅等5部门联合发文。",
        "推动企业研发活动全覆盖。",
    ],
)
def test_not_a_target(sentence):
    assert targets(sentence) == []


def test_a_past_cue_covers_the_clauses_after_it_until_a_new_commitment():
    assert values("已建成孵化载体42家,其中国家级4家。") == []
    assert values("目前已有孵化器30家,力争新增10家。") == [(10, "家")]


def test_a_figure_that_qualifies_another_is_not_a_target():
    assert values("引进投资1亿元以上的重大项目5个。") == [(5, "个")]


def test_a_section_reviewing_the_past_has_no_targets():
    body = "一、2022年工作回顾\n全年新增高新技术企业300家。\n二、2023年主要目标\n全年新增高新技术企业350家。"
    source = f"{TITLE}\n{body}"
    review, goals = source.index("一、"), source.index("二、")
    outline = [
        Heading(level=1, label="一", title="2022年工作回顾", start=review, end=review + 11),
        Heading(level=1, label="二", title="2023年主要目标", start=goals, end=goals + 11),
    ]
    assert [(t.value, t.heading) for t in targets(body, outline=outline)] == [(350, 1)]


# --- part, lines, headings ------------------------------------------------------------------------------


def test_heading_is_the_innermost_heading_above_the_quote():
    body = "一、主要任务\n(一)培育企业\n1.新增高企50家。\n(二)建设平台\n新建研发平台10家。"
    source = f"{TITLE}\n{body}"
    starts = [source.index(s) for s in ("一、", "(一)", "1.", "(二)")]
    outline = [
        Heading(level=lvl, label=lab, title="", start=s, end=s + 2)
        for lvl, lab, s in zip((1, 2, 3, 2), ("一", "(一)", "1", "(二)"), starts, strict=True)
    ]
    assert [t.heading for t in targets(body, outline=outline)] == [2, 3]


def test_heading_is_none_while_the_outline_is_empty():
    assert one("新增高企50家。").heading is None


def test_residue_lines_and_lines_outside_the_part_are_ignored():
    source = f"{TITLE}\n浏览次数:1200次\n新增高企50家。\n第二篇\n新增高企60家。"
    text = Text.from_source(source)
    text.lines[1].residue = True
    end = source.index("第二篇")
    found = extract_targets(text, Part(part=1, start=0, end=end, meta=Meta(plan_year=2023, end_year=2023)))
    assert [t.value for t in found] == [50]


def test_an_empty_part_has_no_targets():
    text = Text.from_source("")
    assert extract_targets(text, Part(part=1, start=0, end=0)) == []


def test_a_comparator_before_the_base_of_a_share():
    t = one("各县每年安排科技经费不低于财政支出的2%。")
    assert (t.subject, t.value, t.comparator, t.measure) == ("各县每年安排科技经费", 2, ">=", "percent")


def test_a_bare_measure_takes_the_thing_measured_from_the_figure_before():
    found = targets("新增高新技术企业10家,总数达到60家。")
    assert [(t.subject, t.value) for t in found] == [("新增高新技术企业", 10), ("高新技术企业总数", 60)]


def test_a_sub_item_keeps_its_own_short_subject():
    found = targets("引进高层次人才不少于100人,其中博士20人。")
    assert [(t.subject, t.value, t.comparator) for t in found] == [("引进高层次人才", 100, ">="), ("博士", 20, "=")]


def test_a_bare_verb_takes_its_object_from_the_clause_before():
    t = one("扩大“科技贷”业务,全年放贷8亿元以上。")
    assert (t.subject, t.quote) == ("“科技贷”业务放贷", "“科技贷”业务,全年放贷8亿元以上")
