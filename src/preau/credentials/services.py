"""Issuing attestations when a session is closed: one attestation de présence
and one certificat de réalisation per person with attended hours."""

import base64
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from preau.core.bulk import fast_insert
from preau.credentials.messages import attestations_available
from preau.credentials.models import Attestation
from preau.credentials.texts import period_text
from preau.registrations.models import Registration
from preau.scheduling.hours import hours_from_minutes, hours_of_lengths
from preau.scheduling.models import TrainingSession

PREFIX: dict[str, str] = {Attestation.Kind.PRESENCE: "P", Attestation.Kind.REALISATION: "R"}


def new_code() -> str:
    """80 random bits in upper-case base32: QR codes then use their compact
    alphanumeric mode (smaller, faster to draw, easier to scan)."""
    return base64.b32encode(secrets.token_bytes(10)).decode()


def _session_content(session: TrainingSession) -> dict[str, Any]:
    """What every attestation of a session says, whoever holds it."""
    zone = session.zone
    slots = list(session.slots.all())
    first = timezone.localtime(slots[0].starts_at, zone) if slots else None
    last = timezone.localtime(slots[-1].ends_at, zone) if slots else None
    return {
        "course": session.offer.title,
        "objectives": list(session.offer.objectives),
        "action": "action de formation",
        "modality": str(session.offer.get_modality_display()),
        "place": (session.online_url and "En ligne") or session.place_label,
        "start": first.date().isoformat() if first else None,
        "end": last.date().isoformat() if last else None,
        "planned_hours": hours_of_lengths(s.duration for s in slots),
        "provider": settings.OPERATOR_NAME,
        "session": session.pk,
    }


def _content(
    registration: Registration, session: TrainingSession, common: dict[str, Any] | None = None
) -> dict[str, Any]:
    user = registration.user
    return {
        "name": user.get_full_name() or user.email,
        "employer": _employer(user),
        **(common if common is not None else _session_content(session)),
        "attended_hours": hours_from_minutes(registration.attended_minutes),
    }


def _employer(user: Any) -> str:
    """Where the person works, as the certificat de réalisation names the employer."""
    school = getattr(user, "school", None)
    if school is not None:
        return ", ".join(x for x in (school.name, school.town) if x)
    academie = getattr(user, "academie", None)
    return str(academie) if academie is not None else ""


@transaction.atomic
def attestations_issue(*, session: TrainingSession) -> int:
    """Issue the missing attestations of a closed session (idempotent); each
    person is told once that theirs are available (after commit).

    Only to verified e-mail addresses: the others wait, and are issued when
    their owner follows a link we e-mailed (``email_verified``, receivers.py)."""
    registrations = Registration.objects.filter(
        session=session,
        status=Registration.Status.CONFIRMED,
        attended_minutes__gt=0,
        user__email_verified_at__isnull=False,
    ).select_related("user__school", "user__academie", "session__offer")
    existing = set(
        Attestation.objects.filter(registration__session=session).values_list(
            "registration_id", "kind"
        )
    )
    year = timezone.localdate().year
    new = []
    common = _session_content(session)
    for registration in registrations:
        content = _content(registration, session, common)
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
    told = {a.registration_id for a in new}
    attestations_available(
        [r for r in registrations if r.pk in told],
        dates=lambda r: period_text(common.get("start"), common.get("end")),
        hours=lambda r: hours_from_minutes(r.attended_minutes),
    )
    return len(new)


@transaction.atomic
def attestations_issue_bulk(*, sessions: Iterable[TrainingSession], backdate: bool = False) -> int:
    """Issue the missing attestations of many closed sessions at once (idempotent):
    the same documents as ``attestations_issue``, in a few queries and one insert
    per 5,000. With ``backdate``, each is dated (and numbered) at its session's
    end, as if issued at closing: for history recorded after the fact (the demo's
    past years), taken as the operator's record: it asks no verified address."""
    ids = [s.pk for s in sessions]
    chosen = (
        TrainingSession.objects.filter(pk__in=ids, status=TrainingSession.Status.HELD)
        .select_related("offer", "atelier", "room", "school")
        .prefetch_related("slots")
    )
    by_pk = {s.pk: s for s in chosen}
    existing = set(
        Attestation.objects.filter(registration__session_id__in=by_pk).values_list(
            "registration_id", "kind"
        )
    )
    registrations = Registration.objects.filter(
        session_id__in=by_pk, status=Registration.Status.CONFIRMED, attended_minutes__gt=0
    ).select_related("user__school", "user__academie")
    now = timezone.now()
    common: dict[int, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    for registration in registrations.order_by("session_id", "pk"):
        session = by_pk[registration.session_id]
        if session.pk not in common:
            common[session.pk] = _session_content(session)
        issued = session.ends_at if backdate and session.ends_at else now
        year = timezone.localtime(issued, session.zone).year
        content = _content(registration, session, common[session.pk])
        for kind in Attestation.Kind.values:
            if (registration.pk, kind) in existing:
                continue
            rows.append(
                {"kind": kind, "code": new_code(), "content": content, "issued_at": issued,
                 "number": f"{year}-{session.pk:06d}-{registration.pk:07d}{PREFIX[kind]}",
                 "registration_id": registration.pk, "user_id": registration.user_id}
            )  # fmt: skip
    return fast_insert(Attestation, rows)


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


def attestations_issue_for(*, user: Any) -> int:
    """Issue what waited for this person's address to be verified."""
    sessions = TrainingSession.objects.filter(
        registrations__user=user,
        registrations__status=Registration.Status.CONFIRMED,
        registrations__attended_minutes__gt=0,
    ).distinct()
    return sum(attestations_issue(session=session) for session in sessions)


def waiting_for_verification(registration: Registration) -> bool:
    """Attended, but the attestation waits for the person's address to be verified."""
    return bool(
        registration.status == Registration.Status.CONFIRMED
        and (registration.attended_minutes or 0) > 0
        and registration.user.email_verified_at is None
    )
