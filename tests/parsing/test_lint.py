"""Lint: findings with stable ids on a plan written for the tests."""

from workplan.parsing.lint import lint_part
from workplan.parsing.model import Meta, Part, Target
from workplan.parsing.outline import build_outline
from workplan.parsing.responsibilities import extract_responsibilities
from workplan.parsing.text import Text

PLAN = """云岭市2025年科技工作要点
一、主要目标
1.全社会研发投入强度达到2.6%。
二、重点任务
（一）壮大创新主体
1.培育高新技术企业。新增高新技术企业80家。（市科技局牵头）
2.建设创新联合体。力争组建创新联合体5个。
3.深化科技体制改革。推进职务科技成果赋权改革。
（二）建设创新平台
5.建设实验室。新建重点实验室3家。
三、保障措施
（一）加强组织领导。
"""


def target(quote: str, *, deadline: int | None = 2025, aspirational: bool = False) -> Target:
    start = PLAN.index(quote)
    return Target(
        quote=quote,
        subject=quote,
        value=1,
        unit="个",
        deadline=deadline,
        aspirational=aspirational,
        start=start,
        end=start + len(quote),
    )


def lint(**targets_kw) -> list[tuple[str, str]]:
    text = Text.from_source(PLAN)
    part = Part(part=1, start=0, end=len(PLAN), meta=Meta(plan_year=2025, end_year=2025))
    part.outline = build_outline(text, part)
    part.responsibilities = extract_responsibilities(text, part)
    part.targets = targets_kw.get(
        "targets",
        [
            target("研发投入强度达到2.6%"),
            target("新增高新技术企业80家"),
            target("组建创新联合体5个", aspirational=True),
            target("新建重点实验室3家", deadline=None),
        ],
    )
    return [(f.code, f.message) for f in lint_part(part)]


def test_findings_name_the_task_or_target_in_chinese():
    assert lint() == [
        ("W001", "任务“3 深化科技体制改革”既没有可量化的目标，也没有明确的责任单位"),
        ("W003", "目标“组建创新联合体5个”以“力争”等措辞表述，所在任务没有明确的责任单位"),
        ("W002", "目标“新建重点实验室3家”没有完成时限"),
        ("W004", "编号不连续：“3”之后是“5”"),
    ]


def test_deadline_outside_the_plan_years():
    found = lint(targets=[target("新建重点实验室3家", deadline=2027)])
    assert ("W005", "目标“新建重点实验室3家”的完成时限（2027年）不在计划期（2025—2025年）内") in found


def test_sections_for_goals_and_safeguards_are_not_tasks():
    found = lint(targets=[])
    flagged = [m for code, m in found if code == "W001"]
    assert flagged == [
        "任务“2 建设创新联合体”既没有可量化的目标，也没有明确的责任单位",
        "任务“3 深化科技体制改革”既没有可量化的目标，也没有明确的责任单位",
        "任务“5 建设实验室”既没有可量化的目标，也没有明确的责任单位",
    ]


def test_empty_part_has_no_findings():
    assert lint_part(Part(part=1, start=0, end=0)) == []
