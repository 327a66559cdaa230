import os

import pytest

from tests.browser.session import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session", autouse=True)
def _live_server_media_url():
    """Django's live server wraps the site in a media-files handler that needs a MEDIA_URL string.

    The app has none (uploads are never served directly), so give it one that no page links to.
    """
    from django.conf import settings

    previous = settings.MEDIA_URL
    settings.MEDIA_URL = "/-live-server-media-not-served-/"
    yield
    settings.MEDIA_URL = previous


# Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("headless Chromium not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
