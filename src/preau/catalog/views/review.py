"""The reading committee: review queue with counts, decision page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from preau.catalog import selectors, services
from preau.catalog.forms import ReviewForm
from preau.catalog.synonyms import may_edit_synonyms
from preau.catalog.views.editor import add_service_errors


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not selectors.may_review(request.user):
        raise PermissionDenied
    return render(
        request,
        "catalog/review/queue.html",
        {
            "queue": selectors.review_queue(request.user),
            "counts": selectors.review_counts(request.user),
            "may_edit_synonyms": may_edit_synonyms(request.user),
            "crumbs": [(_("Reading committee"), None)],
        },
    )


@login_required
def review_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.reviewable_offers(request.user).filter(pk=pk).first()
    if offer is None:
        raise Http404(_("No offer you may review has this number."))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_review(
                actor=request.user,
                offer=offer,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded; the authors can see it."))
            return redirect("catalog:review_queue")
    latest = offer.versions.filter(number=offer.version).first()
    return render(
        request,
        "catalog/review/offer.html",
        {
            "offer": offer,
            "o": selectors.describe(offer, latest.content if latest else {}),
            "pending": selectors.pending_changes(offer),
            "history": selectors.history(offer),
            "form": form,
            "crumbs": [
                (_("Reading committee"), reverse("catalog:review_queue")),
                (offer.title, None),
            ],
        },
    )
