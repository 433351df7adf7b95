"""What makes a demo year look lived in, without moving its key figures.

- Attendance is marked on every slot for every registered person, as trainers
  do: present or late for the slots attended (both count as attended), absent
  or excused for the others and for no-shows (neither counts: the indicators
  read present and late only, so participant-hours and participations are
  the calibrated ones).
- A few sessions are cancelled, with their registrations: cancelled sessions
  are never "held", so they add to no figure.
- The demo trainer trains the sessions of her académie; the demo teacher takes
  a seat that a generated person would have taken (same counts).
"""

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from preau.accounts.models import User
from preau.catalog.models import Offer
from preau.network.models import Atelier
from preau.registrations.models import Registration
from preau.scheduling.models import Slot, TrainingSession

TEACHER_EMAIL = "enseignante@preau.test"
TRAINER_EMAIL = "formatrice21@preau.test"
TRAINER_ACADEMIE = "dijon"  # the demo trainer's Atelier (21) is in it
TEACHER_SESSIONS = {"current": 3, "previous": 1}
LATE_RATE = 0.06  # marks of attended slots that are "late"
EXCUSED_SHARE = 0.35  # of the absences, those excused
CANCELLED_SHARE = 0.03  # sessions cancelled, on top of those held
CANCEL_REASONS = (
    "La formatrice est malade : la séance est annulée, une nouvelle date sera proposée.",
    "Trop peu d'inscrits pour tenir la séance : nous vous proposerons une autre date.",
    "La salle n'est pas disponible (travaux) : séance annulée.",
    "Alerte météo : l'Atelier reste fermé ce jour-là.",
)


def mark(rng: random.Random, attended: bool) -> str:
    """The status a trainer would have marked on one slot."""
    if attended:
        return "late" if rng.random() < LATE_RATE else "present"
    return "excused" if rng.random() < EXCUSED_SHARE else "absent"


def demo_user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def teacher_sessions(sessions: list[TrainingSession], which: str, in_person: int) -> set[int]:
    """Indexes of the sessions the demo teacher attends: in person, in her
    académie if possible, the latest of the year, each of another offer."""
    wanted = TEACHER_SESSIONS.get(which, 0)
    candidates = sorted(
        range(in_person), key=lambda i: (sessions[i].start_day or date.min, i), reverse=True
    )
    local = [i for i in candidates if _academie_code(sessions[i]) == TRAINER_ACADEMIE]
    chosen: dict[int, int] = {}  # offer id -> session index
    for i in local + [i for i in candidates if i not in local]:
        if len(chosen) < wanted:
            chosen.setdefault(sessions[i].offer_id, i)
    return set(chosen.values())


def _academie_code(session: TrainingSession) -> str:
    return session.academie.code if session.academie else ""


def trainers_assign(sessions: list[TrainingSession]) -> int:
    """The demo trainer trains every session of her académie."""
    trainer = demo_user(TRAINER_EMAIL)
    if trainer is None:
        return 0
    through = TrainingSession.trainers.through
    rows = [
        through(trainingsession_id=s.pk, user_id=trainer.pk)
        for s in sessions
        if _academie_code(s) == TRAINER_ACADEMIE
    ]
    through.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def cancelled_sessions_create(
    rng: random.Random, year: int, held: int, offers: list[Offer], ateliers: list[Atelier],
    pool: list[User], which: str,
) -> int:  # fmt: skip
    """A few cancelled sessions with the registrations they had, cancelled too."""
    from preau.demo.year import _day

    count = max(1, round(held * CANCELLED_SHARE))
    teacher = demo_user(TEACHER_EMAIL) if which == "current" else None
    sessions, plans, times = [], [], []
    for i in range(count):
        offer = rng.choice(offers)
        atelier = offer.atelier or rng.choice(ateliers)
        zone = ZoneInfo(atelier.timezone)
        day = _day(rng, year)
        start = datetime.combine(day, time(14), zone)
        times.append((start, start + timedelta(hours=3), day))
        sessions.append(
            TrainingSession(
                offer=offer, territory=atelier.territory, academie=atelier.academie,
                atelier=atelier, venue="atelier", capacity=16,
                status=TrainingSession.Status.CANCELLED, starts_at=start,
                ends_at=start + timedelta(hours=3), start_day=day,
                external_ref=f"demo:{year}:cancelled:{i}",
            )
        )  # fmt: skip
        plans.append(
            (rng.sample(pool, min(len(pool), rng.randint(4, 11))), rng.choice(CANCEL_REASONS))
        )
    TrainingSession.objects.bulk_create(sessions)
    Slot.objects.bulk_create(
        [
            Slot(session=s, starts_at=a, ends_at=b, day=d)
            for s, (a, b, d) in zip(sessions, times, strict=True)
        ]
    )
    if teacher is not None:
        plans[0][0][0] = teacher
    rows: list[Any] = []
    for session, (people, reason) in zip(sessions, plans, strict=True):
        assert session.starts_at is not None
        for person in people:
            rows.append(
                Registration(
                    session=session, user=person, status=Registration.Status.CANCELLED,
                    queued_at=session.starts_at - timedelta(days=20),
                    confirmed_at=session.starts_at - timedelta(days=20),
                    cancelled_at=session.starts_at - timedelta(days=2), cancel_reason=reason,
                )
            )  # fmt: skip
    Registration.objects.bulk_create(rows, batch_size=5000)
    return count


def answered_by_demo_accounts(invitations: list[Any], answered: list[int]) -> None:
    """The demo teacher answered her past surveys (only last week's waits for
    her): each of her unanswered invitations trades places with someone else's
    answered one, so the number of answers and their values stay the same."""
    teacher = demo_user(TEACHER_EMAIL)
    if teacher is None:
        return
    chosen = set(answered)
    hers = [i for i, inv in enumerate(invitations) if inv.registration.user_id == teacher.pk]
    for i in hers:
        if i in chosen:
            continue
        for k, j in enumerate(answered):
            if invitations[j].registration.user_id != teacher.pk:
                answered[k] = i
                chosen.discard(j)
                chosen.add(i)
                break
