"""Upload page for GAIA training-plan exports."""

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from preau.core.uploads import MAX_SHOWN, capped
from preau.registrations.gaia.forms import GaiaImportForm
from preau.registrations.gaia.importer import gaia_import
from preau.scheduling import selectors

REJECTED_SHOWN = 200  # a file of 100,000 bad lines gets a page, not 16 MB


@login_required
def gaia_upload(request: HttpRequest) -> HttpResponse:
    if not selectors.may_plan(request.user):
        raise PermissionDenied
    form = GaiaImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = gaia_import(
                actor=request.user,
                atelier=form.cleaned_data["atelier"],
                **{
                    name: form.cleaned_data[name].read(form.MAX_BYTES + 1)
                    for name in ("formations", "intervenants", "stagiaires")
                },
            )
        except ValidationError as exc:  # a file that cannot be read at all: nothing imported
            for message in capped(exc.messages[:MAX_SHOWN], len(exc.messages)):
                form.add_error(None, message)
    shown = REJECTED_SHOWN
    return render(
        request,
        "registrations/gaia.html",
        {
            "form": form,
            "report": report,
            "rejected_shown": report.rejected[:shown] if report else [],
            "rejected_more": max(0, len(report.rejected) - shown) if report else 0,
            "rejected_by_file": sorted(Counter(r.file for r in report.rejected).items())
            if report
            else [],
            "crumbs": [(_("Planning"), reverse("scheduling:planning")), (_("GAIA import"), None)],
        },
    )
