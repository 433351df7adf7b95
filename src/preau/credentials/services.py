"""Issuing attestations when a session is closed: one attestation de présence
and one certificat de réalisation per person with attended hours."""

import base64
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from preau.credentials.models import Attestation
from preau.registrations.models import Registration
from preau.scheduling.hours import hours_from_minutes, hours_of_lengths
from preau.scheduling.models import TrainingSession

PREFIX: dict[str, str] = {Attestation.Kind.PRESENCE: "P", Attestation.Kind.REALISATION: "R"}


def new_code() -> str:
    """80 random bits in upper-case base32: QR codes then use their compact
    alphanumeric mode (smaller, faster to draw, easier to scan)."""
    return base64.b32encode(secrets.token_bytes(10)).decode()


def _content(registration: Registration, session: TrainingSession) -> dict[str, Any]:
    zone = session.zone
    slots = list(session.slots.all())
    first = timezone.localtime(slots[0].starts_at, zone) if slots else None
    last = timezone.localtime(slots[-1].ends_at, zone) if slots else None
    user = registration.user
    return {
        "name": user.get_full_name() or user.email,
        "course": session.offer.title,
        "objectives": list(session.offer.objectives),
        "action": "action de formation",
        "modality": session.offer.get_modality_display(),
        "place": (session.online_url and "En ligne") or session.place_label,
        "start": first.date().isoformat() if first else None,
        "end": last.date().isoformat() if last else None,
        "attended_hours": hours_from_minutes(registration.attended_minutes),
        "planned_hours": hours_of_lengths(s.duration for s in slots),
        "provider": settings.OPERATOR_NAME,
        "session": session.pk,
    }


@transaction.atomic
def attestations_issue(*, session: TrainingSession) -> int:
    """Issue the missing attestations of a closed session (idempotent)."""
    registrations = Registration.objects.filter(
        session=session, status=Registration.Status.CONFIRMED, attended_minutes__gt=0
    ).select_related("user")
    existing = set(
        Attestation.objects.filter(registration__session=session).values_list(
            "registration_id", "kind"
        )
    )
    year = timezone.localdate().year
    new = []
    for registration in registrations:
        content = _content(registration, session)
        for kind in Attestation.Kind.values:
            if (registration.pk, kind) in existing:
                continue
            new.append(
                Attestation(
                    kind=kind,
                    number=f"{year}-{session.pk:06d}-{registration.pk:07d}{PREFIX[kind]}",
                    code=new_code(),
                    registration=registration,
                    user=registration.user,
                    content=content,
                )
            )
    Attestation.objects.bulk_create(new)
    return len(new)


def attestation_for_download(user: Any, number: str) -> Attestation | None:
    """The attestation if ``user`` is its holder or staff covering its session."""
    from preau.accounts.roles import Capability
    from preau.accounts.scopes import user_may

    attestation = (
        Attestation.objects.select_related("registration__session", "user")
        .filter(number=number, revoked_at__isnull=True)
        .first()
    )
    if attestation is None:
        return None
    if attestation.user_id == getattr(user, "pk", None):
        return attestation
    session = attestation.registration.session
    if user_may(user, Capability.VIEW_PERSONAL_DATA, session.location):
        return attestation
    return None
