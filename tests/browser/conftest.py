import pytest


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
