import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from workplan.cli_django import gunicorn_argv

WORKPLAN = str(Path(sys.executable).with_name("workplan"))


def _env(tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WORKPLAN_", "DATABASE_URL"))}
    env.update(WORKPLAN_VAR_DIR=str(tmp_path), DJANGO_SECRET_KEY="s" * 60, **extra)
    return env


def test_manage_runs_any_django_command(tmp_path):
    result = subprocess.run(
        [WORKPLAN, "manage", "check"], env=_env(tmp_path), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_gunicorn_command_line():
    argv = gunicorn_argv(host="0.0.0.0", port=8123, workers=3)
    assert argv[1:6] == ["-m", "gunicorn", "workplan.wsgi:application", "--bind", "0.0.0.0:8123"]
    assert argv[argv.index("--workers") + 1] == "3"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_migrates_and_serves_pages_and_static_files(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        [WORKPLAN, "serve", "--port", str(port), "--workers", "1", "--no-worker"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2) as r:
                    status = r.status
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.5)
        assert status == 200, proc.stdout.read1(5000) if proc.poll() is not None else "timeout"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/admin/css/base.css", timeout=5) as r:
            assert r.status == 200
        assert (tmp_path / "workplan.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.django_db
def test_load_demo_builds_a_published_plan_with_reports(capsys):
    from workplan.plans.models import Plan
    from workplan.reporting.models import TargetReport, TaskReport

    call_command("load_demo")
    plan = Plan.objects.get()
    out = capsys.readouterr().out
    assert plan.title == "江川市2026年科技工作要点"
    assert plan.status == Plan.Status.PUBLISHED
    assert plan.targets.count() >= 35
    assert not plan.assignments.filter(unit__isnull=True).exists()
    assert TargetReport.objects.count() >= 3 * 30
    assert TaskReport.objects.exists()
    for username in ("planner", "supervisor", "leader", "kjj", "gxq"):
        assert username in out
    call_command("load_demo")
    assert Plan.objects.count() == 1
    assert "Demo already loaded" in capsys.readouterr().out
