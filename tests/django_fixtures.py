"""Fixtures of the tracking app: units, one user per role, and a small published plan of 江川市.

The plan is built from a ParsedDocument written here (not through the parser), so these tests do not move
when the parser's rules change.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from workplan.parsing.model import Heading, Meta, ParsedDocument, Part, Responsibility, Target

PASSWORD = "Jiangchuan#2026pw"

SOURCE = """江川市2026年科技工作要点
一、强化科技创新
（一）提升研发投入。全社会研发经费投入增长10%以上，高新技术企业数量达到500家。（市发展改革委牵头，市财政局配合）
（二）建设创新平台。新建省级以上创新平台20个。（江北区牵头）
二、优化创新生态
（一）培育科技人才。技术合同成交额突破100亿元。（科技局牵头）
"""


def _span(text: str, sub: str) -> tuple[int, int]:
    start = SOURCE.index(sub)
    return start, start + len(sub)


def _heading(level: int, label: str, title: str) -> Heading:
    start, end = _span(SOURCE, title)
    line_end = SOURCE.index("\n", end)
    return Heading(level, label, title, start - len(label) - 2, end, end, line_end)


def _target(quote: str, subject: str, value, unit: str, comparator: str, measure: str, heading: int) -> Target:
    start, end = _span(SOURCE, quote)
    return Target(quote, subject, value, unit, comparator, measure, start=start, end=end, heading=heading)


def _resp(text: str, lead: list[str], support: list[str], heading: int) -> Responsibility:
    start, end = _span(SOURCE, text)
    return Responsibility(None, None, lead, support, text, start, end, heading)


def jiangchuan_parsed(source_suffix: str = "") -> ParsedDocument:
    """The small plan as the parser would return it (``source_suffix`` changes its content hash)."""
    outline = [
        _heading(1, "一", "强化科技创新"),
        _heading(2, "一", "提升研发投入"),
        _heading(2, "二", "建设创新平台"),
        _heading(1, "二", "优化创新生态"),
        _heading(2, "一", "培育科技人才"),
    ]
    targets = [
        _target("全社会研发经费投入增长10%以上", "全社会研发经费投入增长", 10, "%", ">=", "growth", 1),
        _target("高新技术企业数量达到500家", "高新技术企业数量", 500, "家", ">=", "count", 1),
        _target("新建省级以上创新平台20个", "新建省级以上创新平台", 20, "个", ">=", "count", 2),
        _target("技术合同成交额突破100亿元", "技术合同成交额", 100, "亿元", ">", "amount", 4),
    ]
    responsibilities = [
        _resp("（市发展改革委牵头，市财政局配合）", ["市发展改革委"], ["市财政局"], 1),
        _resp("（江北区牵头）", ["江北区"], [], 2),
        _resp("（科技局牵头）", ["科技局"], [], 4),
    ]
    part = Part(
        part=1,
        start=0,
        end=len(SOURCE),
        meta=Meta(title="江川市2026年科技工作要点", issuer="江川市科学技术局", region="江川市", plan_year=2026),
        outline=outline,
        targets=targets,
        responsibilities=responsibilities,
    )
    return ParsedDocument(doc="jiangchuan", source=SOURCE + source_suffix, parts=[part])


def make_units() -> SimpleNamespace:
    from workplan.units.models import Unit
    from workplan.units.services import unit_create

    return SimpleNamespace(
        bureau=unit_create(name="市科学技术局", aliases=["科技局", "市科技局"]),
        ndrc=unit_create(name="市发展改革委", aliases=["市发改委"]),
        finance=unit_create(name="市财政局"),
        jiangbei=unit_create(name="江北区", kind=Unit.Kind.DISTRICT),
        park=unit_create(name="江川高新区", kind=Unit.Kind.PARK),
        supervision=unit_create(name="市政府督查室"),
        leaders=unit_create(name="市政府办公室"),
    )


def _user(username: str, unit, role: str | None):
    from django.contrib.auth import get_user_model

    from workplan.units.services import membership_grant

    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role:
        membership_grant(user=user, unit=unit, role=role)
    return user


def make_users(units) -> SimpleNamespace:
    return SimpleNamespace(
        planner=_user("planner", units.bureau, "planner"),
        reporter=_user("ndrc_reporter", units.ndrc, "reporter"),
        finance_reporter=_user("finance_reporter", units.finance, "reporter"),
        district_reporter=_user("jiangbei_reporter", units.jiangbei, "reporter"),
        bureau_reporter=_user("bureau_reporter", units.bureau, "reporter"),
        supervisor=_user("supervisor", units.supervision, "supervisor"),
        leader=_user("leader", units.leaders, "leader"),
        outsider=_user("outsider", None, None),
    )


def make_draft_plan(users):
    from workplan.plans.services import plan_create_from_parsed

    plans, _report = plan_create_from_parsed(user=users.planner, parsed=jiangchuan_parsed(), source_name="jc.txt")
    return plans[0]


def make_items(plan) -> SimpleNamespace:
    sections = {s.title: s for s in plan.sections.all()}
    targets = {t.subject: t for t in plan.targets.all()}
    periods = list(plan.periods.order_by("number"))
    return SimpleNamespace(
        innovation=sections["强化科技创新"],
        rnd=sections["提升研发投入"],
        platforms=sections["建设创新平台"],
        ecosystem=sections["优化创新生态"],
        talent=sections["培育科技人才"],
        rnd_growth=targets["全社会研发经费投入增长"],
        hightech=targets["高新技术企业数量"],
        platforms_count=targets["新建省级以上创新平台"],
        contracts=targets["技术合同成交额"],
        january=periods[0] if periods else None,
        february=periods[1] if periods else None,
    )


@pytest.fixture
def units(db):
    return make_units()


@pytest.fixture
def users(units):
    return make_users(units)


@pytest.fixture
def draft_plan(users):
    return make_draft_plan(users)


@pytest.fixture
def plan(draft_plan, users):
    """The small plan, published (monthly periods of 2026 exist)."""
    from workplan.plans.services import plan_publish

    return plan_publish(user=users.planner, plan=draft_plan)


@pytest.fixture
def items(plan):
    """Sections, targets and the first two periods of the published plan by short name."""
    return make_items(plan)


@pytest.fixture(scope="module")
def committed(django_db_setup, django_db_blocker):
    """Run ``build()`` once per module with the data committed; each test still rolls back its own changes.

    Usage: ``world = committed(build)`` inside a module-scoped fixture. Everything is flushed at the end.
    """
    from django.core.management import call_command

    built = []

    def run(build):
        with django_db_blocker.unblock():
            built.append(build())
        return built[-1]

    yield run
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def api(client):
    """A DRF test client; ``api.as_(user)`` signs in with a session."""
    from rest_framework.test import APIClient

    c = APIClient()

    def as_(user):
        c.force_authenticate(user=None)
        c.logout()
        if user is not None:
            c.force_login(user)
        return c

    c.as_ = as_
    return c
