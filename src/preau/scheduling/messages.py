"""E-mails about sessions themselves: to a trainer assigned to one or taken off it
(editable message kinds, core/messaging.py), and the session text every
session e-mail quotes."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from preau.core.messaging import MessageKind, Placeholder, message_send, register
from preau.scheduling.ical import session_invitation


def session_text(session: Any) -> str:
    """The title, slots, place and trainers of ``session``, in the active language."""
    zone = session.zone
    slots = [
        (timezone.localtime(s.starts_at, zone), timezone.localtime(s.ends_at, zone))
        for s in session.slots.all()
    ]
    trainers = ", ".join(t.get_full_name() or t.email for t in session.trainers.all())
    return render_to_string(
        "scheduling/email/_session.txt",
        {"session": session, "offer": session.offer, "slots": slots, "trainers": trainers},
    ).strip()


_PLACEHOLDERS = (
    Placeholder("name", _l("First name of the trainer (or their e-mail address)"), "Dominique"),
    Placeholder("offer_title", _l("Title of the training"), _l("Teaching with digital tools")),
    Placeholder(
        "session",
        _l("Title, dates, hours and place of the session"),
        _l("Teaching with digital tools\n- Monday 3 March 2025, 09:00–12:00\nPlace: Room 2"),
    ),
    Placeholder(
        "session_link", _l("Link to the session's page"), "https://preau.example/seances/12"
    ),
)

TRAINER_ASSIGNED = register(
    MessageKind(
        key="scheduling.trainer_assigned",
        label=_l("Trainer assigned to a session"),
        template="scheduling/email/trainer_assigned.txt",
        subject=lambda v: _("You train: %(t)s") % {"t": v["offer_title"]},
        placeholders=_PLACEHOLDERS,
    )
)
TRAINER_REMOVED = register(
    MessageKind(
        key="scheduling.trainer_removed",
        label=_l("Trainer taken off a session"),
        template="scheduling/email/trainer_removed.txt",
        subject=lambda v: _("You no longer train: %(t)s") % {"t": v["offer_title"]},
        placeholders=_PLACEHOLDERS,
    )
)


TRAINER_CANCELLED = register(
    MessageKind(
        key="scheduling.trainer_session_cancelled",
        label=_l("Session cancelled (to its trainers)"),
        template="scheduling/email/trainer_cancelled.txt",
        subject=lambda v: _("Session cancelled: %(t)s") % {"t": v["offer_title"]},
        placeholders=(
            *_PLACEHOLDERS,
            Placeholder("reason", _l("The reason given"), _l("The trainer is ill.")),
        ),
    )
)


def trainers_tell_cancelled(session: Any, reason: str) -> None:
    """Once the transaction commits, tell the session's trainers it is cancelled
    (with the calendar cancellation)."""
    trainers = list(session.trainers.all())

    def compose() -> None:
        link = settings.SITE_URL.rstrip("/") + session.get_absolute_url()
        text = session_text(session)
        for trainer in trainers:
            ics = session_invitation(session, trainer, method="CANCEL").decode()
            message_send(
                key=TRAINER_CANCELLED.key, recipient=trainer,
                values={"name": trainer.first_name or trainer.email,
                        "offer_title": session.offer.title, "session": text,
                        "session_link": link, "reason": reason},
                attachments=[("session.ics", ics, "text/calendar; method=CANCEL")],
            )  # fmt: skip

    if trainers:
        transaction.on_commit(compose)


def trainers_tell(session: Any, *, added: list[Any], removed: list[Any]) -> None:
    """Once the transaction commits, tell each trainer added or removed (with
    the calendar file: a request, or its cancellation)."""
    if not added and not removed:
        return

    def compose() -> None:
        link = settings.SITE_URL.rstrip("/") + session.get_absolute_url()
        text = session_text(session)
        for kind, people, method in (
            (TRAINER_ASSIGNED, added, "REQUEST"),
            (TRAINER_REMOVED, removed, "CANCEL"),
        ):
            for trainer in people:
                ics = session_invitation(session, trainer, method=method).decode()
                message_send(
                    key=kind.key, recipient=trainer,
                    values={"name": trainer.first_name or trainer.email,
                            "offer_title": session.offer.title, "session": text,
                            "session_link": link},
                    attachments=[("session.ics", ics, f"text/calendar; method={method}")],
                )  # fmt: skip

    transaction.on_commit(compose)
