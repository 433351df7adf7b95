"""Background export of a period's attestations into one ZIP, with progress."""

import tempfile
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import transaction
from django_tasks import task

from preau.credentials import pdf
from preau.credentials.models import Attestation, ExportJob

PROGRESS_EVERY = 200


def attestations_in(start: date, end: date) -> Any:
    return Attestation.objects.filter(
        revoked_at__isnull=True, issued_at__date__gte=start, issued_at__date__lte=end
    ).order_by("pk")


@task()
def export_attestations_task(*, job_id: int) -> None:
    job = ExportJob.objects.get(pk=job_id)
    rows = attestations_in(job.starts_on, job.ends_on)
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportJob.State.RUNNING, total=rows.count(), done=0
    )
    layout = pdf.Layout.current()
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "attestations.zip"
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
                for done, attestation in enumerate(rows.iterator(chunk_size=500), start=1):
                    archive.writestr(f"{attestation.number}.pdf", pdf.render([attestation], layout))
                    if done % PROGRESS_EVERY == 0:
                        ExportJob.objects.filter(pk=job.pk).update(done=done)
            with path.open("rb") as handle:
                job.archive.save(f"attestations-{job.starts_on}-{job.ends_on}-{job.pk}.zip",
                                 File(handle), save=False)  # fmt: skip
        job.state, job.done = ExportJob.State.DONE, rows.count()
        job.total = job.done
        job.save(update_fields=["archive", "state", "done", "total"])
    except Exception:
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED)
        raise


@transaction.atomic
def export_request(*, actor: Any, start: date, end: date) -> ExportJob:
    """Queue an export (runs after commit; at once when tasks are immediate)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from preau.accounts.roles import Capability
    from preau.accounts.scopes import Location, user_may

    if not user_may(actor, Capability.VIEW_PERSONAL_DATA, Location.national()):
        raise PermissionDenied
    if end < start or (end - start).days > 366:
        raise ValidationError({"ends_on": "Choose a period of at most a year."})
    job = ExportJob.objects.create(requested_by=actor, starts_on=start, ends_on=end)
    transaction.on_commit(lambda: export_attestations_task.enqueue(job_id=job.pk))
    return job
