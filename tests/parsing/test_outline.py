"""Outline: numbered headings, levels, run-in titles and bodies, on plans written for the tests."""

import pytest

from workplan.parsing.model import Heading, Part
from workplan.parsing.outline import build_outline, cn_to_int, label_number
from workplan.parsing.text import Text


def outline_of(source: str, *, residue: tuple[int, ...] = ()):
    text = Text.from_source(source)
    for i in residue:
        text.lines[i].residue = True
    return build_outline(text, Part(part=1, start=0, end=len(source)))


def rows(source: str, **kw) -> list[tuple[int, str, str]]:
    return [(h.level, h.label, h.title) for h in outline_of(source, **kw)]


NOTICE_AND_PLAN = """关于征求《江川市2025年科技创新工作要点（征求意见稿）》意见的通知
欢迎通过以下方式反馈意见：
1. 电子邮箱：jckj@example.cn
2. 联系电话：0871-1234567
3. 通信地址：江川市滨湖路8号

江川市2025年科技创新工作要点（征求意见稿）

2025年是全市科技工作攻坚之年。
一、总体要求
坚持创新驱动，服务高质量发展。
二、重点任务
（一）壮大创新主体，提升企业创新能力。围绕产业链布局创新链。
1．培育高新技术企业。全年新增高新技术企业50家以上。
2．建设研发平台围绕新能源产业布局一批研发机构，新增省级研发机构10家。
（二）优化创新生态
3．完善科技金融体系。设立科技信贷风险补偿资金。
三、保障措施
（一）加强组织领导。各部门要压实责任。
"""


def test_notice_contact_list_and_levels_follow_customary_order():
    assert rows(NOTICE_AND_PLAN) == [
        (1, "一", "总体要求"),
        (1, "二", "重点任务"),
        (2, "(一)", "壮大创新主体，提升企业创新能力"),
        (3, "1", "培育高新技术企业"),
        (3, "2", "建设研发平台"),
        (2, "(二)", "优化创新生态"),
        (3, "3", "完善科技金融体系"),
        (1, "三", "保障措施"),
        (2, "(一)", "加强组织领导"),
    ]


def test_offsets_point_at_label_title_and_body():
    outline = outline_of(NOTICE_AND_PLAN)
    h = outline[3]
    assert NOTICE_AND_PLAN[h.start : h.end] == "1．培育高新技术企业"
    assert NOTICE_AND_PLAN[h.body_start : h.body_end] == "全年新增高新技术企业50家以上。"
    assert h.scheme == "arabic_dot"
    last = outline[-1]
    assert NOTICE_AND_PLAN[last.body_start : last.body_end] == "各部门要压实责任。"
    # a heading on a line of its own: the body is the text up to the next heading
    first = outline[0]
    assert NOTICE_AND_PLAN[first.body_start : first.body_end] == "\n坚持创新驱动，服务高质量发展。"


def test_level_of_a_scheme_is_its_rank_even_when_it_appears_first():
    source = """云岭市科技工作要点
一、主要目标
1. 研发投入强度达到2.5%。
2. 高新技术企业达到300家。
二、重点任务
(一)强化企业主体
3.实施企业培育计划。扩大培育库。
"""
    assert rows(source) == [
        (1, "一", "主要目标"),
        (3, "1", "研发投入强度达到2.5%"),
        (3, "2", "高新技术企业达到300家"),
        (1, "二", "重点任务"),
        (2, "(一)", "强化企业主体"),
        (3, "3", "实施企业培育计划"),
    ]


def test_a_plan_numbered_with_arabic_labels_only_starts_at_level_one():
    source = "江川县科技工作要点\n1、强化企业培育，壮大创新主体。全年培育企业20家。\n2、建设研发平台。新建平台5个。\n"
    assert rows(source) == [(1, "1", "强化企业培育，壮大创新主体"), (1, "2", "建设研发平台")]


def test_deeper_schemes_circled_and_bracketed_numbers():
    source = """第一章 总则
一、基本原则
（一）坚持创新引领
1.突出企业主体
（1）支持企业建设研发中心。
⑵ 支持企业承担重大项目。
①开展技术攻关。
②推进成果转化。
"""
    assert rows(source) == [
        (1, "第一章", "总则"),
        (2, "一", "基本原则"),
        (3, "(一)", "坚持创新引领"),
        (4, "1", "突出企业主体"),
        (5, "(1)", "支持企业建设研发中心"),
        (5, "(2)", "支持企业承担重大项目"),
        (6, "①", "开展技术攻关"),
        (6, "②", "推进成果转化"),
    ]


