"""Getting one's académie or school verified (accounts/affiliation.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preau.accounts import affiliation


def _back() -> HttpResponse:
    return redirect(reverse("accounts:me") + "#affiliation")


def _say(request: HttpRequest, exc: ValidationError) -> None:
    """Shown in the affiliation box itself (``inline``), where the person is looking."""
    for message in exc.messages:
        messages.error(request, message, extra_tags="inline affiliation")


@login_required
@require_POST
def email_request(request: HttpRequest) -> HttpResponse:
    try:
        address = affiliation.affiliation_email_request(
            user=request.user,  # type: ignore[arg-type]
            address=request.POST.get("address", ""),
        )
    except ValidationError as exc:
        _say(request, exc)
        request.session["affiliation_address"] = request.POST.get("address", "")[:254]
    else:
        messages.success(
            request,
            _("A link is on its way to %(e)s: follow it to verify.") % {"e": address},
            extra_tags="inline affiliation",
        )
    return _back()


def email_link(request: HttpRequest, token: str) -> HttpResponse:
    """From the e-mail: a page that asks to confirm (GET), then verifies (POST)."""
    try:
        person, address = affiliation.read_email_token(token)
        if request.method == "POST":
            affiliation.affiliation_email_confirm(token=token)
            person.refresh_from_db()
    except ValidationError as exc:
        return render(
            request, "accounts/affiliation_link.html", {"error": exc.messages}, status=400
        )
    return render(
        request,
        "accounts/affiliation_link.html",
        {"person": person, "address": address, "kind": "email", "done": request.method == "POST"},
    )


@login_required
@require_POST
def school_request(request: HttpRequest) -> HttpResponse:
    try:
        affiliation.affiliation_school_request(user=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request,
            _("Your head of school is asked by e-mail; you will be told."),
            extra_tags="inline affiliation",
        )
    return _back()


@login_required
def school_link(request: HttpRequest, token: str) -> HttpResponse:
    """The head of school confirms or refuses, logged in."""
    try:
        person = affiliation.read_school_token(token)
        if person.school is None or person.school.head_id != request.user.pk:
            raise PermissionDenied
        if request.method == "POST":
            approve = request.POST.get("decision") == "approve"
            affiliation.affiliation_school_decide(token=token, actor=request.user, approve=approve)
            messages.success(request, _("Answer recorded; the person is told by e-mail."))
            return redirect("accounts:me")
    except ValidationError as exc:
        return render(
            request, "accounts/affiliation_link.html", {"error": exc.messages}, status=400
        )
    return render(request, "accounts/affiliation_link.html", {"person": person, "kind": "school"})
