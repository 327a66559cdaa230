"""Fuzz the API from its own OpenAPI schema (schemathesis, in-process WSGI) as a planner: no 5xx on any input.

Bounded: a few examples per operation (``WORKPLAN_FUZZ_EXAMPLES``, default 10) so the run stays well under
two minutes.
"""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")

EXAMPLES = int(os.environ.get("WORKPLAN_FUZZ_EXAMPLES", "10"))


def _schema():
    from drf_spectacular.generators import SchemaGenerator

    from workplan.wsgi import application

    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = application
    return schema


@pytest.fixture
def keep_connection():
    """The WSGI app closes "obsolete" connections after each request, and inside the test transaction
    PostgreSQL's connection looks obsolete; do as Django's test client does and keep it."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_never_answers_5xx(plan, items, users, keep_connection):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=users.planner).key
    headers = {"Authorization": f"Token {token}"}
    failures: list[str] = []
    statuses: list[int] = []
    operations = [result.ok() for result in _schema().get_all_operations()]
    assert len(operations) > 50

    def fuzz(operation):
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        @given(case=operation.as_strategy())
        def run(case):
            # A savepoint per call: on PostgreSQL one failed statement must not poison the calls after it.
            with transaction.atomic():
                response = case.call(headers=headers)
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append(
                    f"{operation.method.upper()} {operation.path} → {response.status_code}: "
                    f"{case.path_parameters} {case.query} {case.body!r:.200}"
                )

        run()

    for operation in operations:
        fuzz(operation)
    assert sorted({f.split(" → ")[0] for f in failures}) == [], failures[:10]
    assert len(statuses) >= len(operations)
