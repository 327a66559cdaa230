"""Assessment API: who may read scores, set the scheme and export; the query count stays fixed."""

from __future__ import annotations

import pytest

from workplan.assessment.selectors import assessment_compute

ROLES = ["planner", "reporter", "supervisor", "leader", "outsider"]


@pytest.mark.parametrize(
    ("role", "read", "scheme", "export"),
    [
        ("planner", 200, 201, 200),
        ("reporter", 200, 403, 403),
        ("supervisor", 200, 403, 200),
        ("leader", 200, 403, 200),
        ("outsider", 403, 403, 403),
    ],
)
def test_permission_matrix(api, plan, users, role, read, scheme, export):
    client = api.as_(getattr(users, role))
    assert client.get(f"/api/assessments/?plan={plan.pk}&kind=mid_year").status_code == read
    assert (
        client.post("/api/scoring-schemes/", {"plan": plan.pk, "method": "linear"}, format="json").status_code == scheme
    )
    assert client.get(f"/api/assessments/export/?plan={plan.pk}").status_code == export


def test_scores_list_units_with_lines(api, plan, users):
    data = api.as_(users.leader).get(f"/api/assessments/?plan={plan.pk}").json()
    assert data["method"] == "capped"
    assert sorted(s["unit"] for s in data["scores"]) == ["市发展改革委", "市科学技术局", "江北区"]
    assert all(s["lines"] for s in data["scores"])


def test_reporter_reads_only_its_units_score(api, plan, users):
    data = api.as_(users.reporter).get(f"/api/assessments/?plan={plan.pk}").json()
    assert [s["unit"] for s in data["scores"]] == ["市发展改革委"]


def test_export_is_an_xlsx_attachment(api, plan, users):
    response = api.as_(users.supervisor).get(f"/api/assessments/export/?plan={plan.pk}&kind=year_end")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_missing_plan_parameter_is_a_coded_error(api, users):
    response = api.as_(users.leader).get("/api/assessments/")
    assert (response.status_code, response.json()["code"]) == (400, "plan_required")


def test_assessment_query_count_is_constant(plan, items, django_assert_num_queries):
    from workplan.plans.models import Target

    with django_assert_num_queries(12):
        assessment_compute(plan=plan, period=items.january)
    for i in range(25):
        Target.objects.create(plan=plan, section=items.rnd, subject=f"指标{i}", value=10, order=100 + i)
    with django_assert_num_queries(12):
        assessment_compute(plan=plan, period=items.january)
