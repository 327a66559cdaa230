"""Supervision in a real headless Chromium, on the demo data: a leader reads the dashboard and drills down;
a supervisor opens a follow-up order; the unit's reporter answers it; the supervisor closes it and generates
a bulletin with its print page; a planner reads the assessment ranking and a decomposition.

Screenshots of every page go to var/screenshots/supervision/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.browser.session import CHROMIUM, SCREENSHOTS, Session
from workplan.demo.loader import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not installed at /usr/bin/chromium"),
]

SHOTS = SCREENSHOTS / "supervision"


@pytest.fixture
def demo(transactional_db):
    from workplan.demo.loader import load_demo

    return load_demo()


def test_supervision_path(browser, live_server, demo):
    from workplan.supervision.models import Bulletin, FollowUpOrder
    from workplan.units.models import Membership, Role

    plan = demo.plan

    # ---- the leader opens the dashboard and drills down to a lagging item and a section
    leader = Session(browser, live_server.url, "1-leader", password=DEMO_PASSWORD, shots=SHOTS)
    leader.login("leader")
    page = leader.page
    page.get_by_role("link", name="领导驾驶舱").first.click()
    page.wait_for_url(re.compile(rf"/plans/{plan.pk}/dashboard/"))
    page.locator("[data-dash-chart='chart-trend'] svg").wait_for()
    assert page.locator("#overall-completion").inner_text().endswith("%")
    leader.shot("dashboard")
    lagging = page.locator("#lagging tbody tr").first.get_by_role("link")
    name = lagging.inner_text()
    lagging.click()
    page.wait_for_url(re.compile(r"/(targets|tasks)/\d+/"))
    assert name in page.locator("h1").inner_text()
    leader.shot("drilldown-item")
    page.go_back()
    page.locator("#sections-title + table a").first.click()
    page.wait_for_url(re.compile(r"/tasks/\d+/"))
    leader.shot("drilldown-section")
    leader.close()

    # ---- the supervisor opens a follow-up order on a red item from the status page
    supervisor = Session(browser, live_server.url, "2-supervisor", password=DEMO_PASSWORD, shots=SHOTS)
    supervisor.login("supervisor")
    page = supervisor.page
    page.goto(f"/plans/{plan.pk}/status/?colour=red")
    supervisor.shot("status-red")
    assert page.locator(".colour-group h2").first.inner_text().startswith("红灯")
    page.get_by_role("link", name="发起督办").first.click()
    page.wait_for_url(re.compile(r"/follow-ups/new/"))
    page.get_by_label("标题").fill("重点指标进度滞后")
    page.get_by_label("督办要求").fill("请分析滞后原因，提出整改措施。")
    page.get_by_label("截止日期").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat())
    supervisor.shot("order-form")
    page.get_by_role("button", name="发出督办单").click()
    page.wait_for_url(re.compile(r"/follow-ups/\d+/$"))
    order = FollowUpOrder.objects.get(title="重点指标进度滞后")
    assert page.locator("#order-status").inner_text() == order.get_status_display()
    supervisor.shot("order-opened")
    page.get_by_role("button", name="催办").click()
    page.wait_for_load_state()
    page.goto("/follow-ups/")
    supervisor.shot("order-list")

    # ---- the unit's reporter answers it
    username = Membership.objects.filter(unit=order.unit, role=Role.REPORTER).values_list("user__username", flat=True)[
        0
    ]
    reporter = Session(browser, live_server.url, "3-reporter", password=DEMO_PASSWORD, shots=SHOTS)
    reporter.login(username)
    rpage = reporter.page
    rpage.goto("/follow-ups/")
    reporter.shot("order-list")
    rpage.get_by_role("link", name="重点指标进度滞后").click()
    rpage.get_by_role("textbox", name="整改措施").fill("已约谈重点企业，建立周调度台账，下月补齐进度。")
    reporter.shot("order-answer")
    rpage.get_by_role("button", name="提交答复").click()
    rpage.wait_for_load_state()
    assert "周调度台账" in rpage.locator("#order-answer").inner_text()
    reporter.shot("order-answered")
    reporter.close()

    # ---- the supervisor closes it, then generates a bulletin and opens its print page
    page.goto(f"/follow-ups/{order.pk}/")
    page.get_by_role("button", name="办结销号").click()
    page.wait_for_load_state()
    order.refresh_from_db()
    assert (order.status, order.reminders) == ("closed", 1)
    supervisor.shot("order-closed")
    page.goto("/bulletins/")
    supervisor.shot("bulletins")
    page.get_by_role("button", name="生成").click()
    page.wait_for_url(re.compile(r"/bulletins/\d+/$"))
    page.locator("#print-link").wait_for()
    supervisor.shot("bulletin-done")
    page.locator("#print-link").click()
    page.wait_for_url(re.compile(r"/bulletins/\d+/print/"))
    assert page.locator(".official-title").inner_text().startswith("关于")
    supervisor.shot("bulletin-print")
    page.emulate_media(media="print")
    supervisor.shot("bulletin-print-media")
    supervisor.close()
    assert Bulletin.objects.filter(status=Bulletin.Status.DONE).count() == 2  # the demo's and this one

    # ---- the planner reads the assessment ranking with a breakdown, and a decomposition
    planner = Session(browser, live_server.url, "4-planner", password=DEMO_PASSWORD, shots=SHOTS)
    planner.login("planner")
    page = planner.page
    page.get_by_role("link", name="考核").first.click()
    page.wait_for_url(re.compile(rf"/plans/{plan.pk}/assessment/"))
    page.locator("#ranking details summary").first.click()
    assert page.locator("#ranking details[open] .breakdown tbody tr").count() >= 2
    planner.shot("assessment")
    divided = plan.targets.filter(shares__isnull=False).distinct().first()
    page.goto(f"/targets/{divided.pk}/shares/")
    assert page.locator("#shares tbody tr").count() == 4  # three shares and the sum
    planner.shot("shares")
    planner.close()
