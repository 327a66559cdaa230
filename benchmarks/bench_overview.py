"""Plan overview on 500 targets and 20,000 reports: wall time and query count (issue 4 asks < 300 ms on SQLite).

.venv/bin/python benchmarks/bench_overview.py            # SQLite in a temporary directory
DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_overview.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="workplan-bench-")
    os.environ.setdefault("WORKPLAN_VAR_DIR", tmp)
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workplan.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workplan.plans.models import Assignment, Plan, Section, Target
    from workplan.plans.selectors import plan_overview
    from workplan.reporting.models import Period, ReportStatus, TargetReport
    from workplan.units.models import Unit
    from workplan.units.services import membership_grant

    call_command("migrate", verbosity=0)
    units = Unit.objects.bulk_create([Unit(name=f"单位{i}") for i in range(20)])
    leader = get_user_model().objects.create_user("bench-leader")
    membership_grant(user=leader, unit=units[0], role="leader")
    plan = Plan.objects.create(title="基准计划", year=2026, status=Plan.Status.PUBLISHED)
    tops = Section.objects.bulk_create([Section(plan=plan, order=i, title=f"部分{i}") for i in range(8)])
    tasks = Section.objects.bulk_create(
        [Section(plan=plan, parent=tops[i % 8], order=10 + i, level=2, title=f"任务{i}") for i in range(100)]
    )
    Assignment.objects.bulk_create(
        [Assignment(plan=plan, section=t, unit=units[i % 20], name=units[i % 20].name) for i, t in enumerate(tasks)]
    )
    targets = Target.objects.bulk_create(
        [Target(plan=plan, section=tasks[i % 100], order=i, subject=f"指标{i}", value=Decimal(100)) for i in range(500)]
    )
    periods = Period.objects.bulk_create(
        [
            Period(
                plan=plan,
                kind="monthly",
                year=2026,
                number=m,
                starts_on=f"2026-{m:02d}-01",
                ends_on=f"2026-{m:02d}-28",
                due_on=f"2026-{m:02d}-28",
            )
            for m in range(1, 11)
        ]
    )
    reports = [
        TargetReport(
            period=p,
            target=t,
            unit=units[(i + k) % 20],
            actual_value=Decimal(p.number * 8),
            status=ReportStatus.ACCEPTED,
        )
        for i, t in enumerate(targets)
        for p in periods
        for k in range(4)
    ]
    TargetReport.objects.bulk_create(reports, batch_size=2000)
    print(f"{Target.objects.count()} targets, {TargetReport.objects.count()} reports, {connection.vendor}")
    times = []
    for _ in range(7):
        user = get_user_model().objects.get(pk=leader.pk)
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            overview = plan_overview(user=user, plan=plan)
            times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(
        f"plan_overview: median {median:.0f} ms (min {min(times):.0f}), {len(ctx.captured_queries)} queries, "
        f"completion {overview.total.completion:.2f}"
    )
    return 0 if median < 300 else 1


if __name__ == "__main__":
    sys.exit(main())
