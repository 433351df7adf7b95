"""Attestations follow verified addresses and show on the registration page."""

from typing import Any

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from preau.accounts.signin import email_verified
from preau.credentials import links, services
from preau.credentials.models import Attestation
from preau.registrations.signals import RegistrationItem, registration_links


@receiver(email_verified)
def _on_email_verified(sender: Any, user: Any, **kwargs: Any) -> None:
    services.attestations_issue_for(user=user)


@receiver(registration_links)
def _registration_attestations(
    sender: Any, registration: Any, signed: bool = False, **kwargs: Any
) -> list[RegistrationItem]:
    items = []
    for attestation in Attestation.objects.filter(
        registration=registration, revoked_at__isnull=True
    ).order_by("kind"):
        url = links.path(attestation) if signed else attestation.get_absolute_url()
        items.append(
            RegistrationItem(
                "attestation",
                attestation.get_kind_display(),
                _("No. %(n)s (PDF, with a QR code anyone can check).") % {"n": attestation.number},
                url,
                _("Download (PDF)"),
                order=20,
            )
        )
    if not items and services.waiting_for_verification(registration):
        items.append(
            RegistrationItem(
                "attestation",
                _("Attestations"),
                _(
                    "Your attestations wait for your e-mail address to be confirmed: follow the "
                    "sign-in link of your registration e-mail (or ask for a password link), and "
                    "they are issued at once."
                ),
                reverse("accounts:password_reset"),
                _("Get a link to confirm my address"),
                order=20,
            )
        )
    return items
