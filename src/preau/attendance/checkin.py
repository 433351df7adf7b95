"""Self check-in: the rotating QR code shown in the room and each person's own link.

The QR code holds a signed token naming the slot and a time window of
``PREAU_QR_ROTATION_SECONDS``: the trainer's screen shows a new one at every
window, and the previous one is still accepted for ``PREAU_QR_GRACE_SECONDS``
(someone was scanning as it changed). A photo forwarded to someone at home is
refused a minute later. A valid scan is remembered by the server (the view
keeps when it happened in the session) for ``PREAU_QR_PASS_MINUTES``, long
enough to log in and confirm.

People without a password use their personal link (``registrations.links.
check_in_link``, in their e-mails): it marks them present during a slot of
their session, recorded as such so that the trainer sees how.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.attendance.models import Attendance
from preau.core.services import audit_record
from preau.registrations.models import Registration
from preau.scheduling.models import Slot, TrainingSession

QR_SALT = "preau.attendance.qr"
Status = Attendance.Status


def _period() -> int:
    return max(5, int(settings.PREAU_QR_ROTATION_SECONDS))


def _window(now: datetime) -> int:
    return int(now.timestamp()) // _period()


def qr_token(slot: Slot, now: datetime | None = None) -> str:
    """The token of the current window (a new one every PREAU_QR_ROTATION_SECONDS)."""
    return signing.dumps(
        {"s": slot.pk, "w": _window(now or timezone.now())}, salt=QR_SALT, compress=True
    )


def qr_next_rotation(now: datetime | None = None) -> datetime:
    """When the token of ``now`` gives way to the next one."""
    now = now or timezone.now()
    return datetime.fromtimestamp((_window(now) + 1) * _period(), tz=UTC)


def qr_read(token: str, now: datetime | None = None) -> Slot:
    """The slot a scanned token is for, if the token is the current one or the
    previous one within its grace; a clear refusal otherwise."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=QR_SALT)
        slot_id, window = int(data["s"]), int(data["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(_("This QR code is not valid.")) from exc
    current = _window(now)
    grace_end = current * _period() + int(settings.PREAU_QR_GRACE_SECONDS)
    fresh = window == current or (window == current - 1 and now.timestamp() < grace_end)
    if window > current or not fresh:
        raise ValidationError(_("This QR code has expired: scan the code shown in the room again."))
    slot = Slot.objects.select_related("session__offer").filter(pk=slot_id).first()
    if slot is None:
        raise ValidationError(_("This QR code is not valid."))
    return slot


def scan_still_valid(scanned_at: datetime | None, now: datetime) -> bool:
    """A valid scan lets its holder log in and confirm for a few minutes."""
    if scanned_at is None:
        return False
    return now - timedelta(minutes=settings.PREAU_QR_PASS_MINUTES) <= scanned_at <= now


def _check_slot_is_on(slot: Slot, now: datetime) -> None:
    margin = timedelta(minutes=settings.PREAU_CHECKIN_MARGIN_MINUTES)
    if not slot.starts_at - margin <= now <= slot.ends_at + margin:
        raise ValidationError(_("Check-in is only possible during the slot."))
    # Locked and read afresh: closing may have happened since the page was shown.
    status = TrainingSession.objects.select_for_update().get(pk=slot.session_id).status
    if status == TrainingSession.Status.CANCELLED:
        raise ValidationError(_("This session is cancelled."))
    if status == TrainingSession.Status.HELD:
        # Closed: a change goes through the trainer's correction, with a reason.
        raise ValidationError(_("This session is closed: ask the trainer to correct it."))


def _self_mark(*, user: Any, slot: Slot, method: str, now: datetime) -> Attendance:
    registration = Registration.objects.filter(
        session_id=slot.session_id, user=user, status=Registration.Status.CONFIRMED
    ).first()
    status = Status.PRESENT if registration else Status.WALK_IN
    record, created = Attendance.objects.get_or_create(
        slot=slot, user=user,
        defaults={"status": status, "method": method, "registration": registration,
                  "signed_at": now},
    )  # fmt: skip
    if not created and not record.signature:
        # Marked by the trainer (present, or absent and here after all), or by a
        # log: the person's own check-in is the stronger proof; the roster shows
        # how and when. A drawn signature is kept as it is.
        if record.status not in Attendance.ATTENDED:
            record.status = status
        record.method, record.signed_at = method, now
        record.save(update_fields=["status", "method", "signed_at", "recorded_at"])
    audit_record(actor=user, action=f"attendance.{method}", target=record, data={"slot": slot.pk})
    return record


@transaction.atomic
def qr_check_in(
    *, user: Any, token: str, now: datetime | None = None, scanned_at: datetime | None = None
) -> Attendance:
    """Self check-in from the room's QR code, only while the slot is on.

    ``scanned_at`` is when the server saw this token scanned (kept in the
    session while the person logged in); without it the token must be fresh now.
    """
    now = now or timezone.now()
    seen = scanned_at if scan_still_valid(scanned_at, now) else now
    slot = qr_read(token, now=seen)
    _check_slot_is_on(slot, now)
    return _self_mark(user=user, slot=slot, method=Attendance.Method.QR, now=now)


def current_slot(session: TrainingSession, now: datetime) -> Slot | None:
    """The slot of ``session`` one may check in to at ``now`` (the one under way first)."""
    margin = timedelta(minutes=settings.PREAU_CHECKIN_MARGIN_MINUTES)
    candidates = [
        s for s in session.slots.all() if s.starts_at - margin <= now <= s.ends_at + margin
    ]
    candidates.sort(key=lambda s: (not (s.starts_at <= now <= s.ends_at), s.starts_at))
    return candidates[0] if candidates else None


@transaction.atomic
def link_check_in(*, registration: Registration, now: datetime | None = None) -> Attendance:
    """Check-in from a person's own signed link, during a slot of their session."""
    now = now or timezone.now()
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("This registration is not confirmed: ask the trainer."))
    session = registration.session
    slot = current_slot(session, now)
    if slot is None:
        raise ValidationError(
            _("No slot of this session is on now: the link works during the slots.")
        )
    _check_slot_is_on(slot, now)
    return _self_mark(user=registration.user, slot=slot, method=Attendance.Method.LINK, now=now)
