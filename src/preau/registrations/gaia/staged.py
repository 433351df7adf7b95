"""A GAIA import in two steps: a preview of what it would do, then, once the
importer confirmed it (and the trainers to appoint), the import itself as a
task, with its report kept and mailed to the importer."""

from collections import Counter
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from preau.core.mail import email_send
from preau.core.services import audit_record
from preau.network.models import Atelier
from preau.registrations.gaia.importer import gaia_import
from preau.registrations.gaia.models import KEPT_FOR, GaiaImport
from preau.registrations.gaia.parser import GaiaFiles

FILES = ("formations", "intervenants", "stagiaires")
REJECTED_KEPT = 1_000  # a report keeps the first rejected lines and counts them all
State = GaiaImport.State


def _stored(report: Any) -> dict[str, Any]:
    data = asdict(report)
    rejected = data["rejected"]
    data["rejected_total"] = len(rejected)
    data["rejected_by_file"] = sorted(Counter(r["file"] for r in rejected).items())
    data["rejected"] = rejected[:REJECTED_KEPT]
    return data


def gaia_preview(*, actor: Any, atelier: Atelier, files: GaiaFiles) -> GaiaImport:
    """Read the plan and say what importing it would do; nothing of it is written.

    Raises ValidationError when a file cannot be read at all, PermissionDenied
    when ``actor`` may not plan at ``atelier``."""
    preview = gaia_import(actor=actor, atelier=atelier, dry_run=True, **files)
    with transaction.atomic():
        staged = GaiaImport.objects.create(
            atelier=atelier, requested_by=actor, preview=_stored(preview), **files
        )
        changed = preview.sessions_created + preview.sessions_updated
        audit_record(
            actor=actor, action="gaia.previewed", target=staged, data={"sessions": changed}
        )
    return staged


@transaction.atomic
def gaia_confirm(*, actor: Any, staged: GaiaImport, trainers: set[str]) -> GaiaImport:
    """Queue the import previewed in ``staged``, appointing the ``trainers`` confirmed."""
    staged = GaiaImport.objects.select_for_update().get(pk=staged.pk)
    if staged.requested_by_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if staged.state != State.PREVIEWED or staged.expired:
        raise ValidationError(
            _("This preview was already imported or is too old: upload the files again.")
        )
    offered = {t["email"] for t in staged.preview.get("trainers_to_confirm", []) if t["may_grant"]}
    if unknown := trainers - offered:
        raise ValidationError(
            _("Not a trainer of this plan to confirm: %(e)s") % {"e": ", ".join(sorted(unknown))}
        )
    staged.state, staged.trainers = State.QUEUED, sorted(trainers)
    staged.save(update_fields=["state", "trainers"])
    audit_record(actor=actor, action="gaia.confirmed", target=staged,
                 data={"trainers": len(trainers)})  # fmt: skip
    transaction.on_commit(lambda: gaia_import_task.enqueue(import_id=staged.pk))
    return staged


@task()
def gaia_import_task(*, import_id: int) -> None:
    updated = GaiaImport.objects.filter(pk=import_id, state=State.QUEUED).update(
        state=State.RUNNING
    )
    if not updated:  # taken by another worker, or no longer queued
        return
    staged = GaiaImport.objects.select_related("requested_by", "atelier").get(pk=import_id)
    try:
        report = gaia_import(
            actor=staged.requested_by, atelier=staged.atelier,
            trainers=frozenset(staged.trainers),
            **GaiaFiles(
                formations=bytes(staged.formations),
                intervenants=bytes(staged.intervenants),
                stagiaires=bytes(staged.stagiaires),
            ),
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as exc:
        messages = getattr(exc, "messages", None) or [str(exc) or _("Permission denied.")]
        _finish(staged, State.FAILED, failure=" ".join(messages)[:500])
        return
    except Exception:
        _finish(staged, State.FAILED, failure=_("The import stopped on an error: nothing changed."))
        raise
    _finish(staged, State.DONE, report=_stored(report))


def _finish(staged: GaiaImport, state: str, **fields: Any) -> None:
    """Record the outcome, forget the files (they name people), tell the importer."""
    with transaction.atomic():
        for name in FILES:
            setattr(staged, name, b"")
        staged.state, staged.finished_at = state, timezone.now()
        for name, value in fields.items():
            setattr(staged, name, value)
        staged.save()
        audit_record(actor=staged.requested_by, action=f"gaia.{state}", target=staged, data={})
        if staged.requested_by is not None and staged.requested_by.email:
            email_send(
                to=[staged.requested_by.email],
                subject=_("GAIA import: done") if state == State.DONE else _("GAIA import: failed"),
                body=render_to_string(
                    "registrations/email/gaia_done.txt",
                    {
                        "staged": staged,
                        "report": staged.report,
                        "url": settings.SITE_URL.rstrip("/")
                        + reverse("gaia_import_status", args=[staged.pk]),
                    },
                ),
            )


def gaia_previews_forget(now: Any = None) -> int:
    """Drop previews nobody confirmed within a day: their files name people."""
    now = now or timezone.now()
    stale = GaiaImport.objects.filter(state=State.PREVIEWED, created_at__lt=now - KEPT_FOR)
    return stale.delete()[0]
