import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.django_fixtures import PASSWORD
from workplan.core.models import LoginEvent

REPO = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WORKPLAN_", "DATABASE_URL"))}
    environ.update(env)
    environ["DJANGO_SETTINGS_MODULE"] = "workplan.settings"
    return subprocess.run(
        [sys.executable, "-m", "django", *args], env=environ, capture_output=True, text=True, check=False, cwd=REPO
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k8$Jx2!pQz7@Lm4#Vn9^Rb3&Ty6*Wc1(Hs5)Fd0_Ga8+Ek2-Uo7=Ni4",
        WORKPLAN_HTTPS="1",
        DJANGO_ALLOWED_HOSTS="workplan.example.gov.cn",
        WORKPLAN_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_unless_debug(tmp_path):
    result = _manage("check", DJANGO_DEBUG="0", WORKPLAN_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set unless DJANGO_DEBUG=1" in result.stderr


def test_https_setting_turns_on_secure_cookies_and_hsts(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.DEBUG)"
    )
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WORKPLAN_"))}
    environ.update(
        DJANGO_SETTINGS_MODULE="workplan.settings",
        DJANGO_SECRET_KEY="x" * 60,
        WORKPLAN_HTTPS="1",
        WORKPLAN_VAR_DIR=str(tmp_path),
    )
    out = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "31536000", "False"]


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short#1a", "password_too_short"),
        ("alllowercaseletters", "password_too_simple"),
        ("ALLUPPER1234567", "password_too_simple"),
        ("12345678901234", "password_entirely_numeric"),
    ],
)
def test_password_policy_refuses_weak_passwords(password, code):
    with pytest.raises(ValidationError) as exc:
        validate_password(password)
    assert code in [e.code for e in exc.value.error_list]


def test_password_policy_accepts_mixed_password():
    assert validate_password(PASSWORD) is None


def test_security_headers_on_every_response(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp


def test_session_expires_after_thirty_minutes_and_at_browser_close(settings):
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_login_success_and_failure_are_logged(client, users):
    client.post("/accounts/login/", {"username": "planner", "password": "wrong-password"}, REMOTE_ADDR="10.0.0.7")
    client.post("/accounts/login/", {"username": "planner", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7")
    events = list(LoginEvent.objects.order_by("pk").values_list("username", "kind", "ip_address", "user_id"))
    assert events == [
        ("planner", "failure", "10.0.0.7", None),
        ("planner", "success", "10.0.0.7", users.planner.pk),
    ]


def test_login_is_locked_after_five_failures(client, users):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "planner", "password": "bad"}, REMOTE_ADDR="10.0.0.8")
    response = client.post("/accounts/login/", {"username": "planner", "password": PASSWORD}, REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_api_token_login_is_throttled_too(api, users):
    for _ in range(5):
        bad = api.post(
            "/api/auth/token/", {"username": "leader", "password": "bad"}, format="json", REMOTE_ADDR="10.0.0.9"
        )
        assert bad.status_code in (400, 429)
    good = api.post(
        "/api/auth/token/", {"username": "leader", "password": PASSWORD}, format="json", REMOTE_ADDR="10.0.0.9"
    )
    assert good.status_code == 429
    assert b"token" not in good.content


def test_api_token_login_gives_a_token_that_authenticates(api, users):
    response = api.post("/api/auth/token/", {"username": "leader", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/me/").json()["username"] == "leader"


def test_unauthenticated_api_error_has_code_and_message(api, db):
    body = api.get("/api/plans/").json()
    assert body["code"] == "not_authenticated"
    assert set(body) == {"code", "message", "extra"}
