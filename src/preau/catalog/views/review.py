"""The reading committee: filtered queue with counts, decision page, who reviews what."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.catalog import committee, selectors, services
from preau.catalog.diff import since_sent_back
from preau.catalog.forms import QueueFilterForm, ReviewForm, ReviewRuleForm
from preau.catalog.models import ReviewRule
from preau.catalog.synonyms import may_edit_synonyms
from preau.catalog.views.editor import add_service_errors


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Reading committee"), reverse("catalog:review_queue")), *extra]


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not selectors.may_review(request.user):
        raise PermissionDenied
    form = QueueFilterForm(request.GET or None)
    filters = form.filters() if form.is_valid() else committee.QueueFilters()
    rows = committee.queue(request.user, filters)
    return render(
        request,
        "catalog/review/queue.html",
        {
            "rows": rows,
            "form": form,
            "filtered": filters != committee.QueueFilters(),
            "counts": selectors.review_counts(request.user),
            "may_edit_synonyms": may_edit_synonyms(request.user),
            "wants_digest": committee.wants_digest(request.user),
            "edits_rules": _edits_rules(request),
            "crumbs": [(_("Reading committee"), None)],
        },
    )


@login_required
@require_POST
def digest_preference(request: HttpRequest) -> HttpResponse:
    if not selectors.may_review(request.user):
        raise PermissionDenied
    wanted = request.POST.get("weekly_digest") == "1"
    services.reviewer_preference_set(actor=request.user, weekly_digest=wanted)
    if wanted:
        messages.success(request, _("You will receive the weekly digest of the queue."))
    else:
        messages.success(request, _("You will no longer receive the weekly digest."))
    return redirect(reverse("catalog:review_queue") + "#digest")


@login_required
def review_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.reviewable_offers(request.user).filter(pk=pk).first()
    if offer is None:
        raise Http404(_("No offer you may review has this number."))
    authored = selectors.is_author(request.user, offer)
    four_eyes = authored and not settings.PREAU_CATALOG_SELF_REVIEW
    form = ReviewForm(request.POST or None, allow_accept=not four_eyes)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_review(
                actor=request.user,
                offer=offer,
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Decision recorded; the authors can see it."))
            return redirect("catalog:review_offer", pk=offer.pk)
    elif request.method == "POST" and four_eyes and request.POST.get("decision") == "accept":
        form.add_error(None, _(
            "You wrote this offer or the version under review: another member of the "
            "reading committee must accept it (four eyes)."
        ))  # fmt: skip
    latest = offer.versions.filter(number=offer.version).first()
    return render(
        request,
        "catalog/review/offer.html",
        {
            "offer": offer,
            "o": selectors.describe(offer, latest.content if latest else {}),
            "pending": selectors.pending_changes(offer),
            "sent_back": since_sent_back(offer) if offer.status == "submitted" else None,
            "history": selectors.history(offer),
            "form": form,
            "authored": authored,
            "four_eyes": four_eyes,
            "crumbs": _crumbs((offer.title, None)),
        },
    )


def _edits_rules(request: HttpRequest) -> bool:
    return user_may(request.user, Capability.REVIEW_CATALOG, Location.national())


@login_required
def review_rules(request: HttpRequest) -> HttpResponse:
    """Who reviews what: the national committee adds and removes rules."""
    if not selectors.may_review(request.user):
        raise PermissionDenied
    editable = _edits_rules(request)
    form = ReviewRuleForm(request.POST or None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if request.POST.get("remove"):
            rule = ReviewRule.objects.filter(pk=request.POST["remove"]).first()
            if rule is not None:
                services.review_rule_remove(actor=request.user, rule=rule)
                messages.success(request, _("Rule removed."))
            return redirect("catalog:review_rules")
        if form.is_valid():
            try:
                services.review_rule_add(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Rule added."))
                return redirect("catalog:review_rules")
    return render(
        request,
        "catalog/review/rules.html",
        {
            "rules": committee.rules(),
            "form": form if editable else None,
            "crumbs": _crumbs((_("Who reviews what"), None)),
        },
    )
