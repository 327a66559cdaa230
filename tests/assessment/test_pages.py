"""The assessment pages: ranking with every point explained, scoring method, xlsx export, and the
decomposition (指标分解) of a target — who may open them (role × page), the key POSTs, the pages at work.

Roles: planner, reporter (市发展改革委, leads 高新技术企业数量), other_reporter (江北区, assigned elsewhere),
supervisor, leader, anonymous.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.supervision.conftest import submit_value
from workplan.assessment.models import ScoringScheme
from workplan.supervision import services as supervision_services
from workplan.supervision.models import TargetShare

ROLES = ["planner", "reporter", "other_reporter", "supervisor", "leader", "anonymous"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def periods(plan):
    return {p.number: p for p in plan.periods.all()}


@pytest.fixture
def world(plan, items, users, periods):
    submit_value(users.reporter, periods[1], items.hightech, 10)
    submit_value(users.reporter, periods[2], items.hightech, 20)
    submit_value(users.reporter, periods[2], items.rnd_growth, 10.5)
    submit_value(users.district_reporter, periods[2], items.platforms_count, 4)
    return {"plan": plan.pk, "target": items.hightech.pk, "period": periods[2].pk}


def _client(users, role, **kwargs) -> Client:
    client = Client(**kwargs)
    user = {
        "planner": users.planner,
        "reporter": users.reporter,
        "other_reporter": users.district_reporter,
        "supervisor": users.supervisor,
        "leader": users.leader,
        "anonymous": None,
    }[role]
    if user is not None:
        client.force_login(user)
    return client


PAGES = [
    ("assessment:home", {}, [302, 302, 302, 302, 302, 302]),
    ("assessment:ranking", {"pk": "plan"}, [200, 200, 200, 200, 200, 302]),
    ("assessment:export", {"pk": "plan"}, [200, 403, 403, 200, 200, 302]),
    ("assessment:shares", {"pk": "target"}, [200, 200, 403, 200, 200, 302]),
]

CASES = [
    pytest.param(name, kwargs, role, expected[i], id=f"{name}-{role}")
    for name, kwargs, expected in PAGES
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(("name", "kwargs", "role", "expected"), CASES)
def test_page_status_by_role(world, users, name, kwargs, role, expected):
    url = reverse(name, kwargs={k: world[v] for k, v in kwargs.items()})
    response = _client(users, role).get(url)
    assert response.status_code == expected, response.content[:300]
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("name", ["assessment:ranking", "assessment:export", "assessment:shares"])
def test_missing_objects_answer_404(world, users, name):
    assert _client(users, "planner").get(reverse(name, args=[999999])).status_code == 404


SCHEME = {"method": "bonus", "full_marks": "100", "bonus_cap": "0.2", "late_penalty": "1"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("planner", 302),
        ("reporter", 403),
        ("other_reporter", 403),
        ("supervisor", 403),
        ("leader", 403),
        ("anonymous", 302),
    ],
)
def test_only_planners_choose_the_scoring_method(world, users, role, expected):
    response = _client(users, role).post(reverse("assessment:scheme", args=[world["plan"]]), SCHEME)
    assert response.status_code == expected
    methods = list(ScoringScheme.objects.values_list("method", flat=True))
    assert methods == (["bonus"] if role == "planner" else [])


def _shares(units, first="300", second="200") -> dict:
    return {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-unit": units.jiangbei.pk,
        "form-0-value": first,
        "form-1-unit": units.park.pk,
        "form-1-value": second,
        "form-1-baseline": "120",
        "form-2-unit": "",
        "form-2-value": "",
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("planner", 302),
        ("reporter", 403),
        ("other_reporter", 403),
        ("supervisor", 403),
        ("leader", 403),
        ("anonymous", 302),
    ],
)
def test_only_planners_divide_targets(world, users, units, role, expected):
    response = _client(users, role).post(reverse("assessment:shares", args=[world["target"]]), _shares(units))
    assert response.status_code == expected
    shares = list(TargetShare.objects.order_by("unit__name").values_list("unit__name", "value"))
    assert shares == ([("江北区", Decimal(300)), ("江川高新区", Decimal(200))] if role == "planner" else [])


@pytest.mark.parametrize(
    ("role", "name", "data"),
    [("planner", "assessment:scheme", "scheme"), ("planner", "assessment:shares", "shares")],
)
def test_posts_without_csrf_token_are_refused(world, users, units, role, name, data):
    client = _client(users, role, enforce_csrf_checks=True)
    pk = world["plan"] if name == "assessment:scheme" else world["target"]
    response = client.post(reverse(name, args=[pk]), SCHEME if data == "scheme" else _shares(units))
    assert response.status_code == 403
    assert (ScoringScheme.objects.count(), TargetShare.objects.count()) == (0, 0)


# ---------------------------------------------------------------- the pages at work


def test_ranking_explains_every_point(world, users):
    url = reverse("assessment:ranking", args=[world["plan"]]) + f"?period={world['period']}"
    response = _client(users, "leader").get(url)
    body = response.content.decode()
    scores = response.context["assessment"].scores
    assert len(scores) == 3  # 市发展改革委, 江北区, 市科学技术局
    assert all(s.lines for s in scores)
    for s in scores:
        for line in s.lines:
            assert line.text in body
    assert "<details>" in body
    assert reverse("assessment:export", args=[world["plan"]]) in body


def test_reporter_sees_only_its_units_row(world, users, units):
    url = reverse("assessment:ranking", args=[world["plan"]]) + f"?period={world['period']}"
    scores = _client(users, "reporter").get(url).context["assessment"].scores
    assert [s.unit_id for s in scores] == [units.ndrc.pk]


def test_ranking_by_milestone(world, users, plan):
    url = reverse("assessment:ranking", args=[world["plan"]]) + "?kind=mid_year"
    response = _client(users, "leader").get(url)
    assert response.context["period"].number == 6


def test_scheme_form_shows_errors_and_writes_nothing(world, users):
    data = {**SCHEME, "full_marks": "0"}
    response = _client(users, "planner").post(reverse("assessment:scheme", args=[world["plan"]]), data)
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not ScoringScheme.objects.exists()


def test_export_is_an_xlsx_with_the_ranking(world, users):
    url = reverse("assessment:export", args=[world["plan"]]) + f"?period={world['period']}"
    response = _client(users, "supervisor").get(url)
    assert response["Content-Type"] == XLSX
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.worksheets[0].max_row == 1 + len(
        _client(users, "leader").get(url.replace("export.xlsx", "")).context["rows"]
    )


def test_shares_that_do_not_add_up_are_refused_with_the_sum(world, users, units):
    url = reverse("assessment:shares", args=[world["target"]])
    response = _client(users, "planner").post(url, _shares(units, "300", "150"))
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="shares-error"' in body
    assert "450" in body
    assert "500" in body
    assert not TargetShare.objects.exists()


def test_shares_page_rolls_up_the_units_reports(world, users, units, items, periods):
    supervision_services.target_divide(
        user=users.planner,
        target=items.hightech,
        shares=[{"unit": units.jiangbei, "value": Decimal(300)}, {"unit": units.park, "value": Decimal(200)}],
    )
    submit_value(users.district_reporter, periods[3], items.hightech, 40, unit=units.jiangbei)
    response = _client(users, "planner").get(reverse("assessment:shares", args=[items.hightech.pk]))
    rollup = response.context["rollup"]
    assert [(r["period"].number, r["cells"], r["total"], r["complete"]) for r in rollup] == [
        (3, ["40", ""], "40", False)
    ]
    assert response.context["check_error"] == ""
    assert "与目标相符" in response.content.decode()


def test_sum_check_error_shows_for_stored_shares_that_no_longer_add_up(world, users, units, items):
    supervision_services.target_divide(
        user=users.planner,
        target=items.hightech,
        shares=[{"unit": units.jiangbei, "value": Decimal(300)}, {"unit": units.park, "value": Decimal(200)}],
    )
    items.hightech.value = Decimal(600)
    items.hightech.save()
    response = _client(users, "supervisor").get(reverse("assessment:shares", args=[items.hightech.pk]))
    assert 'id="sum-check"' in response.content.decode()
    assert "500" in response.context["check_error"]
