"""The demo: 江川市 (a fictional city), its units and people, its 2026 plan and a few months of reports.

Everything here is invented for the demo. ``load_demo`` is idempotent: units and users are created when
missing and the plan is imported once (recognised by its content hash).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from workplan.parsing import parse_text
from workplan.plans import services as plan_services
from workplan.plans.models import Measure, Plan
from workplan.reporting import services as report_services
from workplan.reporting.models import Period, TaskReport
from workplan.reporting.selectors import period_current
from workplan.units.models import Role, Unit, UnitAlias
from workplan.units.services import membership_grant

PLAN_TEXT = Path(__file__).with_name("jiangchuan_2026.txt")
DEMO_PASSWORD = "Jiangchuan#2026"

# name, kind, aliases
UNITS = [
    ("江川市科学技术局", "department", ["市科技局", "科技局", "江川市科技局"]),
    ("江川市财政局", "department", ["市财政局"]),
    ("国家税务总局江川市税务局", "department", ["市税务局"]),
    ("江川市工业和信息化局", "department", ["市工业和信息化局", "市工信局"]),
    ("江川市统计局", "department", ["市统计局"]),
    ("江川市发展和改革委员会", "department", ["市发展改革委", "市发改委"]),
    ("江川市教育局", "department", ["市教育局"]),
    ("江川市市场监督管理局", "department", ["市市场监管局"]),
    ("中共江川市委组织部", "department", ["市委组织部"]),
    ("江川市人力资源和社会保障局", "department", ["市人力资源社会保障局", "市人社局"]),
    ("江川市农业农村局", "department", ["市农业农村局"]),
    ("江川市地方金融管理局", "department", ["市地方金融管理局", "市金融局"]),
    ("江川市科学技术协会", "department", ["市科协"]),
    ("江川高新技术产业开发区管理委员会", "park", ["江川高新区管委会", "江川高新区", "高新区"]),
    ("江北区人民政府", "district", ["江北区"]),
    ("江南区人民政府", "district", ["江南区"]),
    ("各区人民政府", "other", ["各区"]),
    ("江川市人民政府督查室", "other", ["市政府督查室"]),
    ("江川市人民政府办公室", "other", ["市政府办公室"]),
]

# user name, display name, unit, role
USERS = [
    ("planner", "规划处 张明", "江川市科学技术局", Role.PLANNER),
    ("supervisor", "督查室 李华", "江川市人民政府督查室", Role.SUPERVISOR),
    ("leader", "分管副市长 王强", "江川市人民政府办公室", Role.LEADER),
    ("kjj", "科技局 赵敏", "江川市科学技术局", Role.REPORTER),
    ("czj", "财政局 钱进", "江川市财政局", Role.REPORTER),
    ("gxj", "工信局 孙磊", "江川市工业和信息化局", Role.REPORTER),
    ("gxq", "高新区 周洁", "江川高新技术产业开发区管理委员会", Role.REPORTER),
    ("jbq", "江北区 吴刚", "江北区人民政府", Role.REPORTER),
    ("fgw", "发改委 郑岚", "江川市发展和改革委员会", Role.REPORTER),
]


@dataclass
class DemoResult:
    plan: Plan
    created: bool
    users: list[tuple[str, str, str]]  # (user name, role, unit)
    reports: int


def _units() -> dict[str, Unit]:
    units = {}
    for name, kind, aliases in UNITS:
        unit, _ = Unit.objects.get_or_create(name=name, defaults={"kind": kind})
        for alias in aliases:
            UnitAlias.objects.get_or_create(name=alias, defaults={"unit": unit})
        units[name] = unit
    return units


def _users(units: dict[str, Unit], password: str) -> list[tuple[str, str, str]]:
    User = get_user_model()
    out = []
    hashed = make_password(password)  # one slow hash for every demo user
    if not User.objects.filter(username="admin").exists():
        admin = User(username="admin", first_name="管理员", is_staff=True, is_superuser=True, password=hashed)
        admin.save()
    out.append(("admin", "superuser", "—"))
    for username, display, unit_name, role in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=display, password=hashed)
            user.save()
        membership_grant(user=user, unit=units[unit_name], role=role)
        out.append((username, str(role.label), unit_name))
    return out


def _periods_to_report(plan: Plan, today: dt.date) -> list[Period]:
    """Up to six months ending with the one now due (``period_current``), so the to-do page shows the
    latest month half done and the months before it reviewed."""
    periods = list(Period.objects.filter(plan=plan).order_by("number"))
    current = period_current(plan=plan, today=today)
    end = periods.index(current) + 1 if current in periods else len(periods)
    return periods[max(0, end - 6) : end]


def _actual(target, period: Period, pace: float) -> Decimal:
    """A plausible value at the end of ``period``: counts and amounts add up over the year; rates move from
    the baseline towards the target; growth rates hover around their target."""
    month = Decimal(period.number if period.kind == "monthly" else period.number * 3)
    share = min(Decimal(1), month / 12 * Decimal(str(pace)))
    if target.measure == Measure.PERCENT and target.baseline is not None:
        value = target.baseline + (target.value - target.baseline) * share
    elif target.measure in (Measure.PERCENT, Measure.GROWTH):
        value = target.value * Decimal(str(pace)) * (Decimal("0.85") + Decimal("0.15") * month / 12)
    else:
        value = target.value * share
    return value.quantize(Decimal("0.01"))


# A tiny PDF standing in for the scanned notices units attach as evidence.
DEMO_EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _latest_state(rng: random.Random) -> str:
    """The latest month is still being filled in: some items not reported, some drafts, most submitted."""
    roll = rng.random()
    return "missing" if roll < 0.2 else "draft" if roll < 0.35 else "submitted"


def _finish(report, *, user, supervisor, latest: bool, state: str, rng: random.Random) -> None:
    if latest and state == "draft":
        return
    if latest and rng.random() < 0.35:
        report_services.evidence_add(
            user=user, report=report, file=SimpleUploadedFile("工作台账.pdf", DEMO_EVIDENCE, "application/pdf")
        )
    report_services.report_submit(user=user, report=report)
    if latest:
        return
    if rng.random() < 0.06:
        report_services.report_return(user=supervisor, report=report, comment="请补充佐证材料并核实数据口径。")
    else:
        report_services.report_accept(user=supervisor, report=report)


def _reports(plan: Plan, users: dict[str, object], periods: list[Period]) -> int:
    """Reports for each lead unit's targets and tasks: accepted earlier months (a few returned), the latest
    month partly submitted, and deliberate laggards so overviews show colour."""
    rng = random.Random(2026)
    reporters = {m.unit_id: m.user for u in users.values() for m in u.memberships.filter(role=Role.REPORTER)}
    supervisor = users["supervisor"]
    count = 0
    lead = plan.assignments.filter(role="lead", unit__isnull=False).select_related("section")
    by_section: dict[int, list[int]] = {}
    for a in lead:
        by_section.setdefault(a.section_id, []).append(a.unit_id)
    for target in plan.targets.select_related("section").order_by("order"):
        unit_id = next((u for u in by_section.get(target.section_id, []) if u in reporters), None)
        if unit_id is None:
            continue
        user = reporters[unit_id]
        pace = rng.choice([0.55, 0.8, 0.95, 1.0, 1.1, 1.25])
        state = _latest_state(rng)
        for period in periods:
            latest = period == periods[-1]
            if latest and state == "missing":
                continue
            actual = _actual(target, period, pace)
            report = report_services.target_report_save(
                user=user,
                period=period,
                target=target,
                actual_value=actual,
                note=f"截至{period}完成{actual.normalize():f}{target.unit}。",
            )
            _finish(report, user=user, supervisor=supervisor, latest=latest, state=state, rng=rng)
            count += 1
    progress_choices = [p for p in TaskReport.Progress.values if p != TaskReport.Progress.NOT_STARTED]
    for section_id, unit_ids in by_section.items():
        unit_id = next((u for u in unit_ids if u in reporters), None)
        if unit_id is None:
            continue
        user = reporters[unit_id]
        task = plan.sections.get(pk=section_id)
        state = _latest_state(rng)
        for period in periods:
            latest = period == periods[-1]
            if latest and state == "missing":
                continue
            progress = rng.choices(progress_choices, weights=[6, 2, 1, 1])[0]
            report = report_services.task_report_save(
                user=user,
                period=period,
                task=task,
                progress=progress,
                note=f"{period}：按计划推进，已召开专题调度会。",
            )
            _finish(report, user=user, supervisor=supervisor, latest=latest, state=state, rng=rng)
            count += 1
    return count


@transaction.atomic
def load_demo(*, password: str = DEMO_PASSWORD, today: dt.date | None = None) -> DemoResult:
    units = _units()
    user_rows = _users(units, password)
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[r[0] for r in USERS])}
    planner = users["planner"]
    text = PLAN_TEXT.read_text("utf-8")
    digest = plan_services.content_hash(text)
    plan = Plan.objects.filter(content_hash=digest).first()
    if plan is not None:
        return DemoResult(plan=plan, created=False, users=user_rows, reports=0)
    parsed = parse_text(text, doc="jiangchuan_2026", aliases=dict(UnitAlias.objects.values_list("name", "unit__name")))
    plan = plan_services.plan_create_from_parsed(user=planner, parsed=parsed, source_name=PLAN_TEXT.name)[0][0]
    if plan.year is None:
        plan_services.plan_update(user=planner, plan=plan, year=2026)
    # Names no unit matched would block publishing: drop them in the demo (a planner resolves them for real).
    for assignment in plan.assignments.filter(unit__isnull=True):
        plan_services.assignment_delete(user=planner, assignment=assignment)
    plan_services.plan_publish(user=planner, plan=plan)
    for index, target in enumerate(plan.targets.order_by("order")):
        # Weights as a planner would set them, and last year's level for rates (覆盖率 36% → 45%).
        baseline = (
            (target.value * Decimal("0.8")).quantize(Decimal("0.01")) if target.measure == Measure.PERCENT else None
        )
        plan_services.target_update(
            user=planner, target=target, baseline=baseline, weight=Decimal(2 if index < 4 else 1)
        )
    periods = _periods_to_report(plan, today or timezone.localdate())
    reports = _reports(plan, users, periods)
    _supervision(plan, users, units, periods)
    return DemoResult(plan=plan, created=True, users=user_rows, reports=reports)


def _supervision(plan: Plan, users: dict[str, object], units: dict[str, Unit], periods: list[Period]) -> None:
    """Supervision and assessment in use: a scoring method, one target divided among districts and the park,
    two follow-up orders on red items (one answered), and the bulletin of the latest month."""
    from workplan.assessment.services import scoring_scheme_update
    from workplan.supervision import services as supervision_services
    from workplan.supervision.models import Bulletin
    from workplan.supervision.selectors import plan_status
    from workplan.supervision.status import Colour

    planner, supervisor = users["planner"], users["supervisor"]
    scoring_scheme_update(
        user=planner, plan=plan, method="bonus", full_marks=Decimal(100), bonus_cap=Decimal("0.1"),
        late_penalty=Decimal("0.5"),
    )  # fmt: skip
    divided = plan.targets.filter(measure=Measure.COUNT, comparator=">=").order_by("order").first()
    if divided is not None:
        parts = [("江北区人民政府", "0.4"), ("江南区人民政府", "0.35"), ("江川高新技术产业开发区管理委员会", "0.25")]
        values = [(divided.value * Decimal(share)).quantize(Decimal(1)) for _name, share in parts]
        values[-1] += divided.value - sum(values)  # the rounding rest goes to the last share
        supervision_services.target_divide(
            user=planner,
            target=divided,
            shares=[{"unit": units[name], "value": v} for (name, _s), v in zip(parts, values, strict=True)],
        )
    if not periods:
        return
    _backfill(plan, periods[0], supervisor)
    if divided is not None:
        _share_reports(divided, users, supervisor, periods[-1])
    _on_time(plan, periods[-1])
    period = periods[-1]
    status = plan_status(plan=plan, period=period)
    reporters = {m.unit_id: m.user for u in users.values() for m in u.memberships.filter(role=Role.REPORTER)}
    red = [i for i in status.targets if i.colour == Colour.RED and any(u in reporters for u in i.unit_ids)]
    due = timezone.localdate() + dt.timedelta(days=14)
    for n, item in enumerate(red[:2]):
        unit_id = next(u for u in item.unit_ids if u in reporters)
        order = supervision_services.follow_up_order_open(
            user=supervisor,
            plan=plan,
            unit=Unit.objects.get(pk=unit_id),
            title=f"{item.label}进度滞后",
            request=f"{item.evaluation.reason}。请分析原因，提出整改措施，按期报送。",
            due_on=due,
            targets=list(plan.targets.filter(pk=item.id)),
            period=period,
        )
        if n == 0:
            supervision_services.follow_up_order_answer(
                user=reporters[unit_id], order=order, answer="已召开专题调度会，逐一对接重点企业，下月集中推进。"
            )
    bulletin = Bulletin.objects.create(
        plan=plan, period=period, issuer="江川市人民政府督查室", number=period.number, created_by=supervisor
    )
    supervision_services.bulletin_run(bulletin=bulletin)


def _backfill(plan: Plan, first: Period, supervisor) -> None:
    """Accepted reports for the months of the year before ``first`` (the demo reports its last months only),
    so the status rules judge progress rather than months never reported: sums grow in step, levels stay."""
    from workplan.reporting.models import TargetReport

    earlier = list(Period.objects.filter(plan=plan, kind=first.kind, year=first.year, number__lt=first.number))
    for report in TargetReport.objects.filter(period=first, actual_value__isnull=False).select_related("target"):
        for period in earlier:
            value = report.actual_value
            if report.target.measure in (Measure.COUNT, Measure.AMOUNT):
                value = (value * period.number / first.number).quantize(Decimal("0.01"))
            saved = report_services.target_report_save(
                user=report.submitted_by or supervisor,
                period=period,
                target=report.target,
                actual_value=value,
                unit=report.unit,
                note=f"截至{period}完成{value.normalize():f}{report.target.unit}。",
            )
            report_services.report_submit(user=report.submitted_by or supervisor, report=saved)
            report_services.report_accept(user=supervisor, report=saved)
    for report in TaskReport.objects.filter(period=first).select_related("task"):
        for period in earlier:
            saved = report_services.task_report_save(
                user=report.submitted_by or supervisor,
                period=period,
                task=report.task,
                progress=report.progress,
                unit=report.unit,
                note=f"{period}：按计划推进。",
            )
            report_services.report_submit(user=report.submitted_by or supervisor, report=saved)
            report_services.report_accept(user=supervisor, report=saved)


def _share_reports(target, users: dict[str, object], supervisor, last: Period) -> None:
    """The districts and the park report their parts of the divided target, month by month."""
    from workplan.supervision.models import TargetShare

    reporters = {m.unit_id: m.user for u in users.values() for m in u.memberships.filter(role=Role.REPORTER)}
    months = Period.objects.filter(plan=target.plan, kind=last.kind, year=last.year, number__lte=last.number)
    for share, pace in zip(
        TargetShare.objects.filter(target=target).order_by("unit__name"), (1.1, 0.7, 0.95), strict=False
    ):
        user = reporters.get(share.unit_id)
        if user is None:
            continue
        for period in months.order_by("number"):
            value = (share.value * Decimal(str(pace)) * period.number / 12).quantize(Decimal(1))
            report = report_services.target_report_save(
                user=user, period=period, target=target, actual_value=value, unit=share.unit, note="按月统计入库数。"
            )
            report_services.report_submit(user=user, report=report)
            if period != last:
                report_services.report_accept(user=supervisor, report=report)


def _on_time(plan: Plan, last: Period) -> None:
    """The demo's reports are all written today; date those of past months two days before they were due,
    so assessment does not count them late (the latest month keeps today's date)."""
    from workplan.reporting.models import TargetReport

    for period in Period.objects.filter(plan=plan).exclude(pk=last.pk).filter(due_on__lt=last.due_on):
        when = timezone.make_aware(dt.datetime.combine(period.due_on - dt.timedelta(days=2), dt.time(10)))
        for model in (TargetReport, TaskReport):
            model.objects.filter(period=period, submitted_at__isnull=False).update(
                submitted_at=when, reviewed_at=when + dt.timedelta(days=1)
            )
