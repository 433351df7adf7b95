"""The e-mails of registrations, as editable message kinds (core/messaging.py).

Each default body is a file in templates/registrations/email/ that reads only
the placeholders listed here, so that the operator's editor can show it as
editable text."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from preau.core.messaging import MessageKind, Placeholder, register

_EX_SESSION = _l(
    "Teaching with digital tools\n- Monday 3 March 2025, 09:00–12:00\nPlace: Room 2, Atelier Dijon"
)
NAME = Placeholder("name", _l("First name of the person (or their e-mail address)"), "Camille")
TITLE = Placeholder("offer_title", _l("Title of the training"), _l("Teaching with digital tools"))
SESSION = Placeholder("session", _l("Title, dates, hours and place of the session"), _EX_SESSION)
CANCEL = Placeholder(
    "cancel_link",
    _l("Personal link to cancel without logging in (keep it private)"),
    "https://preau.example/inscriptions/lien/…",
)
ACCOUNT = Placeholder(
    "account_hint",
    _l(
        "For an account without password or an unconfirmed address: a one-time sign-in "
        "link, with how it works (else empty)"
    ),
    "",
)
PAGE = Placeholder(
    "page_link",
    _l(
        "Personal link to the person's registration page: calendar, check-in, attestation, "
        "survey, cancelling (keep it private)"
    ),
    "https://preau.example/inscriptions/mon-inscription/…",
)
ENROLLED_BY = Placeholder(
    "enrolled_by",
    _l(
        "When a partner registered the person: who, for which organisation, and whether an "
        "account was created for them (else empty)"
    ),
    _l("Claire Dubois (EAFC of the académie of Dijon) registered you for this training."),
)
REASON = Placeholder("reason", _l("The reason given"), _l("The trainer is ill."))


def _title(template: str) -> Any:
    def subject(values: Mapping[str, Any]) -> str:
        return _(template) % {"t": values["offer_title"]}

    return subject


def _kind(
    key: str, label: Any, subject: str, *placeholders: Placeholder, template: str = ""
) -> MessageKind:
    return register(
        MessageKind(
            key=f"registrations.{key}",
            label=label,
            template=f"registrations/email/{template or key}.txt",
            subject=_title(subject),
            placeholders=(NAME, TITLE, SESSION, *placeholders),
        )
    )


# Subjects: msgids translated in the catalog (gettext at send time, in the message's language).
CONFIRMED = _kind(
    "confirmed",
    _l("Registration confirmed"),
    "Registration confirmed: %(t)s",
    PAGE,
    CANCEL,
    ACCOUNT,
    ENROLLED_BY,
)
PENDING = _kind(
    "pending",
    _l("Registration awaiting approval"),
    "Awaiting approval: %(t)s",
    PAGE,
    CANCEL,
    ENROLLED_BY,
)
WAITLISTED = _kind(
    "waitlisted",
    _l("On the waitlist"),
    "On the waitlist: %(t)s",
    Placeholder("position", _l("Position on the waitlist"), "3"),
    PAGE,
    CANCEL,
    ACCOUNT,
    ENROLLED_BY,
)
TO_APPROVE = register(
    MessageKind(
        key="registrations.to_approve",
        label=_l("Registration to approve (to the head of school)"),
        template="registrations/email/to_approve.txt",
        subject=_title("A registration to approve: %(t)s"),
        placeholders=(
            Placeholder("person", _l("Name of the person asking"), "Camille Martin"),
            TITLE,
            SESSION,
            Placeholder("approvals", _l("Link to the approvals page"), "https://preau.example/…"),
        ),
    )
)
SEAT_OFFERED = _kind(
    "seat_offered",
    _l("A seat is offered"),
    "A seat is free for you: %(t)s",
    Placeholder("deadline", _l("Date and time until which the seat is kept"), "3/3/2025 18:00"),
    Placeholder(
        "accept_link",
        _l("Personal link to take the seat (keep it private)"),
        "https://preau.example/…",
    ),
    PAGE,
    CANCEL,
)
OFFER_EXPIRED = _kind("offer_expired", _l("Seat offer expired"), "Seat offer expired: %(t)s")
CANCELLED = _kind("cancelled", _l("Registration cancelled"), "Registration cancelled: %(t)s")
REFUSED = _kind(
    "refused", _l("Registration not approved"), "Registration not approved: %(t)s", REASON
)
CHANGES = Placeholder(
    "changes",
    _l("What changed (dates and hours, place, trainer)"),
    _l("- the dates or hours\n- the place"),
)
SESSION_CANCELLED = _kind(
    "session_cancelled", _l("Session cancelled"), "Session cancelled: %(t)s", REASON
)
ADDRESS = Placeholder(
    "address", _l("Address of the place (or the online link)"), "12 rue Monge, 21000 Dijon"
)
ACCESS = Placeholder(
    "access",
    _l("Access: room, accessibility, transport, opening hours (may be empty)"),
    _l("Lift at the back of the courtyard. Tram T1, stop République."),
)
RESCHEDULED = _kind(
    "rescheduled", _l("Session changed (dates, place, trainer)"), "Session changed: %(t)s",
    CHANGES, ADDRESS, ACCESS, PAGE, CANCEL,
)  # fmt: skip
REMINDER = _kind(
    "reminder", _l("Reminder two days before"), "Reminder: %(t)s", ADDRESS, ACCESS, PAGE, CANCEL
)
INVITED = register(
    MessageKind(
        key="registrations.invited",
        label=_l("Invitation from a partner"),
        template="registrations/email/invited.txt",
        subject=_title("You are invited: %(t)s"),
        placeholders=(
            NAME,
            TITLE,
            SESSION,
            Placeholder(
                "who",
                _l("Name of the partner who invites, and their organisation"),
                _l("Claire Dubois (EAFC of the académie of Dijon)"),
            ),
            Placeholder(
                "link",
                _l("Personal link to accept or decline (keep it private)"),
                "https://preau.example/…",
            ),
        ),
    )
)
