"""Responsibilities: explicit unit assignments, on plans written for the tests."""

from workplan.parsing import parse_text
from workplan.parsing.model import Part
from workplan.parsing.outline import build_outline
from workplan.parsing.responsibilities import extract_responsibilities
from workplan.parsing.text import Text


def records(source: str, aliases: dict[str, str] | None = None):
    text = Text.from_source(source)
    part = Part(part=1, start=0, end=len(source))
    part.outline = build_outline(text, part)
    return extract_responsibilities(text, part, aliases)


def roles(source: str, aliases: dict[str, str] | None = None) -> list[tuple[str | None, list[str], list[str]]]:
    """Task title and units through the alias table (``lead_units``/``support_units``)."""
    return [(r.task_title, r.lead_units, r.support_units) for r in records(source, aliases)]


PLAN = """江川市科技创新能力提升行动方案
一、主要任务
（一）实施平台建设行动
1.建设高能级研发平台。新建省级以上研发平台10个。（市科技局牵头，市发改委、市工信局等按职责分工负责）
2.培育科技型企业。实施梯度培育计划。（牵头单位：市科技局；责任单位：市财政局、市税务局）
3.推进园区升级。支持园区争创省级高新区。（江川经开区、江川高新区管委会负责）
4.加强人才引进。实施青年人才计划。
责任单位：市委组织部、市人力资源和社会保障局
5.完善金融服务。推广科技保险。市科技局和市金融办负责。
6.推进城乡建设科技创新。开展绿色建材研发。（市住房和城乡建设局、市科技局按职责分工负责）
二、保障措施
（一）强化调度。市科技局会同市财政局定期调度实施情况。
（二）加强协同。充分发挥市科技局的牵头作用，各部门按职责分工负责。
"""


def test_every_explicit_form_gives_one_record_per_task():
    assert roles(PLAN) == [
        ("建设高能级研发平台", ["市科技局"], ["市发展改革委", "市工信局"]),
        ("培育科技型企业", ["市科技局"], ["市财政局", "市税务局"]),
        ("推进园区升级", ["江川经开区管委会", "江川高新区管委会"], []),
        ("加强人才引进", ["市委组织部", "市人社局"], []),
        ("完善金融服务", ["市科技局", "市金融办"], []),
        ("推进城乡建设科技创新", ["市住建局", "市科技局"], []),
        ("强化调度", ["市科技局", "市财政局"], []),
    ]


def test_record_keeps_task_label_heading_and_the_assignment_offsets():
    first = records(PLAN)[0]
    assert (first.task_label, first.heading) == ("1", 2)
    assert first.text == "市科技局牵头，市发改委、市工信局等按职责分工负责"
    assert PLAN[first.start : first.end] == first.text


def test_mentions_of_a_leading_role_are_not_assignments():
    source = "一、工作要求\n（一）加强领导。发挥科技部门的牵头作用，各有关单位要密切配合。\n（二）强化落实。支持龙头企业牵头组建创新联合体。\n"
    assert records(source) == []


def test_units_after_a_lead_clause_that_cooperate_are_support():
    source = "一、任务\n1.开展技术攻关。（市科技局、市工信局牵头，市财政局配合）\n"
    assert roles(source) == [("开展技术攻关", ["市科技局", "市工信局"], ["市财政局"])]


def test_a_shared_government_suffix_is_expanded_only_for_place_names():
    source = "一、任务\n1.推进县域创新。（滨江区、临湖县人民政府，市科技局负责）\n"
    assert roles(source) == [("推进县域创新", ["滨江区人民政府", "临湖县人民政府", "市科技局"], [])]


def test_notes_in_angle_brackets_stay_with_the_name():
    source = "一、任务\n1.建设科普基地。（市科技局牵头，市住建局〈市人防办〉按职责分工负责）\n"
    assert roles(source) == [("建设科普基地", ["市科技局"], ["市住建局〈市人防办〉"])]


