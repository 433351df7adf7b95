"""“Your attestation is available”: told once per person and session when a
closed session issues their attestations (an editable message, core/messaging.py)."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from preau.core.messaging import MessageKind, Placeholder, message_send, register
from preau.scheduling.hours import hours_text

AVAILABLE = register(
    MessageKind(
        key="credentials.available",
        label=_l("Attestation available"),
        template="credentials/email/available.txt",
        subject=lambda v: _("Your attestation is available: %(t)s") % {"t": v["offer_title"]},
        placeholders=(
            Placeholder(
                "name", _l("First name of the person (or their e-mail address)"), "Camille"
            ),
            Placeholder(
                "offer_title", _l("Title of the training"), _l("Teaching with digital tools")
            ),
            Placeholder(
                "dates", _l("Dates of the training"), _l("from 3 March 2025 to 4 March 2025")
            ),
            Placeholder("hours", _l("Hours attended"), "6"),
            Placeholder(
                "attestations_link",
                _l("Link to the person's attestations (login needed)"),
                "https://preau.example/attestations/",
            ),
        ),
    )
)


def attestations_available(registrations: list[Any], dates: Any, hours: Any) -> None:
    """After commit, tell each person of ``registrations`` (once per registration)."""
    if not registrations:
        return

    def compose() -> None:
        link = settings.SITE_URL.rstrip("/") + reverse("credentials:mine")
        for registration in registrations:
            user = registration.user
            message_send(
                key=AVAILABLE.key, recipient=user, once=f"attestation:{registration.pk}",
                values={"name": user.first_name or user.email,
                        "offer_title": registration.session.offer.title,
                        "dates": dates(registration), "hours": hours_text(hours(registration)),
                        "attestations_link": link},
            )  # fmt: skip

    transaction.on_commit(compose)
