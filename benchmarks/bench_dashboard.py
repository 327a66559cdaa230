"""Leaders' dashboard on a large plan: 2,000 targets and about 100,000 reports.

usage: python benchmarks/bench_dashboard.py [--targets N] [--reports N] [--repeat N] [--postgres]

Database: ``DATABASE_URL`` when set (e.g. postgres://user@host:5432/db — the tables are created by migrate and
the data is left there); with ``--postgres`` a throw-away PostgreSQL cluster (workplan.testing.postgres, as
the test suite uses); else a throw-away SQLite file. The plan has 20 parts of 5 tasks each, 50 districts and
departments; about a third of the targets are divided among 10 districts (their reports roll up), the rest
reported monthly by their lead unit. Prints the build time, the number of queries and the wall time of
``dashboard_data`` (best and median of ``--repeat``). The goal (issue 5): under 500 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workplan.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="bench-dashboard-")
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("WORKPLAN_VAR_DIR", tmp)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def build(n_targets: int, n_reports: int):
    from django.contrib.auth import get_user_model

    from workplan.plans.models import Assignment, Plan, Section, Target
    from workplan.reporting.models import Period, ReportStatus, TargetReport
    from workplan.reporting.services import period_generate_for_plan
    from workplan.supervision.models import TargetShare
    from workplan.units.models import Membership, Unit

    stamp = time.strftime("%H%M%S")
    units = Unit.objects.bulk_create(
        [
            Unit(name=f"基准单位{stamp}-{i:02d}", kind=Unit.Kind.DISTRICT if i < 20 else Unit.Kind.DEPARTMENT)
            for i in range(50)
        ]
    )
    leader = get_user_model().objects.create_user(username=f"bench-leader-{stamp}", password="x")
    Membership.objects.create(user=leader, unit=units[-1], role="leader")
    plan = Plan.objects.create(title=f"基准计划{stamp}", year=2026, status=Plan.Status.PUBLISHED)
    period_generate_for_plan(plan=plan)
    periods = list(Period.objects.filter(plan=plan).order_by("number"))
    parts = Section.objects.bulk_create(
        [Section(plan=plan, order=i * 10, level=1, label=str(i + 1), title=f"板块{i + 1}") for i in range(20)]
    )
    tasks = Section.objects.bulk_create(
        [
            Section(plan=plan, parent=part, order=p * 10 + k + 1, level=2, label=str(k + 1), title=f"任务{p}-{k}")
            for p, part in enumerate(parts)
            for k in range(5)
        ]
    )
    Assignment.objects.bulk_create(
        [
            Assignment(plan=plan, section=task, unit=units[i % 50], name=units[i % 50].name)
            for i, task in enumerate(tasks)
        ]
    )
    measures = ["count", "amount", "percent", "growth"]
    targets = Target.objects.bulk_create(
        [
            Target(
                plan=plan,
                section=tasks[i % len(tasks)],
                subject=f"指标{i}",
                value=Decimal(100 + i % 50),
                measure=measures[i % 4],
                order=i,
                weight=Decimal(1 + i % 3),
            )
            for i in range(n_targets)
        ]
    )
    # Divided targets report 10 shares a month; the others one lead report a month.
    per_divided, per_plain = 10 * len(periods), len(periods)
    divided = max(0, min(n_targets, (n_reports - n_targets * per_plain) // (per_divided - per_plain)))
    sum_targets = [t for t in targets if t.measure in ("count", "amount")]
    divided_targets = sum_targets[:divided]
    shares = [
        TargetShare(target=t, unit=units[k], value=Decimal(t.value) / 10) for t in divided_targets for k in range(10)
    ]
    TargetShare.objects.bulk_create(shares, batch_size=5000)
    divided_ids = {t.pk for t in divided_targets}
    lead_of = {task.pk: units[i % 50] for i, task in enumerate(tasks)}
    rows = []
    for t in targets:
        reporters = units[:10] if t.pk in divided_ids else [lead_of[t.section_id]]
        share = 10 if t.pk in divided_ids else 1
        for p in periods:
            for u in reporters:
                rows.append(
                    TargetReport(
                        period=p,
                        target=t,
                        unit=u,
                        actual_value=Decimal(t.value) * p.number / 12 / share,
                        status=ReportStatus.SUBMITTED,
                    )
                )
    TargetReport.objects.bulk_create(rows, batch_size=5000)
    return plan, periods[5], leader, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=2000)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--postgres", action="store_true", help="start a throw-away PostgreSQL cluster")
    args = parser.parse_args()
    cluster = None
    if args.postgres and not os.environ.get("DATABASE_URL"):
        from workplan.testing.postgres import Cluster

        cluster = Cluster.start()
        os.environ["DATABASE_URL"] = cluster.url
    try:
        run(args)
    finally:
        if cluster is not None:
            cluster.stop()


def run(args) -> None:
    vendor = setup_django()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workplan.supervision.dashboard import dashboard_data

    t0 = time.perf_counter()
    plan, period, leader, n_reports = build(args.targets, args.reports)
    print(f"database: {vendor}; built {args.targets} targets, {n_reports} reports in {time.perf_counter() - t0:.1f} s")
    today = dt.date(2026, 7, 10)
    times, cpu = [], []
    for i in range(args.repeat):
        leader.__dict__.pop("_workplan_actor", None)
        with CaptureQueriesContext(connection) as queries:
            t0, c0 = time.perf_counter(), time.process_time()
            data = dashboard_data(user=leader, plan=plan, period=period, today=today)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        if i == 0:
            print(f"queries: {len(queries)}; items: {sum(data.colours.values())}; colours: {data.colours}")
            print(
                f"overall completion: {data.completion:.3f}; sections: {len(data.sections)}; units: {len(data.units)}"
            )
    print(
        f"dashboard_data: best {min(times) * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms, "
        f"first {times[0] * 1000:.0f} ms over {args.repeat} runs; CPU of this process best {min(cpu) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
