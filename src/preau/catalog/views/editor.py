"""Back office for offer authors: list, write, edit, submit, archive, history."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preau.catalog import selectors, services
from preau.catalog.content import missing_for_review
from preau.catalog.forms import CommentForm, EditOfferForm, NewOfferForm
from preau.catalog.models import Offer
from preau.evaluation.models import OfferQuestion
from preau.network.models import Atelier, Territory


def add_service_errors(form: Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the fields it names."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("My offers"), reverse("catalog:manage")), *extra]


def _editable_or_404(request: HttpRequest, pk: int) -> Offer:
    offer = selectors.editable_offer(request.user, pk)
    if offer is None:
        raise Http404(_("No offer you may edit has this number."))
    return offer


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    if not selectors.may_edit(request.user):
        raise PermissionDenied
    status = request.GET.get("statut") or None
    if status not in Offer.Status.values:
        status = None
    text = request.GET.get("q", "")[:100]
    mine = selectors.offers_for_editor(request.user)
    counts = dict(mine.values_list("status").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "catalog/manage/list.html",
        {
            "offers": selectors.offers_for_editor(request.user, status, text)[:200],
            "statuses": [(s, label, counts.get(s, 0)) for s, label in Offer.Status.choices],
            "status": status,
            "text": text,
            "may_review": selectors.may_review(request.user),
            "crumbs": [(_("My offers"), None)],
        },
    )


def _owner(value: str) -> dict[str, Any]:
    kind, _sep, pk = value.partition(":")
    if kind == "territory":
        return {"territory": Territory.objects.get(pk=pk)}
    if kind == "atelier":
        return {"atelier": Atelier.objects.get(pk=pk)}
    return {}


@login_required
def offer_new(request: HttpRequest) -> HttpResponse:
    owners = selectors.owner_choices(request.user)
    if not owners:
        raise PermissionDenied
    form = NewOfferForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                actor=request.user, data=form.content(), **_owner(form.cleaned_data["owner"])
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft saved. Submit it for review when it is complete."))
            return redirect("catalog:manage_offer", pk=offer.pk)
    return render(
        request,
        "catalog/manage/form.html",
        {"form": form, "crumbs": _crumbs((_("New offer"), None)), "heading": _("New offer")},
    )


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _editable_or_404(request, pk)
    published = offer.status == Offer.Status.PUBLISHED
    form = EditOfferForm(request.POST or None, instance=offer, published=published)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_update(
                actor=request.user,
                offer=offer,
                data=form.content(),
                minor=form.cleaned_data.get("minor", False),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Changes saved (status: %(s)s).") % {"s": offer.get_status_display()}
            )
            return redirect("catalog:manage_offer", pk=offer.pk)
    return render(
        request,
        "catalog/manage/form.html",
        {
            "form": form,
            "offer": offer,
            "heading": offer.title,
            "crumbs": _crumbs(
                (offer.title, reverse("catalog:manage_offer", args=[pk])), (_("Edit"), None)
            ),
        },
    )


@login_required
def manage_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _editable_or_404(request, pk)
    latest = offer.versions.filter(number=offer.version).first()
    return render(
        request,
        "catalog/manage/offer.html",
        {
            "offer": offer,
            "o": selectors.describe(offer, latest.content if latest else {}),
            "missing": missing_for_review(latest.content if latest else {}),
            "pending": selectors.pending_changes(offer) if offer.is_live else [],
            "history": selectors.history(offer),
            "versions": selectors.versions(offer),
            "comment_form": CommentForm(),
            "questions": OfferQuestion.objects.filter(offer=offer),
            "crumbs": _crumbs((offer.title, None)),
        },
    )


@login_required
@require_POST
def survey_question(request: HttpRequest, pk: int) -> HttpResponse:
    """Add (text) or remove (remove=<id>) a question of the offer's survey."""
    from preau.evaluation import services as evaluation

    offer = _editable_or_404(request, pk)
    try:
        if request.POST.get("remove"):
            question = OfferQuestion.objects.filter(offer=offer, pk=request.POST["remove"]).first()
            if question:
                evaluation.offer_question_remove(actor=request.user, question=question)
        else:
            evaluation.offer_question_add(
                actor=request.user, offer=offer, text=request.POST.get("text", "")
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect(f"{reverse('catalog:manage_offer', args=[pk])}#survey")


ACTIONS = {
    "soumettre": (services.offer_submit, _("Submitted to the reading committee.")),
    "archiver": (services.offer_archive, _("Offer archived: it is no longer in the catalog.")),
    "restaurer": (services.offer_restore, _("Offer restored as a draft.")),
}


@login_required
@require_POST
def offer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    offer = _editable_or_404(request, pk)
    if action not in ACTIONS:
        raise Http404
    service, done = ACTIONS[action]
    kwargs: dict[str, Any] = {}
    if action == "archiver":
        kwargs["comment"] = request.POST.get("comment", "")[:2000]
    try:
        service(actor=request.user, offer=offer, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, str(done))
    return redirect("catalog:manage_offer", pk=offer.pk)


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    offer = (
        selectors.editable_offer(request.user, pk)
        or selectors.reviewable_offers(request.user).filter(pk=pk).first()
    )
    if offer is None:
        raise Http404
    version = offer.versions.select_related("author").filter(number=number).first()
    if version is None:
        raise Http404
    return render(
        request,
        "catalog/manage/version.html",
        {
            "offer": offer,
            "version": version,
            "changes": selectors.version_changes(offer, number),
            "crumbs": _crumbs(
                (offer.title, reverse("catalog:manage_offer", args=[pk])),
                (_("Version %(n)s") % {"n": number}, None),
            ),
        },
    )
