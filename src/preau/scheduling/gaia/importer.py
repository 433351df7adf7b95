"""Loading a GAIA plan: modules become offers, sessions keep their GAIA ids,
trainers and trainees follow. One transaction; a re-import updates in place."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from preau.accounts.models import RoleAssignment, User
from preau.accounts.roles import Role
from preau.accounts.selectors import user_by_email
from preau.accounts.services import role_assign, user_create
from preau.catalog import services as catalog
from preau.catalog.models import Offer, Programme
from preau.network.models import Atelier
from preau.scheduling import services
from preau.scheduling.gaia.parser import PersonLine, Rejected, SessionLine, half_days, parse
from preau.scheduling.models import TrainingSession


@dataclass
class GaiaReport:
    offers_created: int = 0
    sessions_created: int = 0
    sessions_updated: int = 0
    trainers: int = 0
    enrolled: int = 0
    unenrolled: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def _person(line: PersonLine, actor: Any) -> User:
    user = user_by_email(line.email)
    if user is None:
        user = user_create(
            email=line.email, first_name=line.first_name.title(), last_name=line.last_name.title(),
            actor=actor,
        )  # fmt: skip
    return user


def _offer(line: SessionLine, atelier: Atelier, actor: Any, report: GaiaReport) -> Offer:
    ref = f"gaia:{line.module_id}"
    offer = Offer.objects.filter(external_ref=ref).first()
    if offer is None:
        offer = catalog.offer_import_draft(
            actor=actor,
            data={"title": line.module_name[:200], "summary": line.dispositif_name},
            atelier=atelier,
            external_ref=ref,
        )
        report.offers_created += 1
    return offer


def _spec(lines: list[SessionLine], offer: Offer, atelier: Atelier, capacity: int) -> Any:
    first = lines[0]
    slots = sorted({s for line in lines for s in half_days(line.starts, line.ends)})
    school = services.school_get_or_create(uai=first.uai) if first.uai else None
    venue = TrainingSession.Venue.SCHOOL if school else TrainingSession.Venue.ATELIER
    return services.SessionSpec(
        offer=offer, venue=venue, capacity=capacity,
        slots=tuple(services.SlotSpec(d, s, e) for d, s, e in slots),
        atelier=atelier, school=school, venue_details=first.place[:255],
        programme=Programme.objects.filter(code="PAF").first(), partner=atelier.academie,
        external_ref=first.key,
    )  # fmt: skip


@transaction.atomic
def gaia_import(
    *, actor: Any, atelier: Atelier, formations: bytes, intervenants: bytes, stagiaires: bytes
) -> GaiaReport:
    """Import a plan for ``atelier``: all or nothing, idempotent, rejected lines reported.

    ``actor`` None is the command line (the server's operator); people need the
    right to plan sessions at the Atelier.
    """
    from preau.registrations.services import registrations_sync_imported

    if actor is not None:
        services._require(actor, services.Location.of(atelier))
    plan = parse(formations, intervenants, stagiaires)
    report = GaiaReport(rejected=list(plan.rejected))
    zone = ZoneInfo(atelier.timezone)
    by_key: dict[str, list[SessionLine]] = defaultdict(list)
    for line in plan.sessions:
        by_key[line.key].append(line)
    trainees: dict[str, list[PersonLine]] = defaultdict(list)
    for person in plan.trainees:
        trainees[person.ref].append(person)
    sessions: dict[str, TrainingSession] = {}
    for key, lines in by_key.items():
        offer = _offer(lines[0], atelier, actor, report)
        capacity = max(25, len(trainees.get(lines[0].session_id, [])))
        spec = _spec(lines, offer, atelier, capacity)
        session = TrainingSession.objects.filter(external_ref=key).first()
        try:
            times = services._validate(spec, zone)
        except ValidationError as exc:
            report.rejected += [
                Rejected("formations", ln.line, " ".join(exc.messages)) for ln in lines
            ]
            continue
        if session is None:
            session = TrainingSession(status=TrainingSession.Status.PLANNED)
            report.sessions_created += 1
        else:
            report.sessions_updated += 1
        services._write(session, spec, times)
        sessions[key] = session
    for trainer in plan.trainers:
        user = _person(trainer, actor)
        if not RoleAssignment.objects.filter(
            user=user, role=Role.TRAINER, atelier=atelier
        ).exists():
            role_assign(actor=None, user=user, role=Role.TRAINER, atelier=atelier)
        module_sessions = [s for k, s in sessions.items() if by_key[k][0].module_id == trainer.ref]
        for session in module_sessions:
            session.trainers.add(user)
        report.trainers += 1
    for key, session in sessions.items():
        people = [_person(p, actor) for p in trainees.get(by_key[key][0].session_id, [])]
        if by_key[key][0].group not in ("", "1", "01") and _has_first_group(key, sessions):
            people = []  # trainees are listed per GAIA session: they join its first group
        added, removed = registrations_sync_imported(session=session, people=people, actor=actor)
        report.enrolled += added
        report.unenrolled += removed
    return report


def _has_first_group(key: str, sessions: dict[str, TrainingSession]) -> bool:
    base = key.rsplit("-", 1)[0]
    return any(k.startswith(f"{base}-") and k.rsplit("-", 1)[1] in ("1", "01") for k in sessions)
