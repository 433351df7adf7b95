"""Every write on attendance: marking, signing, QR check-in, webinar logs, closing.

Trainers of the session and roles with ``take_attendance`` over its place may
record attendance. Once the session is closed, a change needs a reason and is
kept as an AttendanceChange (who, when, why).
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import user_may
from preau.attendance.models import Attendance, AttendanceChange, SlotRecord
from preau.attendance.selectors import attended_minutes
from preau.attendance.signature import clean_signature
from preau.core.services import audit_record
from preau.credentials.services import attestations_issue
from preau.registrations.models import Registration
from preau.scheduling.models import Slot, TrainingSession
from preau.scheduling.signals import session_closed

Status = Attendance.Status


def may_take_attendance(user: Any, session: TrainingSession) -> bool:
    if user_may(user, Capability.TAKE_ATTENDANCE, session.location):
        return True
    return session.trainers.filter(pk=getattr(user, "pk", None)).exists()


def _require(actor: Any, session: TrainingSession) -> None:
    if not may_take_attendance(actor, session):
        raise PermissionDenied(_("You may not take attendance for this session."))


def _registration(slot: Slot, user: Any) -> Registration | None:
    return Registration.objects.filter(
        session_id=slot.session_id, user=user, status=Registration.Status.CONFIRMED
    ).first()


@transaction.atomic
def attendance_mark(
    *,
    actor: Any,
    slot: Slot,
    user: Any,
    status: str,
    method: str = Attendance.Method.ROSTER,
    signature: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> Attendance:
    """Record one person's attendance for one slot (creating or changing it)."""
    now = now or timezone.now()
    session = TrainingSession.objects.select_for_update().get(pk=slot.session_id)
    _require(actor, session)
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown attendance status: %(s)s.") % {"s": status}})
    if now < slot.starts_at - timedelta(minutes=settings.PREAU_CHECKIN_MARGIN_MINUTES):
        raise ValidationError(_("This slot has not started: attendance is taken during it."))
    registration = _registration(slot, user)
    if registration is None and status != Status.WALK_IN and not _existing(slot, user):
        raise ValidationError(_("This person is not registered for the session."))
    closed = session.status == TrainingSession.Status.HELD
    record, created = Attendance.objects.get_or_create(
        slot=slot, user=user,
        defaults={"status": status, "method": method, "registration": registration},
    )  # fmt: skip
    before = "" if created else record.status
    if closed and before != status:
        if not reason.strip():
            raise ValidationError({"reason": _("The session is closed: say why you correct it.")})
        AttendanceChange.objects.create(
            attendance=record,
            actor=actor,
            before=before or "-",
            after=status,
            reason=reason.strip()[:255],
        )
    record.status = status
    record.method = method
    record.registration = registration
    record.recorded_by = actor
    if signature:
        record.signature = clean_signature(signature)
        record.signed_at = now
    record.save()
    audit_record(actor=actor, action="attendance.marked", target=record,
                 data={"slot": slot.pk, "status": status, "correction": closed})  # fmt: skip
    if closed:
        _compute_minutes(session)
        attestations_issue(session=session)  # a correction may give someone hours
    return record


def _existing(slot: Slot, user: Any) -> bool:
    return Attendance.objects.filter(slot=slot, user=user).exists()


@transaction.atomic
def slot_sign(*, actor: Any, slot: Slot, signature: str) -> SlotRecord:
    """The trainer signs the slot's sheet (required by the sign-in sheet's legal content)."""
    _require(actor, slot.session)
    record, _created = SlotRecord.objects.get_or_create(slot=slot)
    record.trainer_signature = clean_signature(signature)
    record.signed_by = actor
    record.signed_at = timezone.now()
    record.save()
    audit_record(actor=actor, action="attendance.slot_signed", target=slot)
    return record


