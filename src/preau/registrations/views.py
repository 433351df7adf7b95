"""Registering, cancelling, taking an offered seat: in the account or from an e-mail link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preau.accounts.models import User, normalize_email
from preau.core.throttle import mail_form_limit
from preau.registrations import links, selectors, services
from preau.registrations.anonymous import registration_request
from preau.registrations.forms import QuickSignupForm
from preau.registrations.models import Registration
from preau.registrations.views_page import cancel_step
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
@mail_form_limit("quick_registration", anonymous_only=True)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Logged in: one click, then the registration's page. Otherwise an e-mail
    address (and a name) is enough, with one answer whether the address has an
    account or not (anonymous.py)."""
    session = get_object_or_404(TrainingSession, pk=pk)
    if not request.user.is_authenticated:
        return _register_by_email(request, session)
    try:
        registration = services.registration_create(session=session, user=request.user)
    except ValidationError as exc:
        _say(request, exc)
        return redirect(session)
    _registered_message(request, registration)
    return redirect("registrations:page", pk=registration.pk)


def _register_by_email(request: HttpRequest, session: TrainingSession) -> HttpResponse:
    from preau.scheduling.views.public import session_page

    form = QuickSignupForm(request.POST)
    if not form.is_valid():  # the page again, with what was typed and the errors
        return session_page(request, session.pk, signup_form=form, status=400)
    email = normalize_email(form.cleaned_data["email"])
    try:
        registration_request(
            session=session,
            email=email,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
    except ValidationError as exc:
        _say(request, exc)
        return redirect(session)
    request.session["registration_email"] = email
    return redirect("registrations:requested", pk=session.pk)


def confirm_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """From the e-mail sent to an address that has an account: a page that asks to
    confirm (GET, so mail scanners change nothing), then registers (POST)."""
    found = links.read_confirm_token(token)
    user = User.objects.filter(pk=found[0], is_active=True).first() if found else None
    session = TrainingSession.objects.filter(pk=found[1]).first() if found else None
    if user is None or session is None:
        raise Http404(_("This link is not valid."))
    if request.method == "POST":
        try:
            registration = services.registration_create(session=session, user=user)
        except ValidationError as exc:
            _say(request, exc)
            return redirect(session)
        _registered_message(request, registration)
        return redirect(links.page_path(registration))
    return render(
        request, "registrations/confirm.html", {"session": session, "person": user, "token": token}
    )


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    groups = selectors.registrations_grouped(request.user)
    return render(request, "registrations/mine.html", groups)


def _own(request: HttpRequest, pk: int) -> Registration:
    registration = Registration.objects.filter(pk=pk, user_id=request.user.pk or 0).first()
    if registration is None:
        raise Http404
    return registration


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.registration_accept_seat(registration=_own(request, pk), actor=request.user)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(request, _("The seat is yours: your registration is confirmed."))
    return redirect("registrations:page", pk=pk)


ACTIONS = {"annuler", "accepter"}


def by_link(request: HttpRequest, action: str, token: str) -> HttpResponse:
    """From an e-mail: a page that asks to confirm (GET), then acts (POST).

    The signed link stands for the person; mail scanners that follow links
    only GET, so they never cancel anything.
    """
    registration = links.registration_for(token, action) if action in ACTIONS else None
    if registration is None:
        raise Http404(_("This link is not valid."))
    page = links.page_path(registration)
    if action == "annuler":
        return cancel_step(request, registration, back=page, done_url=page, token=token)
    if request.method == "POST":
        try:
            services.registration_accept_seat(registration=registration, actor=registration.user)
            messages.success(request, _("The seat is yours: your registration is confirmed."))
        except (ValidationError, PermissionDenied) as exc:
            _say(request, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        return redirect(page)
    return render(
        request, "registrations/link.html", {"r": registration, "action": action, "token": token}
    )
