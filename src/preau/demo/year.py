"""A synthetic national year, calibrated on the operator's 2023 key figures.

Writes through bulk paths equivalent to the services (sessions and slots,
confirmed registrations, attendance per slot, closing with attended minutes,
hot-survey invitations and answers, self-training consultations), so that
every indicator is computed from raw records like real ones. Exact counts are
allocated, not sampled, so the national figures land within 1 % of the
targets at any scale. Deterministic for a given seed. Attestations and badges
are issued through the credentials service, dated at each session's end.
Attendance marks, cancelled sessions and the demo accounts' part in the year
(history.py) leave the key figures unchanged.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from preau.accounts.models import User
from preau.attendance.models import Attendance
from preau.catalog.facet_index import bump_generation
from preau.catalog.models import Offer, Programme
from preau.core.bulk import fast_insert
from preau.credentials.services import attestations_issue_bulk
from preau.demo import history
from preau.demo.selftraining import demo_consultations_create
from preau.evaluation.models import Answer, Invitation
from preau.indicators.signals import years_changed
from preau.network.models import Atelier, School
from preau.registrations.models import Registration
from preau.scheduling.models import Slot, TrainingSession

# The 2023 national key figures (shared/data/key_figures_2023.yaml) and the
# previous year implied by their year-over-year changes.
TARGETS = {
    "current": {
        "sessions": 9581, "participations": 241187, "trainee_days": 141103, "in_person": 45.0,
        "consultations": 439777,
    },
    # The report gives no change for consultations: the year before assumes -10 %.
    "previous": {
        "sessions": 8085, "participations": 211568, "trainee_days": 137527, "in_person": 39.8,
        "consultations": 399800,
    },
}  # fmt: skip
# Sessions delivered under académie plans (PAF, PDF) and the national plan (PNF),
# with the académie as partner: 2,602 of 9,581 sessions in 2023, 1,356 in 2022.
PLAN_SHARE = {"current": 2602 / 9581, "previous": 1356 / 8085}
PLAN_PROGRAMMES = (("PAF", 6), ("PDF", 3), ("PNF", 1))
SATISFACTION, TRANSFER, RESPONSE_RATE, NO_SHOW_RATE = 0.955, 0.835, 0.35, 0.12
IN_PERSON_SESSIONS, IN_PERSON_SIZE = 0.55, 14
AT_SCHOOL = 0.15  # in-person sessions held in a school rather than in the Atelier
COLD_RESPONSE_RATE, IMPACT = 0.25, 0.78  # follow-up survey two months later
MONTH_WEIGHTS = [10, 9, 11, 8, 9, 8, 1, 0.5, 9, 11, 12, 7]
Progress = Callable[[str, int, int], None]


@dataclass
class Plan:
    year: int
    sessions: int
    participations: int
    participant_hours: float
    in_person_share: float


def plan_for(year: int, which: str, scale: float) -> Plan:
    t = TARGETS[which]
    return Plan(
        year=year,
        sessions=max(2, round(t["sessions"] * scale)),
        participations=max(4, round(t["participations"] * scale)),
        participant_hours=t["trainee_days"] * scale * settings.PREAU_HOURS_PER_TRAINEE_DAY,
        in_person_share=t["in_person"] / 100,
    )


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _day(rng: random.Random, year: int) -> date:
    month = rng.choices(range(1, 13), MONTH_WEIGHTS)[0]
    day = date(year, month, rng.randint(1, 28))
    while day.weekday() == 6:
        day += timedelta(days=1)
    return day


def _people(count: int, seed: int) -> list[User]:
    from faker import Faker

    existing = list(User.objects.filter(email__startswith="demo.").order_by("pk")[:count])
    missing = count - len(existing)
    if missing > 0:
        fake = Faker("fr_FR")
        fake.seed_instance(seed)
        start = len(existing)
        User.objects.bulk_create(
            [
                User(
                    email=f"demo.{start + i}@enseignants.test",
                    first_name=fake.first_name(),
                    last_name=fake.last_name(),
                    password="!",  # noqa: S106 - an unusable password
                    # Fictitious people whose attestations the demo shows: taken
                    # as verified (real ones follow an e-mailed link first).
                    email_verified_at=timezone.now(),
                )
                for i in range(missing)
            ],
            batch_size=2000,
        )
        existing = list(User.objects.filter(email__startswith="demo.").order_by("pk")[:count])
    return existing


@transaction.atomic
def demo_year_create(
    *, year: int, which: str = "current", scale: float = 0.02, seed: int = 2023,
    progress: Progress | None = None,
) -> dict[str, int]:  # fmt: skip
    """Generate one year; all or nothing. Returns row counts."""
    rng = random.Random(f"{seed}-{year}")
    plan = plan_for(year, which, scale)
    tick = progress or (lambda stage, done, total: None)
    offers = list(
        Offer.objects.filter(status=Offer.Status.PUBLISHED)
        .select_related("atelier")
        .prefetch_related("programmes")
    )
    ateliers = list(Atelier.objects.select_related("territory", "academie"))
    if not offers or not ateliers:
        raise RuntimeError("load the network and a catalog first")
    pool = _people(max(10, round(plan.participations / 1.6)), seed)
    schools = _schools(ateliers)
    programmes = {p.code: p for p in Programme.objects.all()}
    offer_programmes: dict[int, list[Programme]] = {}
    for offer in offers:
        offer_programmes[offer.pk] = [
            p for p in offer.programmes.all() if p.code not in dict(PLAN_PROGRAMMES)
        ]

    n_in = max(1, round(plan.sessions * IN_PERSON_SESSIONS))
    n_on = max(1, plan.sessions - n_in)
    p_in = min(plan.participations - n_on, n_in * IN_PERSON_SIZE)
    p_on = plan.participations - p_in
    h_in = plan.participant_hours * plan.in_person_share
    h_on = plan.participant_hours - h_in
    # In person: two 3-hour slots; some attend both, the others one half-day.
    both = min(p_in, max(0, round(h_in / 3) - p_in))
    # Online: one slot; lengths in quarter hours so that the hours add up.
    quarters = max(4, int(h_on * 4 // max(1, p_on)))
    extra_quarters = round(h_on * 4) - quarters * p_on

    sessions, slot_rows, plans = [], [], []
    under_plans = set(rng.sample(range(n_in + n_on), round(PLAN_SHARE[which] * (n_in + n_on))))
    sizes_in, sizes_on = _split(p_in, n_in), _split(p_on, n_on)
    for i in range(n_in + n_on):
        online = i >= n_in
        offer = rng.choice(offers)
        atelier = offer.atelier or rng.choice(ateliers)
        day = _day(rng, year)
        zone = ZoneInfo(atelier.timezone)
        at_school = rng.random() < AT_SCHOOL
        if online:
            size = sizes_on[i - n_in]
            length = quarters + (1 if extra_quarters > 0 else 0)
            extra_quarters -= size if extra_quarters > 0 else 0
            start = datetime.combine(day, time(17, 30) if rng.random() < 0.4 else time(9), zone)
            times = [(start, start + timedelta(minutes=15 * length))]
        else:
            size = sizes_in[i]
            times = [
                (datetime.combine(day, time(9), zone), datetime.combine(day, time(12), zone)),
                (
                    datetime.combine(day, time(13, 30), zone),
                    datetime.combine(day, time(16, 30), zone),
                ),
            ]
        sessions.append(
            TrainingSession(
                offer=offer,
                territory=atelier.territory,
                academie=atelier.academie,
                atelier=atelier,
                venue="online" if online else ("school" if at_school else "atelier"),
                school=schools[atelier.pk] if at_school and not online else None,
                online_url="https://visio.example.org/demo" if online else "",
                capacity=max(size + 5, 12),
                status=TrainingSession.Status.HELD,
                starts_at=times[0][0],
                ends_at=times[-1][1],
                start_day=times[0][0].astimezone(zone).date(),
                external_ref=f"demo:{year}:{i}",
            )
        )
        _programme(sessions[-1], rng, i in under_plans, programmes, offer_programmes[offer.pk])
        plans.append((size, times, online))
    TrainingSession.objects.bulk_create(sessions, batch_size=2000)
    for session, (_size, times, _online) in zip(sessions, plans, strict=True):
        slot_rows += [
            Slot(session=session, starts_at=a, ends_at=b, day=a.date())  # built in the zone
            for a, b in times
        ]
    Slot.objects.bulk_create(slot_rows, batch_size=5000)
    history.trainers_assign(sessions)
    slots_of: dict[int, list[Slot]] = {}
    for slot in slot_rows:
        slots_of.setdefault(slot.session_id, []).append(slot)
    tick("sessions", len(sessions), len(sessions))

    registrations, attendance, closed_at = [], [], timezone.now()
    both_left = both
    # Marks and the demo teacher's seats draw from their own generator: the
    # calibrated draws stay exactly what they were.
    marks = random.Random(f"{seed}-{year}-marks")
    teacher_in = history.teacher_sessions(sessions, which, n_in)
    teacher = history.demo_user(history.TEACHER_EMAIL) if teacher_in else None
    for i, (session, (size, _times, online)) in enumerate(zip(sessions, plans, strict=True)):
        no_shows = round(size * NO_SHOW_RATE / (1 - NO_SHOW_RATE))
        people = rng.sample(pool, min(len(pool), size + no_shows))
        if teacher is not None and i in teacher_in:
            people[0] = teacher  # she takes a generated person's seat: same counts
        slots = slots_of[session.pk]
        for k, person in enumerate(people):
            present = k < size
            attended = slots[:1]
            if present and not online and both_left > 0:
                attended, both_left = slots, both_left - 1
            minutes = (
                sum(int((s.ends_at - s.starts_at).total_seconds() // 60) for s in attended)
                if present
                else 0
            )
            registrations.append(
                Registration(
                    session=session,
                    user=person,
                    status=Registration.Status.CONFIRMED,
                    queued_at=(session.starts_at or closed_at) - timedelta(days=10),
                    confirmed_at=closed_at,
                    attended_minutes=minutes,
                )
            )
            # Every slot is marked: present or late where attended, else absent or excused.
            attendance += [
                (s, registrations[-1], history.mark(marks, present and s in attended))
                for s in slots
            ]
    Registration.objects.bulk_create(registrations, batch_size=5000)
    fast_insert(Attendance, [
        {"slot_id": s.pk, "user_id": r.user_id, "registration_id": r.pk, "status": status,
         "method": "roster", "recorded_at": s.ends_at}
        for s, r, status in attendance
    ])  # fmt: skip
    tick("attendance", len(attendance), len(attendance))
    attestations = attestations_issue_bulk(sessions=sessions, backdate=True)
    tick("attestations", attestations, attestations)
    cancelled = history.cancelled_sessions_create(
        random.Random(f"{seed}-{year}-cancelled"),
        year,
        len(sessions),
        offers,
        ateliers,
        pool,
        which,
    )

    attended_regs = [r for r in registrations if r.attended_minutes]
    n_hot = round(len(attended_regs) * RESPONSE_RATE)
    satisfied, transferring = round(n_hot * SATISFACTION), round(n_hot * TRANSFER)
    answers = _surveys(
        rng, attended_regs, "hot", timedelta(0), closed_at, RESPONSE_RATE,
        lambda k: {"satisfaction": (4 if k % 3 else 3) if k < satisfied else (2 if k % 2 else 1),
                   "transfer": (4 if k % 2 else 3) if k < transferring else 2},
    )  # fmt: skip
    n_cold = round(len(attended_regs) * COLD_RESPONSE_RATE)
    answers += _surveys(
        rng, attended_regs, "cold", timedelta(days=settings.PREAU_COLD_SURVEY_DAYS), closed_at,
        COLD_RESPONSE_RATE, lambda k: {"impact": k < round(n_cold * IMPACT)},
    )  # fmt: skip
    tick("answers", len(answers), len(answers))
    consultations = demo_consultations_create(
        rng, year, round(TARGETS[which]["consultations"] * scale)
    )
    tick("consultations", consultations, consultations)
    bump_generation()
    years_changed({year - 1, year, year + 1})  # written in bulk: no signal told the roll-up
    return {
        "sessions": len(sessions), "slots": len(slot_rows), "registrations": len(registrations),
        "attendance": len(attendance), "answers": len(answers), "people": len(pool),
        "consultations": consultations, "attestations": attestations, "cancelled": cancelled,
    }  # fmt: skip


def _schools(ateliers: list[Atelier]) -> dict[int, School]:
    """One demo school near each Atelier (fictitious UAI codes)."""
    wanted = {
        f"09{a.pk:05d}D": School(uai=f"09{a.pk:05d}D", name=f"École de démonstration de {a.town}",
                                 town=a.town, academie=a.academie)
        for a in ateliers
    }  # fmt: skip
    known = {s.uai: s for s in School.objects.filter(uai__in=wanted)}
    School.objects.bulk_create([s for uai, s in wanted.items() if uai not in known])
    by_uai = {s.uai: s for s in School.objects.filter(uai__in=wanted)}
    return {a.pk: by_uai[f"09{a.pk:05d}D"] for a in ateliers}


def _surveys(
    rng: random.Random, attended: list[Registration], kind: str, delay: timedelta,
    closed_at: datetime, rate: float, answer: Callable[[int], dict[str, Any]],
) -> list[Answer]:  # fmt: skip
    """Invitations of one kind for everyone who attended, a share answered. Dates
    are set before writing (one insert per table): unanswered ones were reminded
    long ago, so that nobody is chased now."""
    invitations = [
        Invitation(registration=r, kind=kind, sent_at=(r.session.ends_at or closed_at) + delay)
        for r in attended
    ]
    answered = rng.sample(range(len(invitations)), round(len(invitations) * rate))
    history.answered_by_demo_accounts(invitations, answered)
    chosen, reminder = set(answered), timedelta(days=settings.PREAU_SURVEY_REMINDER_DAYS)
    for i, invitation in enumerate(invitations):
        if i in chosen:
            invitation.answered_at = invitation.sent_at + timedelta(days=1)
        else:
            invitation.reminded_at = invitation.sent_at + reminder
    Invitation.objects.bulk_create(invitations, batch_size=5000)
    answers = [
        Answer(invitation=invitations[i], kind=kind, session=invitations[i].registration.session,
               **answer(k))
        for k, i in enumerate(answered)
    ]  # fmt: skip
    Answer.objects.bulk_create(answers, batch_size=5000)
    return answers


def _programme(
    session: TrainingSession, rng: random.Random, under_plan: bool,
    programmes: dict[str, Programme], own: list[Programme],
) -> None:  # fmt: skip
    """Some sessions are delivered under an académie's plan, as its partner."""
    codes = [code for code, _w in PLAN_PROGRAMMES if code in programmes]
    if codes and under_plan:
        code = rng.choices(codes, [w for c, w in PLAN_PROGRAMMES if c in programmes])[0]
        session.programme = programmes[code]
        session.partner = session.academie
        name = session.academie.name if session.academie else ""
        session.convention = f"Convention cadre {code} – {name}"[:120]  # renewed each year
    elif own and rng.random() < 0.5:
        session.programme = rng.choice(own)
