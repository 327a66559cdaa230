"""Background tasks of the plans app (Django's Tasks framework; database worker: ``manage.py db_worker``)."""

from __future__ import annotations

from django.tasks import task


@task()
def import_plan(job_id: int) -> int | None:
    """Parse and import the upload of ImportJob ``job_id``; returns the first plan's id."""
    from .models import ImportJob
    from .services import plan_import_run

    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
        return job.plan_id
    plan_import_run(job=job)
    return job.plan_id
