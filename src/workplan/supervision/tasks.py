"""Background tasks of supervision (Django's Tasks framework; database worker: ``manage.py db_worker``)."""

from __future__ import annotations

from django.tasks import task


@task()
def build_bulletin(bulletin_id: int) -> int:
    """Generate the files of Bulletin ``bulletin_id``; returns its id."""
    from .models import Bulletin
    from .services import bulletin_run

    bulletin = Bulletin.objects.get(pk=bulletin_id)
    if bulletin.status in (Bulletin.Status.QUEUED, Bulletin.Status.RUNNING):
        bulletin_run(bulletin=bulletin)
    return bulletin_id
