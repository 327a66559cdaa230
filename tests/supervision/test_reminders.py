"""Reminders: before the deadline and on overdue, each once, to the reporters of units that still owe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from workplan.supervision.models import ReminderLog
from workplan.supervision.reminders import reminders_send

from .conftest import submit_progress, submit_value


@pytest.fixture
def addresses(users):
    for user, email in (
        (users.reporter, "ndrc@jc.example"),
        (users.district_reporter, "jiangbei@jc.example"),
        (users.bureau_reporter, "bureau@jc.example"),
    ):
        user.email = email
        user.save()


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_due_soon_reminder_goes_to_units_that_still_owe(plan, items, users, periods, addresses):
    # January's reports are due 5 February; on 3 February 江北区 has reported everything, the others not.
    submit_value(users.district_reporter, periods[1], items.platforms_count, 3)
    submit_progress(users.district_reporter, periods[1], items.platforms, "on_track")
    summary = reminders_send(today=dt.date(2026, 2, 3))
    assert summary.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["bureau@jc.example", "ndrc@jc.example"]
    ndrc = next(m for m in mail.outbox if m.to == ["ndrc@jc.example"])
    assert ndrc.subject == "【提醒】江川市2026年科技工作要点 2026年1月 报送截止日为2026年2月5日"
    assert ndrc.body.splitlines() == [
        "请于2026年2月5日前报送以下3项：",
        "1. 全社会研发经费投入增长",
        "2. 高新技术企业数量",
        "3. 一 提升研发投入",
    ]


def test_reminders_are_not_sent_twice(plan, periods, addresses):
    first = reminders_send(today=dt.date(2026, 2, 3))
    second = reminders_send(today=dt.date(2026, 2, 4))
    assert (first.sent, second.sent, second.skipped) == (3, 0, 3)
    assert len(mail.outbox) == 3
    assert ReminderLog.objects.filter(kind="due_soon").count() == 3


def test_overdue_reminder_after_the_due_date_once(plan, items, users, periods, addresses):
    reminders_send(today=dt.date(2026, 2, 3))
    mail.outbox.clear()
    submit_value(users.reporter, periods[1], items.hightech, 10)
    submit_value(users.reporter, periods[1], items.rnd_growth, 9)
    submit_progress(users.reporter, periods[1], items.rnd, "on_track")
    summary = reminders_send(today=dt.date(2026, 2, 6))
    # 发改委 caught up; 江北区 and 科技局 are now overdue.
    assert summary.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["bureau@jc.example", "jiangbei@jc.example"]
    assert mail.outbox[0].subject.startswith("【逾期】")
    assert reminders_send(today=dt.date(2026, 2, 7)).sent == 0


def test_nothing_is_sent_far_from_any_deadline(plan, addresses):
    assert reminders_send(today=dt.date(2026, 1, 15)).sent == 0
    assert mail.outbox == []


def test_units_without_addresses_are_tried_again_later(plan, users):
    summary = reminders_send(today=dt.date(2026, 2, 3))
    assert (summary.sent, summary.no_address) == (0, 3)
    assert ReminderLog.objects.count() == 0


def test_dry_run_sends_and_records_nothing(plan, addresses):
    summary = reminders_send(today=dt.date(2026, 2, 3), dry_run=True)
    assert len(summary.lines) == 3
    assert mail.outbox == []
    assert ReminderLog.objects.count() == 0


def test_management_command(plan, addresses, capsys):
    call_command("send_reminders", "--today", "2026-02-03")
    assert capsys.readouterr().out.strip().endswith("sent=3 already_sent=0 no_address=0")
    call_command("send_reminders", "--today", "2026-02-03")
    assert capsys.readouterr().out.strip().endswith("sent=0 already_sent=3 no_address=0")
    assert len(mail.outbox) == 3