def test_numbers_dates_and_broken_sequences_are_not_headings():
    source = """一、重点任务
2025年，全市继续推进科技创新。
1.5亿元专项资金用于平台建设。
3. 这一行没有前面的1和2。
1. 建设实验室。新建实验室3家。
2. 培育企业。
二、工作要求
"""
    assert rows(source) == [
        (1, "一", "重点任务"),
        (2, "1", "建设实验室"),
        (2, "2", "培育企业"),
        (1, "二", "工作要求"),
    ]


def test_a_skipped_number_keeps_the_list_when_the_count_resumes():
    source = "一、任务\n1. 甲项任务。\n2. 乙项任务。\n4. 丁项任务。\n5. 戊项任务。\n"
    assert [h.label for h in outline_of(source)] == ["一", "1", "2", "4", "5"]


def test_run_in_title_without_full_stop_ends_at_space_opener_or_colon():
    source = """一、重点任务
1. 加强科研诚信建设 深入开展科研诚信教育，完善失信惩戒机制，加大查处力度。
2. 壮大科技型企业群体围绕主导产业培育一批科技型企业，形成梯次培育格局。
3. 工作目标：全年技术合同成交额达到30亿元，新增科技型中小企业200家以上
4. 组织开展科技活动周、科普日等活动，营造创新氛围。
5. 加强基础研究：实施基础研究十年行动，布局建设一批基础学科研究中心。加大投入。
6. 重点领域：新能源、新材料、生物医药、数字经济等产业。
"""
    assert rows(source) == [
        (1, "一", "重点任务"),
        (2, "1", "加强科研诚信建设"),
        (2, "2", "壮大科技型企业群体"),
        (2, "3", "工作目标"),
        (2, "4", "组织开展科技活动周、科普日等活动，营造创新氛围"),
        (2, "5", "加强基础研究"),
        (2, "6", "重点领域：新能源、新材料、生物医药、数字经济等产业"),
    ]


def test_full_width_and_double_punctuation_labels():
    source = "一．总体目标\n（一）、完善体系\n１．建设平台。\n（１）引进人才。\n"
    assert rows(source) == [
        (1, "一", "总体目标"),
        (2, "(一)", "完善体系"),
        (3, "1", "建设平台"),
        (4, "(1)", "引进人才"),
    ]


def test_traditional_script_title_is_kept_as_written():
    source = "江川市科技工作要點\n一、總體目標\n二、主要任務\n（一）實施創新平台建設行動\n"
    assert rows(source) == [(1, "一", "總體目標"), (1, "二", "主要任務"), (2, "(一)", "實施創新平台建設行動")]


def test_residue_lines_and_text_outside_the_part_are_ignored():
    source = "一、任务\n1. 建设平台。\n2. 网站地图\n3. 引进人才。\n"
    assert [h.label for h in outline_of(source, residue=(2,))] == ["一", "1", "3"]
    text = Text.from_source(source)
    cut = source.index("3.")
    assert [h.label for h in build_outline(text, Part(part=1, start=0, end=cut))] == ["一", "1", "2"]


def test_body_of_the_last_heading_stops_before_trailing_residue():
    source = "一、任务\n建设平台。\n\n扫一扫在手机打开当前页\n"
    (h,) = outline_of(source, residue=(3,))
    assert source[h.body_start : h.body_end] == "\n建设平台。"


def test_empty_text_has_no_outline():
    assert outline_of("") == []


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零三", 103), ("12", 12)],
)
def test_chinese_numerals(numeral, value):
    assert cn_to_int(numeral) == value


def test_a_list_whose_first_heading_was_lost_is_kept():
    assert [h.label for h in outline_of("二、平台\n三、企业\n")] == ["二", "三"]


@pytest.mark.parametrize(
    ("label", "number"), [("第二章", 2), ("第三部分", 3), ("三", 3), ("(四)", 4), ("5", 5), ("(6)", 6), ("⑦", 7)]
)
def test_label_number_reads_every_scheme(label, number):
    assert label_number(Heading(level=1, label=label, title="", start=0, end=0)) == number
