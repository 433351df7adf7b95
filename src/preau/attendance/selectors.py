"""Reads for taking attendance: today's slots, a roster, what closing will record."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from preau.attendance.models import Attendance
from preau.registrations.models import Registration
from preau.scheduling.hours import attended_hours_text
from preau.scheduling.models import Slot, TrainingSession


def attended_minutes(session: TrainingSession) -> dict[int, int]:
    """Minutes per person (user id): the whole minutes of each slot attended
    (present or late), summed. Closing stores them; its screen shows them first."""
    lengths = {s.pk: s.minutes for s in session.slots.all()}
    minutes: dict[int, int] = {}
    attended = Attendance.objects.filter(
        slot__session=session, status__in=Attendance.ATTENDED
    ).values_list("user_id", "slot_id")
    for user_id, slot_id in attended:
        minutes[user_id] = minutes.get(user_id, 0) + lengths.get(slot_id, 0)
    return minutes


def todays_slots(user: Any, now: datetime | None = None) -> list[Slot]:
    """The slots a trainer runs today (in each session's own time zone), in order."""
    now = now or timezone.now()
    slots = (
        Slot.objects.filter(
            session__trainers=user,
            starts_at__gte=now - timedelta(hours=36),
            starts_at__lte=now + timedelta(hours=36),
        )
        .exclude(session__status=TrainingSession.Status.CANCELLED)
        .select_related("session__offer", "session__atelier", "session__room")
        .order_by("starts_at")
        .distinct()
    )
    return [s for s in slots if s.day == timezone.localdate(now, s.session.zone)]


def confirmed(session_id: int) -> list[Registration]:
    return list(
        Registration.objects.filter(session_id=session_id, status=Registration.Status.CONFIRMED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


@dataclass
class RosterCount:
    marked: int
    attended: int
    total: int


def roster_count(slot: Slot, registrations: list[Registration] | None = None) -> RosterCount:
    people = {r.user_id for r in (registrations or confirmed(slot.session_id))}
    marks = dict(Attendance.objects.filter(slot=slot).values_list("user_id", "status"))
    return RosterCount(
        marked=sum(1 for p in people if p in marks),
        attended=sum(1 for p in people if marks.get(p) in Attendance.ATTENDED),
        total=len(people),
    )


@dataclass
class ClosingRow:
    registration: Registration
    minutes: int
    hours: str  # exactly as the attestation will write it


@dataclass
class ClosingSummary:
    rows: list[ClosingRow]
    unmarked: list[tuple[Slot, list[Registration]]]  # per slot, people never marked


def closing_summary(session: TrainingSession) -> ClosingSummary:
    """What closing will record, shown before it is confirmed."""
    registrations = confirmed(session.pk)
    minutes = attended_minutes(session)
    marked: dict[int, set[int]] = {}
    for slot_id, user_id in Attendance.objects.filter(slot__session=session).values_list(
        "slot_id", "user_id"
    ):
        marked.setdefault(slot_id, set()).add(user_id)
    unmarked = []
    for slot in session.slots.all():
        missing = [r for r in registrations if r.user_id not in marked.get(slot.pk, set())]
        if missing:
            unmarked.append((slot, missing))
    rows = [
        ClosingRow(r, minutes.get(r.user_id, 0), attended_hours_text(minutes.get(r.user_id, 0)))
        for r in registrations
    ]
    return ClosingSummary(rows=rows, unmarked=unmarked)
