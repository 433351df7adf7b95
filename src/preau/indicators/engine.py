"""The indicators, computed from raw records, for a period and a set of sessions.

Definitions (written once more, in words, in docs/indicators.md):
- days are the local days where the session takes place (an overseas Atelier's
  own calendar: `Slot.day`, `TrainingSession.start_day`);
- a *session held* counts in the period of its first slot;
- hours, participant-hours and participations count the slots that fall in
  the period (a session spanning the boundary is split by its slots);
- a *participation* is one person attending at least one slot of one session
  (one person in two sessions counts twice); *persons* are distinct people;
- *registrations* are confirmed registrations of held sessions; a no-show is
  one whose person attended no slot;
- *participant-hours* sum the length of every slot attended (present or late);
  *trainee-days* are participant-hours / PREAU_HOURS_PER_TRAINEE_DAY (6);
- the *share in person* is the share of participant-hours in sessions held in
  an Atelier or a school (alternatives: by sessions, by participations);
- satisfaction and transferability come from survey answers, with their N.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from preau.attendance.models import Attendance
from preau.evaluation.models import Answer, Invitation
from preau.evaluation.selectors import SATISFIED, Rate
from preau.indicators.periods import Period
from preau.registrations.models import Registration
from preau.scheduling.hours import hours_from_minutes
from preau.scheduling.models import Slot, TrainingSession

IN_PERSON = (TrainingSession.Venue.ATELIER, TrainingSession.Venue.SCHOOL)


@dataclass(frozen=True)
class KeyFigures:
    period: Period
    sessions: int
    participations: int
    persons: int
    registrations: int
    no_shows: int
    hours_delivered: float
    participant_hours: float
    participant_hours_in_person: float
    sessions_in_person: int
    participations_in_person: int
    satisfaction: Rate
    transferability: Rate
    consultations: int | None = None  # self-training; None where not attributable (an Atelier)
    learners: int | None = None  # distinct self-training learners, same rule
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def trainee_days(self) -> float:
        return round(self.participant_hours / settings.PREAU_HOURS_PER_TRAINEE_DAY, 1)

    @property
    def share_in_person(self) -> float | None:
        if not self.participant_hours:
            return None
        return round(100 * self.participant_hours_in_person / self.participant_hours, 1)

    @property
    def attendance_rate(self) -> float | None:
        if not self.registrations:
            return None
        return round(100 * (self.registrations - self.no_shows) / self.registrations, 1)


def held(sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return sessions.filter(status=TrainingSession.Status.HELD)


def started_in(sessions: QuerySet[TrainingSession], period: Period) -> QuerySet[TrainingSession]:
    return sessions.filter(start_day__gte=period.start, start_day__lte=period.end)


def slots_in(sessions: QuerySet[TrainingSession], period: Period) -> QuerySet[Slot]:
    return Slot.objects.filter(session__in=sessions, day__gte=period.start, day__lte=period.end)


def slot_lengths(slots: QuerySet[Slot]) -> dict[int, tuple[int, int, bool, Any]]:
    """slot id -> (session id, minutes, in person, local day). Lengths are summed
    in Python: SQLite computes datetime differences one row at a time, slowly."""
    rows = slots.values_list("id", "session_id", "starts_at", "ends_at", "session__venue", "day")
    return {
        sid: (session_id, int((end - start).total_seconds() // 60), venue in IN_PERSON, day)
        for sid, session_id, start, end, venue, day in rows
    }


def attended_per_slot(attended: QuerySet[Attendance]) -> dict[int, int]:
    """slot id -> how many people attended it."""
    return dict(attended.values_list("slot_id").annotate(n=Count("pk")).order_by())


def key_figures(sessions: QuerySet[TrainingSession], period: Period) -> KeyFigures:
    """Every headline figure for ``sessions`` (already scoped) over ``period``."""
    base = held(sessions)
    started_here = started_in(base, period)
    slots = slots_in(base, period)
    attended = Attendance.objects.filter(slot__in=slots, status__in=Attendance.ATTENDED)
    in_person = Q(slot__session__venue__in=IN_PERSON)
    counted = started_here.aggregate(n=Count("pk"), n_in=Count("pk", filter=Q(venue__in=IN_PERSON)))
    lengths = slot_lengths(slots)
    present = attended_per_slot(attended)
    participant_minutes = sum(n * lengths[sid][1] for sid, n in present.items())
    in_person_minutes = sum(n * lengths[sid][1] for sid, n in present.items() if lengths[sid][2])
    registrations = Registration.objects.filter(
        session__in=started_here, status=Registration.Status.CONFIRMED
    ).aggregate(n=Count("pk"), no_show=Count("pk", filter=Q(attended_minutes=0)))
    answers = Answer.objects.filter(session__in=started_here, kind=Invitation.Kind.HOT).aggregate(
        s_yes=Count("pk", filter=Q(satisfaction__in=SATISFIED)),
        s_n=Count("pk", filter=Q(satisfaction__isnull=False)),
        t_yes=Count("pk", filter=Q(transfer__in=SATISFIED)),
        t_n=Count("pk", filter=Q(transfer__isnull=False)),
    )
    return KeyFigures(
        period=period,
        sessions=counted["n"],
        participations=attended.values("slot__session_id", "user_id").distinct().count(),
        persons=attended.values("user_id").distinct().count(),
        registrations=registrations["n"],
        no_shows=registrations["no_show"],
        hours_delivered=hours_from_minutes(sum(m for _s, m, _p, _d in lengths.values())),
        participant_hours=hours_from_minutes(participant_minutes),
        participant_hours_in_person=hours_from_minutes(in_person_minutes),
        sessions_in_person=counted["n_in"],
        participations_in_person=attended.filter(in_person)
        .values("slot__session_id", "user_id")
        .distinct()
        .count(),
        satisfaction=rate(answers["s_yes"], answers["s_n"]),
        transferability=rate(answers["t_yes"], answers["t_n"]),
    )


def rate(yes: int, n: int) -> Rate:
    return Rate(round(100 * yes / n, 1) if n else None, n)


def change(current: float | None, previous: float | None) -> float | None:
    """Year-over-year change in %, None when there is nothing to compare with."""
    if current is None or not previous:
        return None
    return round(100 * (current - previous) / previous, 1)
