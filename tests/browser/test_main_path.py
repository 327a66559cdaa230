"""The main path in a real headless Chromium: plan upload and correction, a report with evidence, its return.

Screenshots of every page go to var/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.session import CHROMIUM, Session
from tests.core.files import make_png
from tests.django_fixtures import PASSWORD
from tests.pages_data import YUNLING_PLAN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium not installed at /usr/bin/chromium"),
]


@pytest.fixture
def people(transactional_db):
    from tests.django_fixtures import make_units, make_users

    units = make_units()
    return make_users(units)


def _plan_document_path(page) -> str:
    return re.sub(r"#.*$", "", page.url)


def test_main_path(browser, live_server, people):
    from workplan.plans.models import Plan
    from workplan.reporting.models import ReportStatus, TargetReport

    # ---- the planner uploads a plan, corrects a target, resolves unit names and publishes
    planner = Session(browser, live_server.url, "1-planner", password=PASSWORD)
    planner.login("planner", shot=True)
    page = planner.page
    assert page.url.endswith("/plans/")
    planner.shot("plan-list")
    page.get_by_role("link", name="导入规划").first.click()
    page.get_by_label("规划文件").set_input_files(
        {"name": "云岭市要点.txt", "mimeType": "text/plain", "buffer": YUNLING_PLAN.encode("utf-8")}
    )
    planner.shot("import")
    page.get_by_role("button", name="上传并识别").click()
    page.wait_for_url(re.compile(r"/plans/\d+/document/"))
    plan = Plan.objects.get(title="云岭市2026年科技创新工作要点")
    planner.shot("document")

    target = plan.targets.get(subject="科技型中小企业评价入库数量")
    page.locator(f"#target-{target.pk} a.subject").click()
    mark = page.locator(f"#src-t-{target.pk}")
    assert mark.inner_text() == "科技型中小企业评价入库数量达到800家"
    page.wait_for_function(f"document.getElementById('src-t-{target.pk}').classList.contains('flash')")
    planner.shot("document-source-highlight")

    page.locator(f"#target-{target.pk} a.edit").click()
    form = page.locator(f"form#target-{target.pk}")
    form.wait_for()
    form.get_by_label("比较方式").select_option(">=")
    form.get_by_label("基期值").fill("650")
    planner.shot("target-edit")
    form.get_by_role("button", name="保存").click()
    page.locator(f"div#target-{target.pk}").wait_for()
    target.refresh_from_db()
    assert (target.comparator, str(target.baseline)) == (">=", "650.0000")

    page.get_by_role("button", name="发布").click()
    page.wait_for_load_state()
    assert "云岭高新区" in page.locator("#publish-error").inner_text()
    planner.shot("publish-refused")
    for name, unit in (("云岭高新区", "江川高新区"), ("各县区政府", "江北区"), ("市统计局", "市发改委")):
        field = page.locator("#unresolved li", has_text=name).locator("input[name=unit]")
        field.fill(unit)
        field.press("Enter")
        page.wait_for_load_state()
    assert not page.locator("#unresolved").count()
    page.get_by_role("button", name="发布").click()
    page.wait_for_url(re.compile(rf"/plans/{plan.pk}/$"))
    page.locator(".chart svg").first.wait_for()
    planner.shot("overview")
    planner.close()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PUBLISHED

    # ---- the reporter of 市科学技术局 reports on a target with an evidence file
    reporter = Session(browser, live_server.url, "2-reporter", password=PASSWORD)
    reporter.login("bureau_reporter", shot=True)
    page = reporter.page
    assert page.url.endswith("/todo/")
    reporter.shot("todo")
    page.get_by_role("link", name="市科学技术局").click()
    reporter.shot("unit-todo")
    hightech = plan.targets.get(subject="新认定高新技术企业")
    page.locator("tr", has_text=hightech.subject).get_by_role("link", name="填报").click()
    page.get_by_label("实际值").fill("97")
    page.get_by_label("进展说明").fill("前三季度新认定97家，第四批评审中。")
    page.get_by_label("佐证材料").set_input_files(
        {"name": "认定名单.png", "mimeType": "image/png", "buffer": make_png()}
    )
    reporter.shot("report-form")
    page.get_by_role("button", name="保存并提交").click()
    page.wait_for_url(re.compile(r"/reports/target/\d+/"))
    report_url = page.url
    reporter.shot("report-submitted")
    reporter.close()
    report = TargetReport.objects.get(target=hightech)
    assert report.status == ReportStatus.SUBMITTED
    assert [e.name for e in report.evidence.all()] == ["认定名单.png"]

    # ---- the supervisor returns it with a comment
    supervisor = Session(browser, live_server.url, "3-supervisor", password=PASSWORD)
    supervisor.login("supervisor", shot=True)
    page = supervisor.page
    page.goto("/review/")
    supervisor.shot("review-list")
    page.get_by_role("link", name=hightech.subject).click()
    page.get_by_label("审核意见").fill("请补充第四批评审进度的说明。")
    supervisor.shot("report-review")
    page.get_by_role("button", name="退回并附意见").click()
    page.wait_for_load_state()
    assert page.locator("#review-comment").inner_text() == "请补充第四批评审进度的说明。"
    supervisor.shot("report-returned")
    page.goto(f"/targets/{hightech.pk}/")
    supervisor.shot("target-detail")
    supervisor.close()
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    # ---- a reporter of another unit cannot open that report
    other = Session(browser, live_server.url, "4-other-reporter", password=PASSWORD)
    other.login("jiangbei_reporter", shot=True)
    response = other.page.goto(report_url)
    assert response.status == 403
    other.shot("forbidden")
    other.close()
