"""The editors' page for search synonyms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preau.catalog import synonyms
from preau.catalog.models import Synonym


@login_required
def synonym_list(request: HttpRequest) -> HttpResponse:
    if not synonyms.may_edit_synonyms(request.user):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    values = {"term": "", "equivalent": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "")[:200] for k in values}
        try:
            created = synonyms.synonym_create(actor=request.user, **values)
        except ValidationError as e:
            errors = e.message_dict
        else:
            messages.success(request, _("Synonyms added: %(pair)s.") % {"pair": created})
            return redirect("catalog:synonyms")
    return render(
        request,
        "catalog/synonyms.html",
        {
            "synonyms": synonyms.synonyms_list(),
            "errors": errors,
            "values": values,
            "crumbs": [(_("Search synonyms"), None)],
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def synonym_delete(request: HttpRequest, pk: int) -> HttpResponse:
    synonym = get_object_or_404(Synonym, pk=pk)
    synonyms.synonym_delete(actor=request.user, synonym=synonym)
    messages.success(request, _("Synonyms removed: %(pair)s.") % {"pair": synonym})
    return redirect("catalog:synonyms")
