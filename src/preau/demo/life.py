"""The demo accounts' present: what a teacher and a trainer find when they log in.

Written through the real services (session, registration, attendance,
closing, attestations, surveys), with the times they would have happened at:

- a session held last week at the Dijon Atelier (21), trained by the demo
  trainer, attended by the demo teacher (attestations issued at closing, her
  end-of-training survey waiting for her answer), with late, excused and
  absent marks;
- the demo teacher confirmed in an upcoming session and second on the
  waitlist of a full one;
- the demo trainer's session of the day (``demo_today_refresh``): placed at
  every start of ``preau run`` and by ``preau demo refresh-today``, so that it
  stays "today" on the days after the demo was loaded.

These sessions fall in the current calendar year, never in the calibrated
demo years. E-mails the services would send to the fictitious people are
dropped.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from preau.accounts.models import User
from preau.attendance.services import attendance_mark, session_close
from preau.catalog.models import Offer
from preau.demo.history import TEACHER_EMAIL, TRAINER_EMAIL
from preau.evaluation.models import Invitation
from preau.evaluation.services import survey_answer
from preau.network.models import Atelier
from preau.registrations.models import Registration
from preau.registrations.services import registration_create
from preau.scheduling.models import TrainingSession
from preau.scheduling.services import (
    SessionSpec,
    SlotSpec,
    session_create,
    session_update,
    spec_of,
)

PLANNER_EMAIL = "atelier21@preau.test"
ATELIER = "21"
MORNING, AFTERNOON = (time(9), time(12)), (time(13, 30), time(16, 30))
# The recent session's roster: (status in the morning, in the afternoon), the
# demo teacher first. Everyone else comes from the generated people.
RECENT_MARKS = [
    ("present", "present"), ("present", "present"), ("late", "present"),
    ("present", "present"), ("present", "late"), ("present", "present"),
    ("present", "absent"), ("excused", "excused"), ("absent", "absent"),
    ("present", "present"), ("present", "present"), ("present", "present"),
]  # fmt: skip
TODAY_ROSTER = 11
PEOPLE = len(RECENT_MARKS) + 30 + TODAY_ROSTER  # generated people these sessions draw from


@contextmanager
def _no_mail() -> Iterator[None]:
    """The services' e-mails to fictitious people go nowhere (not to the console,
    nor a log line per e-mail task)."""
    tasks_log = logging.getLogger("django_tasks")
    level = tasks_log.level
    tasks_log.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            yield
    finally:
        tasks_log.setLevel(level)


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _people(count: int, skip: int = 0) -> list[User]:
    return list(User.objects.filter(email__startswith="demo.").order_by("pk")[skip : skip + count])


def _offer(atelier: Atelier, exclude: set[int]) -> Offer | None:
    """A published offer the Atelier may run in person: its own first, then shared ones."""
    live = Offer.objects.filter(status=Offer.Status.PUBLISHED).exclude(pk__in=exclude)
    live = live.exclude(modality="distance")
    mine = live.filter(atelier=atelier).order_by("pk").first()
    return mine or live.filter(atelier__isnull=True).order_by("pk").first() or live.first()


def _spec(offer: Offer, atelier: Atelier, day: date, trainer: User, ref: str) -> SessionSpec:
    return SessionSpec(
        offer=offer, venue=TrainingSession.Venue.ATELIER, capacity=16,
        slots=(SlotSpec(day, *MORNING), SlotSpec(day, *AFTERNOON)), atelier=atelier,
        trainers=(trainer,), external_ref=ref,
    )  # fmt: skip


def _register(session: TrainingSession, people: list[User], at: datetime) -> list[Registration]:
    return [
        registration_create(session=session, user=person, now=at + timedelta(minutes=7 * n))
        for n, person in enumerate(people)
    ]


def _recent_day(today: date) -> date:
    """Last week, a weekday, in this calendar year (the demo years stay as calibrated)."""
    day = today - timedelta(days=6)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    if day.year < today.year and today > date(today.year, 1, 1):
        day = date(today.year, 1, 1)
    return day


def _offers_of(user: User) -> set[int]:
    return set(Registration.objects.filter(user=user).values_list("session__offer_id", flat=True))


def _recent_session(
    atelier: Atelier, planner: User, trainer: User, teacher: User, today: date
) -> TrainingSession:
    day = _recent_day(today)
    offer = _offer(atelier, _offers_of(teacher))
    assert offer is not None
    session = session_create(
        actor=planner, spec=_spec(offer, atelier, day, trainer, "demo:life:recent"), open_now=True
    )
    people = [teacher, *_people(len(RECENT_MARKS) - 1)]
    assert session.starts_at is not None and session.ends_at is not None
    registrations = _register(session, people, session.starts_at - timedelta(days=15))
    slots = list(session.slots.order_by("starts_at"))
    for registration, statuses in zip(registrations, RECENT_MARKS, strict=True):
        for slot, status in zip(slots, statuses, strict=True):
            attendance_mark(
                actor=trainer, slot=slot, user=registration.user, status=status,
                now=slot.starts_at + timedelta(minutes=20),
            )  # fmt: skip
    session_close(actor=trainer, session=session, now=session.ends_at + timedelta(minutes=30))
    # Most of the others have already answered the survey; the demo teacher has not.
    others = Invitation.objects.filter(registration__session=session, kind=Invitation.Kind.HOT)
    for n, invitation in enumerate(others.exclude(registration__user=teacher).order_by("pk")):
        if n % 4 != 3:
            survey_answer(
                invitation=invitation,
                data={"satisfaction": 4 if n % 3 else 3, "transfer": 3 + n % 2,
                      "objectives_met": 4, "comment": ""},
            )  # fmt: skip
    return session


def _upcoming(now: datetime, exclude: set[int]) -> list[TrainingSession]:
    return list(
        TrainingSession.objects.filter(status=TrainingSession.Status.OPEN, starts_at__gt=now)
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .exclude(pk__in=exclude)
        .exclude(external_ref__startswith="demo:")
        .order_by("starts_at", "pk")
    )


def _teacher_ahead(teacher: User, now: datetime) -> None:
    """A confirmed seat in an upcoming session, and second in line for a full one."""
    upcoming = [s for s in _upcoming(now + timedelta(days=3), set()) if not s.requires_approval]
    if len(upcoming) < 2:
        return
    seen = _offers_of(teacher)
    upcoming = [s for s in upcoming if s.offer_id not in seen] or upcoming
    near = [s for s in upcoming if s.academie and s.academie.code == "dijon"] or upcoming
    confirmed = near[0]
    registration_create(session=confirmed, user=teacher, now=now - timedelta(days=2))
    full = min((s for s in upcoming if s.pk != confirmed.pk), key=lambda s: (s.capacity, s.pk))
    taken = Registration.objects.filter(session=full, status__in=Registration.HOLDING).count()
    crowd = _people(full.capacity - taken + 1, skip=len(RECENT_MARKS))
    _register(full, crowd, now - timedelta(days=6))
    registration_create(session=full, user=teacher, now=now - timedelta(days=1))


def _trainer_ahead(atelier: Atelier, planner: User, trainer: User, now: datetime) -> None:
    """The demo trainer also runs the next sessions of her Atelier."""
    for session in [s for s in _upcoming(now, set()) if s.atelier_id == atelier.pk][:2]:
        spec = spec_of(session)
        session_update(
            actor=planner, session=session, spec=replace(spec, trainers=(*spec.trainers, trainer))
        )


def demo_life_create(*, now: datetime | None = None) -> bool:
    """The demo accounts' recent past and near future (once). False when
    the demo accounts, the Atelier or the generated people are missing, or
    when it exists already."""
    now = now or timezone.now()
    atelier = Atelier.objects.filter(code=ATELIER).first()
    planner, trainer, teacher = (_user(e) for e in (PLANNER_EMAIL, TRAINER_EMAIL, TEACHER_EMAIL))
    if None in (atelier, planner, trainer, teacher) or len(_people(PEOPLE)) < PEOPLE:
        return False
    if TrainingSession.objects.filter(external_ref="demo:life:recent").exists():
        return False
    assert atelier and planner and trainer and teacher
    today = timezone.localtime(now, ZoneInfo(atelier.timezone)).date()
    with _no_mail(), transaction.atomic():
        _recent_session(atelier, planner, trainer, teacher, today)
        _teacher_ahead(teacher, now)
        _trainer_ahead(atelier, planner, trainer, now)
    demo_today_refresh(now=now)
    return True


def demo_today_refresh(*, now: datetime | None = None) -> TrainingSession | None:
    """Give the demo trainer a session today, with its registered people, if she
    has no slot today. Returns the session created, or None."""
    now = now or timezone.now()
    atelier = Atelier.objects.filter(code=ATELIER).first()
    planner, trainer = _user(PLANNER_EMAIL), _user(TRAINER_EMAIL)
    people = _people(TODAY_ROSTER, skip=len(RECENT_MARKS) + 30)
    if atelier is None or planner is None or trainer is None or len(people) < TODAY_ROSTER:
        return None
    today = timezone.localtime(now, ZoneInfo(atelier.timezone)).date()
    booked = TrainingSession.objects.filter(trainers=trainer, slots__day=today).exclude(
        status=TrainingSession.Status.CANCELLED
    )
    if booked.exists():
        return None
    recent = TrainingSession.objects.filter(external_ref__startswith="demo:life:")
    offer = _offer(atelier, set(recent.values_list("offer_id", flat=True)))
    if offer is None:
        return None
    with _no_mail(), transaction.atomic():
        session = session_create(
            actor=planner, spec=_spec(offer, atelier, today, trainer, f"demo:today:{today}"),
            open_now=True,
        )  # fmt: skip
        assert session.starts_at is not None
        _register(session, people, session.starts_at - timedelta(days=9))
    return session
