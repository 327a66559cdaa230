"""Compilations split into parts; a forwarding notice and its plan stay one part."""

import itertools

from workplan.parsing.parts import split_parts
from workplan.parsing.residue import mark_residue
from workplan.parsing.text import Text


def _plan(title: str, n: int = 3) -> str:
    body = "\n".join(
        f"{i}.推进第{i}项重点工作。全年新增高新技术企业{i * 10}家以上，技术合同成交额持续增长。"
        for i in range(1, n + 1)
    )
    return f"{title}\n一、主要目标\n{body}\n二、保障措施\n加强组织领导，确保各项任务落到实处。\n"


def _split(source: str) -> list[str]:
    text = Text.from_source(source)
    mark_residue(text)
    parts = split_parts(text)
    assert parts[0].start == 0
    assert parts[-1].end == len(source)
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    assert [p.part for p in parts] == list(range(1, len(parts) + 1))
    return [source[p.start : p.end] for p in parts]


def test_single_plan_is_one_part():
    assert len(_split(_plan("2023年江川市科技工作要点"))) == 1


def test_empty_text_is_one_empty_part():
    text = Text.from_source("")
    parts = split_parts(text)
    assert [(p.part, p.start, p.end) for p in parts] == [(1, 0, 0)]


def test_forwarding_notice_and_its_plan_are_one_part():
    source = (
        "关于印发《2023年江川市科技工作要点》的通知\n各县区科技局：\n"
        "1.请认真贯彻落实。\n2.请于年底前报送落实情况。\n江川市科学技术局\n2023年3月1日\n"
        + _plan("2023年江川市科技工作要点")
    )
    assert len(_split(source)) == 1


def test_numbered_pieces_mark_a_compilation():
    source = (
        "第一篇:2021年江川市科技工作要点\n"
        + _plan("2021年江川市科技工作要点")
        + "第二篇:2022年云岭县科技工作要点\n"
        + _plan("2022年云岭县科技工作要点")
        + "第三篇:科技局2023年工作要点范文\n"
        + _plan("科技局2023年工作要点范文")
    )
    parts = _split(source)
    assert [p.split("\n")[0] for p in parts] == [
        "第一篇:2021年江川市科技工作要点",
        "第二篇:2022年云岭县科技工作要点",
        "第三篇:科技局2023年工作要点范文",
    ]


def test_piece_heading_of_a_long_plan_is_not_a_compilation():
    source = "江川市科技创新发展规划\n第一篇 发展基础\n" + _plan("一、现状") + "第二篇 总体要求\n" + _plan("二、目标")
    assert len(_split(source)) == 1


def test_plans_pasted_one_after_another_are_parts():
    second = "您当前的位置：首页 >> 政务公开\n发布日期：2023-04-01\n" + _plan("2023年云岭市科技创新工作要点", 6)
    parts = _split(_plan("2023年江川市科技工作要点", 6) + "扫一扫在手机打开当前页\n" + second)
    assert len(parts) == 2
    assert parts[1] == second  # the second page's header belongs to it, the first page's footer does not


def test_a_repeated_title_does_not_start_a_part():
    source = _plan("2023年江川市科技工作要点", 6) + _plan("2023年江川市科技工作要点", 6)
    assert len(_split(source)) == 1


def test_a_short_plan_body_between_titles_does_not_start_a_part():
    # a notice with a numbered list is no plan body: 关于…的通知 then 1. 2. then the plan
    source = "2023年江川市科技工作要点\n1.电子邮箱 kjj@example.cn\n2.截止时间3月5日\n" + _plan(
        "2023年云岭市科技工作要点"
    )
    assert len(_split(source)) == 1


def test_a_title_before_any_plan_body_does_not_start_a_part():
    source = "2023年江川市科技工作要点\n（征求意见稿）\n" + _plan("2023年江川市科技工作要点(征求意见稿)")
    assert len(_split(source)) == 1
