"""Registering, cancelling, taking an offered seat: in the account or from an e-mail link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preau.accounts.selectors import user_by_email
from preau.accounts.services import user_create
from preau.registrations import links, selectors, services
from preau.registrations.forms import QuickSignupForm
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession


def _say(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _registered_message(request: HttpRequest, registration: Registration) -> None:
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation e-mail is on its way."))
    else:
        position = selectors.waitlist_position(registration)
        messages.info(
            request,
            _("The session is full: you are number %(n)s on the waitlist.") % {"n": position},
        )


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Logged in: one click. Otherwise an e-mail address (and a name) is enough."""
    session = get_object_or_404(TrainingSession, pk=pk)
    user = request.user if request.user.is_authenticated else None
    if user is None:
        form = QuickSignupForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(session)
        user = user_by_email(form.cleaned_data["email"])
        if user is not None and user.has_usable_password():
            # Nobody registers someone else's account without logging in.
            messages.error(request, _("An account exists with this address: log in to register."))
            return redirect(f"{reverse('accounts:login')}?next={session.get_absolute_url()}")
        if user is None:
            user = user_create(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=None,
            )
    try:
        registration = services.registration_create(session=session, user=user)
    except ValidationError as exc:
        _say(request, exc)
    else:
        _registered_message(request, registration)
    return redirect(session)


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    rows = [(r, selectors.waitlist_position(r)) for r in selectors.registrations_of(request.user)]
    return render(request, "registrations/mine.html", {"rows": rows})


def _own(request: HttpRequest, pk: int) -> Registration:
    registration = Registration.objects.filter(pk=pk, user_id=request.user.pk or 0).first()
    if registration is None:
        raise Http404
    return registration


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.registration_cancel(registration=_own(request, pk), actor=request.user)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("registrations:mine")


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.registration_accept_seat(registration=_own(request, pk), actor=request.user)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("The seat is yours: your registration is confirmed."))
    return redirect("registrations:mine")


ACTIONS = {"annuler", "accepter"}


def by_link(request: HttpRequest, action: str, token: str) -> HttpResponse:
    """From an e-mail: a page that asks to confirm (GET), then acts (POST).

    The signed link stands for the person; mail scanners that follow links
    only GET, so they never cancel anything.
    """
    registration_id = links.read_token(token, action) if action in ACTIONS else None
    registration = (
        Registration.objects.select_related("session__offer", "user")
        .filter(pk=registration_id or 0)
        .first()
    )
    if registration is None:
        raise Http404(_("This link is not valid."))
    if request.method == "POST":
        try:
            if action == "annuler":
                services.registration_cancel(registration=registration, actor=registration.user)
                messages.success(request, _("Your registration is cancelled."))
            else:
                services.registration_accept_seat(
                    registration=registration, actor=registration.user
                )
                messages.success(request, _("The seat is yours: your registration is confirmed."))
        except (ValidationError, PermissionDenied) as exc:
            _say(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        return redirect(registration.session)
    return render(
        request, "registrations/link.html", {"r": registration, "action": action, "token": token}
    )