def test_traditional_script_names_are_stored_in_simplified_script():
    source = "一、主要任務\n1.建設研發平台。（市科技局牽頭，市發展改革委、市財政局等按職責分工負責）\n"
    (rec,) = records(source)
    assert (rec.task_title, rec.lead, rec.support) == ("建設研發平台", ["市科技局"], ["市发展改革委", "市财政局"])
    assert rec.text == "市科技局牽頭，市發展改革委、市財政局等按職責分工負責"


def test_user_aliases_extend_the_table_and_fill_the_unit_fields_only():
    source = "一、任务\n1.发展数字经济。（市数据局牵头）\n"
    (rec,) = records(source, {"市数据局": "市数据资源管理局"})
    assert (rec.lead, rec.lead_units) == (["市数据局"], ["市数据资源管理局"])


def test_names_stay_as_written_and_the_alias_table_fills_the_unit_fields():
    # the gold annotations keep names as written; 市工业和信息化局 is not rewritten to 市工信局 there
    source = "一、任务\n1.推进数字化改造。（市工业和信息化局牵头，市发改委、市发展改革委配合）\n"
    (rec,) = records(source)
    assert (rec.lead, rec.support) == (["市工业和信息化局"], ["市发改委", "市发展改革委"])
    assert (rec.lead_units, rec.support_units) == (["市工信局"], ["市发展改革委"])


def test_assignment_outside_any_heading_has_no_task():
    (rec,) = records("牵头单位：市科技局\n")
    assert (rec.task_label, rec.task_title, rec.heading, rec.lead) == (None, None, None, ["市科技局"])


def test_parenthesis_with_other_words_is_not_an_assignment():
    source = "一、任务\n1.发展“4+2”产业。（以下简称“4+2”产业，由市科技局负责统计）\n"
    assert records(source) == []


def test_a_bracket_of_unit_names_closing_a_task_lists_its_units():
    source = "一、任务\n1.建设孵化载体。新建众创空间3家。（市科技局、临湖县人民政府）\n2.培育企业。引导企业（以下简称市科技局）入库。\n"
    assert roles(source) == [("建设孵化载体", ["市科技局", "临湖县人民政府"], [])]


def test_opening_clauses_of_a_sentence_can_assign_units():
    source = "一、任务\n1.建立会商机制。由市科技局牵头，市财政局配合，建立联席会议制度。\n2.组建联合体。企业牵头，高校参与，组建创新联合体。\n"
    (rec,) = records(source)
    assert (rec.task_title, rec.lead, rec.support, rec.text) == (
        "建立会商机制",
        ["市科技局"],
        ["市财政局"],
        "由市科技局牵头，市财政局配合",
    )


def test_units_joined_by_huitong_in_a_bracket_lead_together():
    source = "一、任务\n1.开展专项督查。（市科技局会同市财政局负责）\n"
    assert roles(source) == [("开展专项督查", ["市科技局", "市财政局"], [])]


def test_bank_branches_and_member_units_are_units():
    # 分行/支行 and 成员单位 name units; 强化部门协同 is a phrase, not an assignment
    text = (
        "2026年云岭市科技工作要点\n一、主要任务\n(一)强化金融支撑\n"
        "1.发展科技金融。全年新增科技贷款50亿元。(市金融办牵头,人民银行云岭市分行、云岭银保监分局按职责分工负责)\n"
        "2.推进协同创新。建设联合实验室3家。(市科技局牵头,各成员单位配合)\n"
        "二、工作要求\n强化部门协同,形成工作合力。\n"
    )
    recs = parse_text(text).parts[0].responsibilities
    assert [(r.task_title, r.lead, r.support) for r in recs] == [
        ("发展科技金融", ["市金融办"], ["人民银行云岭市分行", "云岭银保监分局"]),
        ("推进协同创新", ["市科技局"], ["各成员单位"]),
    ]
