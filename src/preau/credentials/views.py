"""My attestations, downloads, the public verification page, a session's ZIP."""

import io
import zipfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from preau.accounts.roles import Capability
from preau.accounts.scopes import user_may
from preau.core.filenames import content_disposition
from preau.credentials import pdf
from preau.credentials.models import Attestation
from preau.credentials.services import attestation_for_download
from preau.credentials.texts import day_text, hours_label, period_text
from preau.scheduling.models import TrainingSession


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    attestations = Attestation.objects.filter(user_id=request.user.pk or 0, revoked_at__isnull=True)
    return render(request, "credentials/mine.html", {"attestations": attestations})


@login_required
def download(request: HttpRequest, number: str) -> HttpResponse:
    attestation = attestation_for_download(request.user, number)
    if attestation is None:
        raise Http404(_("No attestation of yours has this number."))
    response = HttpResponse(pdf.render([attestation]), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"attestation-{number}.pdf")
    return response


@require_GET
def download_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """From the signed registration page: this attestation, for its holder only."""
    from preau.credentials.links import read

    found = read(token)
    attestation = (
        Attestation.objects.filter(pk=found[0], user_id=found[1], revoked_at__isnull=True).first()
        if found
        else None
    )
    if attestation is None:
        raise Http404(_("This link is not valid."))
    response = HttpResponse(pdf.render([attestation]), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"attestation-{attestation.number}.pdf")
    return response


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Genuine or not; shows only the name, the course and the dates."""
    attestation = Attestation.objects.filter(code=code.upper()).first()
    context: dict[str, Any] = {"a": attestation}
    if attestation is not None:
        content = attestation.content
        context["dates"] = period_text(content.get("start"), content.get("end"))
        context["hours"] = hours_label(content.get("attended_hours"))
        context["issued_on"] = day_text(timezone.localtime(attestation.issued_at).date())
    return render(request, "credentials/verify.html", context, status=200 if attestation else 404)


@login_required
def session_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """Every attestation of a session, for the staff covering it."""
    session = get_object_or_404(TrainingSession, pk=pk)
    if not user_may(request.user, Capability.VIEW_PERSONAL_DATA, session.location):
        raise PermissionDenied
    attestations = list(
        Attestation.objects.filter(registration__session=session, revoked_at__isnull=True)
    )
    layout = pdf.Layout.current()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for attestation in attestations:
            archive.writestr(f"{attestation.number}.pdf", pdf.render([attestation], layout))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="attestations-seance-{pk}.zip"'
    return response


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """National administrators export a period's attestations (background task)."""
    from datetime import date

    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect

    from preau.accounts.scopes import Location
    from preau.credentials.models import ExportJob
    from preau.credentials.tasks import export_request

    if not user_may(request.user, Capability.VIEW_PERSONAL_DATA, Location.national()):
        raise PermissionDenied
    if request.method == "POST":
        try:
            job = export_request(
                actor=request.user,
                start=date.fromisoformat(request.POST.get("du", "")),
                end=date.fromisoformat(request.POST.get("au", "")),
            )
        except (ValueError, ValidationError):
            messages.error(request, _("Give a valid period of at most a year."))
        else:
            return redirect(f"{request.path}?job={job.pk}")
    shown = ExportJob.objects.filter(
        pk=request.GET.get("job") or 0, requested_by_id=request.user.pk or 0
    ).first()
    template = (
        "credentials/_export_progress.html"
        if request.headers.get("HX-Request")
        else "credentials/export.html"
    )
    return render(request, template, {"job": shown})


@login_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    from preau.credentials.models import ExportJob

    job = get_object_or_404(ExportJob, pk=pk, requested_by_id=request.user.pk or 0, state="done")
    return FileResponse(
        job.archive.open("rb"), as_attachment=True, filename=Path(job.archive.name).name
    )
