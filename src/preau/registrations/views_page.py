"""A person's registration page ("my registration"), signed in or from the
signed link of their e-mails; the cancelling step; what a visitor reads after
asking to register by e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.registrations import links, selectors, services
from preau.registrations.models import Registration
from preau.registrations.signals import RegistrationItem, registration_links
from preau.scheduling.models import TrainingSession

Status = Registration.Status


def _check_in(registration: Registration) -> list[RegistrationItem]:
    """The person's own check-in link (attendance/checkin.py), while it can serve."""
    session = registration.session
    if registration.status != Status.CONFIRMED or (
        session.ends_at and timezone.now() >= session.ends_at
    ):
        return []
    path = reverse("attendance:link", kwargs={"token": links.check_in_token(registration)})
    text = _(
        "On the day, scan the QR code the trainer shows, or open this link during a slot "
        "of the session: it marks you present."
    )
    return [RegistrationItem("checkin", _("Check-in"), text, path, _("Check in"), order=10)]


def _items(registration: Registration, signed: bool) -> list[RegistrationItem]:
    found: list[RegistrationItem] = _check_in(registration)
    for _receiver, answer in registration_links.send(
        sender=Registration, registration=registration, signed=signed
    ):
        found.extend(answer if isinstance(answer, list) else [])
    return sorted(found, key=lambda item: (item.order, item.title))


def _page(request: HttpRequest, registration: Registration, token: str = "") -> HttpResponse:
    session = registration.session
    now = timezone.now()
    started = bool(session.starts_at and now >= session.starts_at)
    if token:
        cancel_url = reverse(
            "registrations:link",
            kwargs={"action": "annuler", "token": links.token_for(registration, "annuler")},
        )
        accept_url = reverse(
            "registrations:link",
            kwargs={"action": "accepter", "token": links.token_for(registration, "accepter")},
        )
    else:
        cancel_url = reverse("registrations:cancel", kwargs={"pk": registration.pk})
        accept_url = reverse("registrations:accept", kwargs={"pk": registration.pk})
    closes = session.registration_closes_at or session.starts_at
    return render(
        request,
        "registrations/page.html",
        {
            "r": registration,
            "session": session,
            "position": selectors.waitlist_position(registration),
            "items": _items(registration, signed=bool(token)),
            "may_cancel": registration.is_active and not started,
            "started": started,
            "ended": bool(session.ends_at and now >= session.ends_at),
            "cancel_url": cancel_url,
            "accept_url": accept_url,
            "closes": closes,
            "signed": bool(token),
            "no_password": not registration.user.has_usable_password(),
        },
    )


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    registration = (
        Registration.objects.select_related("session__offer", "session__atelier", "user")
        .filter(pk=pk, user_id=request.user.pk or 0)
        .first()
    )
    if registration is None:
        raise Http404(_("No registration of yours has this number."))
    return _page(request, registration)


def page_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The signed "my registration" link: no login, this registration only."""
    registration = links.registration_for(token, "page")
    if registration is None:
        raise Http404(_("This link is not valid."))
    if request.user.is_authenticated and request.user.pk == registration.user_id:
        return redirect("registrations:page", pk=registration.pk)
    return _page(request, registration, token=token)


def _leave_words(registration: Registration) -> dict[str, str]:
    if registration.status == Status.WAITLISTED:
        return {
            "question": _("Leave the waitlist of this session?"),
            "button": _("Yes, leave the waitlist"),
            "done": _("You have left the waitlist."),
        }
    if registration.status == Status.OFFERED:
        return {
            "question": _("Decline the seat offered to you and leave the waitlist?"),
            "button": _("Yes, decline the seat"),
            "done": _("You have declined the seat and left the waitlist."),
        }
    return {
        "question": _("Cancel your registration? Your seat goes to the next person in line."),
        "button": _("Yes, cancel my registration"),
        "done": _("Your registration is cancelled."),
    }


def cancel_step(
    request: HttpRequest, registration: Registration, back: str, done_url: str, token: str = ""
) -> HttpResponse:
    """GET: the confirmation step (works without JavaScript); POST: cancel."""
    words = _leave_words(registration)
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, actor=registration.user)
        except (ValidationError, PermissionDenied) as exc:
            for message in getattr(exc, "messages", [str(exc)]):
                messages.error(request, message)
            return redirect(back)
        messages.success(request, words["done"])
        return redirect(done_url)
    return render(
        request,
        "registrations/cancel.html",
        {"r": registration, "words": words, "back": back, "token": token},
    )


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("session__offer", "user"),
        pk=pk,
        user_id=request.user.pk or 0,
    )
    back = reverse("registrations:page", kwargs={"pk": pk})
    return cancel_step(request, registration, back, reverse("registrations:mine"))


def requested(request: HttpRequest, pk: int) -> HttpResponse:
    """After asking to register with an e-mail address: the same page whether the
    address has an account or not (what the e-mail says differs)."""
    session = get_object_or_404(TrainingSession.objects.select_related("offer", "atelier"), pk=pk)
    email = request.session.get("registration_email", "")
    return render(request, "registrations/requested.html", {"session": session, "email": email})
