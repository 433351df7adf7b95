"""Upload page for GAIA training-plan exports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from preau.scheduling import selectors
from preau.scheduling.forms import GaiaImportForm
from preau.scheduling.gaia.importer import gaia_import


@login_required
def gaia_upload(request: HttpRequest) -> HttpResponse:
    if not selectors.may_plan(request.user):
        raise PermissionDenied
    form = GaiaImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        report = gaia_import(
            actor=request.user,
            atelier=form.cleaned_data["atelier"],
            **{
                name: form.cleaned_data[name].read()
                for name in ("formations", "intervenants", "stagiaires")
            },
        )
    return render(
        request,
        "scheduling/gaia.html",
        {
            "form": form,
            "report": report,
            "crumbs": [(_("Planning"), reverse("scheduling:planning")), (_("GAIA import"), None)],
        },
    )
