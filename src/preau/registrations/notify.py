"""E-mails to registered people; they leave when the transaction commits."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.core.mail import email_send
from preau.registrations import links
from preau.scheduling.ical import sessions_calendar


def _context(registration: Any, **extra: Any) -> dict[str, Any]:
    session = registration.session
    zone = session.zone
    slots = [
        (timezone.localtime(s.starts_at, zone), timezone.localtime(s.ends_at, zone))
        for s in session.slots.all()
    ]
    user = registration.user
    account_hint = None
    if not user.has_usable_password():
        account_hint = settings.SITE_URL.rstrip("/") + reverse("accounts:password_reset")
    return {
        "account_hint": account_hint,
        "r": registration,
        "session": session,
        "offer": session.offer,
        "slots": slots,
        "cancel_link": links.link(registration, "annuler"),
        **extra,
    }


def _send(registration: Any, template: str, subject: str, ics: bool = False, **extra: Any) -> None:
    """Compose and queue the e-mail once the transaction has committed: the
    session row stays locked only for the seat decision itself."""

    def compose() -> None:
        attachments = None
        if ics:
            calendar = sessions_calendar([registration.session], registration.session.offer.title)
            attachments = [("session.ics", calendar.decode(), "text/calendar")]
        email_send(
            to=[registration.user.email],
            subject=subject,
            body=render_to_string(
                f"registrations/email/{template}.txt", _context(registration, **extra)
            ),
            attachments=attachments,
        )

    transaction.on_commit(compose)


class LazyPosition:
    """The waitlist position, counted when the e-mail is written (after commit)."""

    def __init__(self, registration: Any) -> None:
        self.registration = registration

    def __str__(self) -> str:
        from preau.registrations.selectors import waitlist_position

        return str(waitlist_position(self.registration))


def registered(registration: Any) -> None:
    title = registration.session.offer.title
    if registration.status == registration.Status.PENDING:
        _send(registration, "pending", _("Awaiting approval: %(t)s") % {"t": title})
        head = getattr(getattr(registration.user, "school", None), "head", None)
        if head is not None:
            email_send(
                to=[head.email],
                subject=_("A registration to approve: %(t)s") % {"t": title},
                body=render_to_string(
                    "registrations/email/to_approve.txt",
                    _context(registration, approvals=settings.SITE_URL.rstrip("/")
                             + reverse("registrations:approvals")),
                ),
            )  # fmt: skip
    elif registration.status == registration.Status.CONFIRMED:
        _send(
            registration, "confirmed", _("Registration confirmed: %(t)s") % {"t": title}, ics=True
        )
    else:
        _send(
            registration,
            "waitlisted",
            _("On the waitlist: %(t)s") % {"t": title},
            position=LazyPosition(registration),
        )


def seat_offered(registration: Any) -> None:
    title = registration.session.offer.title
    _send(
        registration,
        "seat_offered",
        _("A seat is free for you: %(t)s") % {"t": title},
        accept_link=links.link(registration, "accepter"),
        deadline=timezone.localtime(registration.offer_expires_at, registration.session.zone),
    )


def offer_expired(registration: Any) -> None:
    title = registration.session.offer.title
    _send(registration, "offer_expired", _("Seat offer expired: %(t)s") % {"t": title})


def cancelled(registration: Any) -> None:
    title = registration.session.offer.title
    _send(registration, "cancelled", _("Registration cancelled: %(t)s") % {"t": title})


def rescheduled(registration: Any) -> None:
    title = registration.session.offer.title
    _send(registration, "rescheduled", _("New dates: %(t)s") % {"t": title}, ics=True)


def session_cancelled(registration: Any, reason: str) -> None:
    title = registration.session.offer.title
    _send(
        registration,
        "session_cancelled",
        _("Session cancelled: %(t)s") % {"t": title},
        reason=reason,
    )


def reminder(registration: Any) -> None:
    title = registration.session.offer.title
    _send(registration, "reminder", _("Reminder: %(t)s") % {"t": title}, ics=True)


def refused(registration: Any) -> None:
    title = registration.session.offer.title
    _send(registration, "refused", _("Registration not approved: %(t)s") % {"t": title})
