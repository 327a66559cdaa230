from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "gold"


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not (GOLD_DIR / "docs").is_dir():
        pytest.skip(f"development set not found at {GOLD_DIR} (it lives beside the checkout in ../shared/gold)")
    return GOLD_DIR


# ---- Django (tracking app). Settings are loaded from the environment prepared by
# workplan.testing.pytest_plugin; test-only tweaks go here. Parser tests use no database.
pytest_plugins = ["tests.django_fixtures"]


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    if not settings.configured:
        return
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
