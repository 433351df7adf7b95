"""GAIA import pages: upload → preview of what would happen → confirm → progress
and the report, which stays on its own page (the importer is also e-mailed)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from preau.core.uploads import MAX_SHOWN, capped
from preau.registrations.gaia.forms import GaiaImportForm
from preau.registrations.gaia.models import GaiaImport
from preau.registrations.gaia.parser import GaiaFiles
from preau.registrations.gaia.staged import FILES, gaia_confirm, gaia_preview
from preau.scheduling import selectors

REJECTED_SHOWN = 200  # a file of 100,000 bad lines gets a page, not 16 MB
SESSIONS_SHOWN = 100


def _crumbs(last: str) -> list[tuple[str, str | None]]:
    return [
        (_("Planning"), reverse("scheduling:planning")),
        (_("GAIA import"), reverse("gaia_import") if last != _("GAIA import") else None),
    ] + ([(last, None)] if last != _("GAIA import") else [])


@login_required
def gaia_upload(request: HttpRequest) -> HttpResponse:
    if not selectors.may_plan(request.user):
        raise PermissionDenied
    form = GaiaImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        read = {name: form.cleaned_data[name].read(form.MAX_BYTES + 1) for name in FILES}
        files = GaiaFiles(
            formations=read["formations"],
            intervenants=read["intervenants"],
            stagiaires=read["stagiaires"],
        )
        try:
            staged = gaia_preview(
                actor=request.user, atelier=form.cleaned_data["atelier"], files=files
            )
        except ValidationError as exc:  # a file that cannot be read at all: nothing kept
            for message in capped(exc.messages[:MAX_SHOWN], len(exc.messages)):
                form.add_error(None, message)
        else:
            return redirect("gaia_import_status", staged.pk)
    recent = GaiaImport.objects.filter(requested_by=request.user.pk).select_related("atelier")[:10]
    return render(
        request,
        "registrations/gaia.html",
        {"form": form, "recent": recent, "crumbs": _crumbs(_("GAIA import"))},
    )


def _report_context(report: dict[str, Any] | None) -> dict[str, Any]:
    if not report:
        return {}
    rejected, sessions = report["rejected"], report["sessions"]
    return {
        "report": report,
        "rejected_shown": rejected[:REJECTED_SHOWN],
        "rejected_more": max(0, report["rejected_total"] - REJECTED_SHOWN),
        "rejected_by_file": report["rejected_by_file"],
        "sessions_shown": sessions[:SESSIONS_SHOWN],
        "sessions_more": max(0, len(sessions) - SESSIONS_SHOWN),
        "nothing": not (
            report["sessions_created"] or report["sessions_updated"] or report["sessions_unchanged"]
        ),
    }


@login_required
def gaia_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview (to confirm), the progress, then the report of one import: its
    importer's only (the files and the report name people)."""
    staged = GaiaImport.objects.filter(pk=pk, requested_by=request.user.pk).first()
    if staged is None or not selectors.may_plan(request.user):
        raise Http404
    if request.method == "POST":
        try:
            gaia_confirm(
                actor=request.user, staged=staged, trainers=set(request.POST.getlist("trainer"))
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect("gaia_import_status", staged.pk)
    previewing = staged.state == GaiaImport.State.PREVIEWED
    context = {
        "staged": staged,
        "previewing": previewing,
        **_report_context(staged.preview if previewing or staged.running else staged.report),
        "crumbs": _crumbs(_("Preview") if previewing else _("Report")),
    }
    if request.htmx and not previewing:  # type: ignore[attr-defined]
        return render(request, "registrations/_gaia_progress.html", context)
    return render(request, "registrations/gaia_status.html", context)
