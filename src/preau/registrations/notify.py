"""E-mails to registered people; they leave when the transaction commits."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from preau.accounts.signin import signin_link
from preau.core.messaging import message_send
from preau.registrations import links
from preau.registrations import messages as kinds
from preau.scheduling.ical import session_invitation, slots_cancellation
from preau.scheduling.messages import session_text


def _enrolled_by(registration: Any) -> str:
    """Who registered the person, when a partner's list did; and, for an
    account that list created, that it exists and how to get in."""
    from preau.registrations.group import enroller_label

    partner = registration.enrolled_by
    if partner is None or registration.source != registration.Source.PARTNER:
        return ""
    text = _("%(who)s registered you for this training.") % {"who": enroller_label(partner)}
    if not registration.user.has_usable_password() and registration.user.last_login is None:
        text += " " + _(
            "An account was created for you on this platform with this address, your "
            "académie confirmed; the sign-in link at the end of this message gets you in."
        )
    return text


def _values(registration: Any, **extra: Any) -> dict[str, Any]:
    session = registration.session
    user = registration.user
    account_hint = ""
    if not user.has_usable_password() or user.email_verified_at is None:
        # One click signs in, verifies the address and may set a password
        # (accounts/signin.py); it lands on this registration's page.
        next_path = reverse("registrations:page", kwargs={"pk": registration.pk})
        account_hint = (
            _("Sign in in one click, and choose a password if you wish (the link works once, "
              "for 7 days). Following it confirms that this address is yours: attestations "
              "are issued only to confirmed addresses.")
            + "\n" + signin_link(user, next_path)
        )  # fmt: skip
    return {
        "enrolled_by": _enrolled_by(registration),
        "name": user.first_name or user.email,
        "offer_title": session.offer.title,
        "session": session_text(session),
        "cancel_link": links.link(registration, "annuler"),
        "page_link": links.page_link(registration),
        "account_hint": account_hint,
        **extra,
    }


def _send(
    registration: Any, kind: Any, ics: str = "", once: str = "", removed: Any = (), **extra: Any
) -> None:
    """Compose and queue the e-mail once the transaction has committed: the
    session row stays locked only for the seat decision itself. ``ics``: the
    iTIP method of the calendar file attached (REQUEST, CANCEL), if any."""

    def compose() -> None:
        attachments = None
        if ics:
            calendar = session_invitation(registration.session, registration.user, method=ics)
            attachments = [("session.ics", calendar.decode(), f"text/calendar; method={ics}")]
            gone = slots_cancellation(registration.session, registration.user, removed)
            if gone is not None:
                attachments.append(("removed.ics", gone.decode(), "text/calendar; method=CANCEL"))
        values = _values(registration, **extra)
        values = {k: (v() if callable(v) else v) for k, v in values.items()}
        message_send(
            key=kind.key, recipient=registration.user, values=values,
            attachments=attachments, once=once,
        )  # fmt: skip

    transaction.on_commit(compose)


class LazyPosition:
    """The waitlist position, counted when the e-mail is written (after commit)."""

    def __init__(self, registration: Any) -> None:
        self.registration = registration

    def __str__(self) -> str:
        from preau.registrations.selectors import waitlist_position

        return str(waitlist_position(self.registration))


def registered(registration: Any) -> None:
    if registration.status == registration.Status.PENDING:
        _send(registration, kinds.PENDING)
        head = getattr(getattr(registration.user, "school", None), "head", None)
        if head is not None:
            approvals = settings.SITE_URL.rstrip("/") + reverse("registrations:approvals")
            person = registration.user.get_full_name() or registration.user.email

            def compose() -> None:
                values = _values(registration, person=person, approvals=approvals)
                message_send(key=kinds.TO_APPROVE.key, recipient=head, values=values)

            transaction.on_commit(compose)
    elif registration.status == registration.Status.CONFIRMED:
        _send(registration, kinds.CONFIRMED, ics="REQUEST")
    else:
        _send(registration, kinds.WAITLISTED, position=LazyPosition(registration).__str__)


def seat_offered(registration: Any) -> None:
    deadline = timezone.localtime(registration.offer_expires_at, registration.session.zone)
    _send(
        registration,
        kinds.SEAT_OFFERED,
        accept_link=links.link(registration, "accepter"),
        deadline=lambda: formats.date_format(deadline, "l j F Y H:i"),
    )


def offer_expired(registration: Any) -> None:
    _send(registration, kinds.OFFER_EXPIRED)


def cancelled(registration: Any) -> None:
    _send(registration, kinds.CANCELLED, ics="CANCEL")


CHANGE_LABELS = {
    "slots": lambda: _("the dates or hours"),
    "place": lambda: _("the place"),
    "trainers": lambda: _("the trainer"),
}


def rescheduled(
    registration: Any, changes: tuple[str, ...] = ("slots",), removed_slots: Any = ()
) -> None:
    """Dates, hours, place or trainers changed: the calendar update comes along
    (and the cancellation of removed slots' events)."""

    def what() -> str:
        return "\n".join(f"- {CHANGE_LABELS[c]()}" for c in changes if c in CHANGE_LABELS)

    address, access = _where(registration.session)  # a new room or place: where exactly
    _send(
        registration, kinds.RESCHEDULED, ics="REQUEST", changes=what, removed=removed_slots,
        address=address, access=access,
    )  # fmt: skip


def session_cancelled(registration: Any, reason: str) -> None:
    _send(registration, kinds.SESSION_CANCELLED, ics="CANCEL", reason=reason)


def _where(session: Any) -> tuple[str, str]:
    """The address of the place (or the online link) and how to get in."""
    if session.online_url:
        return session.online_url, session.venue_details
    access: list[str] = [session.venue_details] if session.venue_details else []
    if session.school_id and session.school:
        school = session.school
        return ", ".join(x for x in (school.name, school.town) if x), "\n".join(access)
    atelier = session.atelier
    if atelier is None:
        return session.place_label, "\n".join(access)
    town = " ".join(x for x in (atelier.postal_code, atelier.town) if x)
    address = ", ".join(x for x in (atelier.name, atelier.address, town) if x)
    if session.room_id and session.room:
        room = session.room
        access.insert(0, _("Room: %(r)s") % {"r": room.name})
        if not room.accessible:
            access.append(_("This room is not accessible to people with reduced mobility."))
    access += [x for x in (atelier.accessibility, atelier.opening_hours) if x]
    return address, "\n".join(access)


def reminder(registration: Any) -> None:
    """The reminder two days before: at most once per registration (``once``)."""
    address, access = _where(registration.session)
    _send(
        registration, kinds.REMINDER, ics="REQUEST", once=f"reminder:{registration.pk}",
        address=address, access=access,
    )  # fmt: skip


def refused(registration: Any) -> None:
    _send(registration, kinds.REFUSED, reason=registration.cancel_reason)
