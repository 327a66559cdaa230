"""Helpers of the supervision tests: submit reports quickly through the reporting services."""

from __future__ import annotations

from decimal import Decimal

import pytest


def submit_value(user, period, target, value, unit=None):
    from workplan.reporting import services

    report = services.target_report_save(
        user=user, period=period, target=target, actual_value=Decimal(str(value)), unit=unit
    )
    return services.report_submit(user=user, report=report)


def submit_progress(user, period, task, progress, unit=None):
    from workplan.reporting import services

    report = services.task_report_save(user=user, period=period, task=task, progress=progress, unit=unit)
    return services.report_submit(user=user, report=report)


@pytest.fixture
def periods(plan):
    """Monthly periods of the fixture plan by month number."""
    return {p.number: p for p in plan.periods.all()}