@transaction.atomic
def sheet_attach(*, actor: Any, slot: Slot, upload: UploadedFile) -> SlotRecord:
    """Attach the scanned paper sheet of a slot (PDF or image, 10 MB at most)."""
    _require(actor, slot.session)
    if upload.size and upload.size > 10 * 1024 * 1024:
        raise ValidationError({"sheet": _("The scan is larger than 10 MB.")})
    name = (upload.name or "").lower()
    if not name.endswith((".pdf", ".png", ".jpg", ".jpeg")):
        raise ValidationError({"sheet": _("Send a PDF, PNG or JPEG scan.")})
    record, _created = SlotRecord.objects.get_or_create(slot=slot)
    record.scanned_sheet.save(f"slot-{slot.pk}{name[name.rfind('.') :]}", upload, save=True)
    audit_record(actor=actor, action="attendance.sheet_attached", target=slot)
    return record


@transaction.atomic
def walk_in_accept(*, actor: Any, attendance: Attendance) -> Attendance:
    """A manager accepts someone who came without registering."""
    _require(actor, attendance.slot.session)
    if attendance.status != Status.WALK_IN:
        raise ValidationError(_("This person is not waiting to be accepted."))
    attendance.status = Status.PRESENT
    attendance.recorded_by = actor
    attendance.save(update_fields=["status", "recorded_by", "recorded_at"])
    audit_record(actor=actor, action="attendance.walk_in_accepted", target=attendance)
    return attendance


def _compute_minutes(session: TrainingSession) -> None:
    """Attended minutes per registration = length of the slots attended."""
    minutes = attended_minutes(session)
    for registration in Registration.objects.filter(
        session=session, status=Registration.Status.CONFIRMED
    ):
        registration.attended_minutes = minutes.get(registration.user_id, 0)
        registration.save(update_fields=["attended_minutes"])


@transaction.atomic
def attendance_mark_all(
    *, actor: Any, slot: Slot, status: str = Status.PRESENT, now: datetime | None = None
) -> int:
    """ "Everyone is here": mark every registered person not yet marked (the
    exceptions come after, one by one). Returns how many were marked."""
    now = now or timezone.now()
    session = TrainingSession.objects.select_for_update().get(pk=slot.session_id)
    _require(actor, session)
    if session.status == TrainingSession.Status.HELD:
        raise ValidationError(_("The session is closed: correct people one by one, with a reason."))
    if status not in Attendance.ATTENDED:
        raise ValidationError({"status": _("Unknown attendance status: %(s)s.") % {"s": status}})
    if now < slot.starts_at - timedelta(minutes=settings.PREAU_CHECKIN_MARGIN_MINUTES):
        raise ValidationError(_("This slot has not started: attendance is taken during it."))
    marked = set(Attendance.objects.filter(slot=slot).values_list("user_id", flat=True))
    count = 0
    for registration in Registration.objects.filter(
        session=session, status=Registration.Status.CONFIRMED
    ).exclude(user_id__in=marked):
        record = Attendance.objects.create(
            slot=slot, user_id=registration.user_id, registration=registration,
            status=status, method=Attendance.Method.ROSTER, recorded_by=actor,
        )  # fmt: skip
        audit_record(actor=actor, action="attendance.marked", target=record,
                     data={"slot": slot.pk, "status": status, "all": True})  # fmt: skip
        count += 1
    return count


@transaction.atomic
def session_close(
    *, actor: Any, session: TrainingSession, now: datetime | None = None
) -> TrainingSession:
    """After the last slot: the session is held; attended hours and no-shows are set."""
    now = now or timezone.now()
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    _require(actor, session)
    if (
        session.status != TrainingSession.Status.OPEN
        and session.status != TrainingSession.Status.PLANNED
    ):
        raise ValidationError(_("Only a planned or open session can be closed."))
    if session.ends_at and now < session.ends_at:
        raise ValidationError(_("The session is not over yet."))
    session.status = TrainingSession.Status.HELD
    session.save(update_fields=["status", "updated_at"])
    _compute_minutes(session)
    attestations_issue(session=session)
    audit_record(actor=actor, action="session.closed", target=session)
    session_closed.send(sender=TrainingSession, session=session)
    return session
