"""Pytest plugin loaded with ``-p workplan.testing.pytest_plugin`` (see pyproject addopts).

It runs before pytest-django loads the settings, which read the environment once at import: it gives the
test run its own var directory (SQLite, uploads) and a secret key, and with ``WORKPLAN_TEST_POSTGRES=1``
starts a throwaway PostgreSQL cluster (initdb + pg_ctl on a free port, stopped and deleted at the end)
and points ``DATABASE_URL`` at it. Tests in ``tests/conftest.py`` do the rest (fast hasher, immediate tasks).
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from . import postgres

_state: dict[str, object] = {}


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args) -> None:
    var_dir = tempfile.mkdtemp(prefix="workplan-test-var-")
    _state["var_dir"] = var_dir
    os.mkdir(os.path.join(var_dir, "static"))  # whitenoise warns when STATIC_ROOT is missing
    os.environ["WORKPLAN_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
    os.environ.pop("WORKPLAN_HTTPS", None)
    if os.environ.get("WORKPLAN_TEST_POSTGRES") == "1":
        cluster = postgres.Cluster.start()
        _state["cluster"] = cluster
        os.environ["DATABASE_URL"] = cluster.url
    elif os.environ.get("DATABASE_URL", "").startswith("sqlite") or "DATABASE_URL" not in os.environ:
        os.environ.pop("DATABASE_URL", None)


def pytest_report_header(config) -> list[str]:
    cluster = _state.get("cluster")
    if cluster is not None:
        return [f"workplan: throwaway PostgreSQL {cluster.version} on port {cluster.port}"]
    return []


def pytest_unconfigure(config) -> None:
    cluster = _state.pop("cluster", None)
    if cluster is not None:
        cluster.stop()
    var_dir = _state.pop("var_dir", None)
    if var_dir:
        shutil.rmtree(var_dir, ignore_errors=True)
