"""Loading a GAIA plan: modules become offers, sessions keep their GAIA ids,
trainers and trainees follow. One transaction; a re-import updates in place:
slots keep their identity (attendance hangs on them), capacity and seat rules
are those of everyone, and GAIA ids are scoped to the importing Atelier."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from preau.accounts.models import User
from preau.accounts.roles import Role
from preau.accounts.scopes import Location, assignments_of, covers
from preau.accounts.selectors import user_by_email
from preau.accounts.services import role_assign, role_may_grant, user_create
from preau.catalog import services as catalog
from preau.catalog.models import Offer, Programme
from preau.network.models import Atelier
from preau.network.services import school_get_or_create
from preau.registrations.gaia.parser import PersonLine, Rejected, SessionLine, half_days, parse
from preau.registrations.imported import registrations_sync_imported
from preau.scheduling import services
from preau.scheduling.models import TrainingSession
from preau.scheduling.signals import session_rescheduled

Status = TrainingSession.Status


@dataclass(frozen=True)
class TrainerToConfirm:
    email: str
    name: str
    line: int
    may_grant: bool  # False: only a territorial director can (the report says so)


@dataclass(frozen=True)
class SessionDone:
    key: str
    title: str
    change: str  # "created" or "updated"
    pk: int | None  # None in a preview: nothing was written


@dataclass
class GaiaReport:
    """What an import did, or in a preview (``dry_run``) what it would do."""

    offers_created: int = 0
    sessions_created: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    trainers: int = 0
    enrolled: int = 0
    unenrolled: int = 0
    waitlisted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # not removed: started, or their line unread
    rejected: list[Rejected] = field(default_factory=list)
    # Named by the plan but not trainers here: the importer confirms them (never silently).
    trainers_to_confirm: list[TrainerToConfirm] = field(default_factory=list)
    sessions: list[SessionDone] = field(default_factory=list)  # what was created or updated
    dry_run: bool = False


def _person(line: PersonLine, actor: Any) -> User:
    user = user_by_email(line.email)
    if user is None:
        user = user_create(
            email=line.email, first_name=line.first_name.title(), last_name=line.last_name.title(),
            actor=actor,
        )  # fmt: skip
    return user


def _trains_at(user: User | None, atelier: Atelier) -> bool:
    place = Location.of(atelier)
    return user is not None and any(
        a.role == Role.TRAINER and covers(a, place) for a in assignments_of(user)
    )


def _trainer(line: PersonLine, atelier: Atelier, actor: Any, confirmed: set[str]) -> User | None:
    """The trainer named by ``line`` if they train here; if not, they become one only
    when the importer confirmed it (or it is the command line) and may grant the
    role here, as on the team page. None otherwise, and nothing written."""
    user = user_by_email(line.email)
    if _trains_at(user, atelier):
        return user
    if actor is not None and line.email not in confirmed:
        return None
    try:
        with transaction.atomic():  # an account made for a refused grant goes too
            user = user or _person(line, actor)
            role_assign(actor=actor, user=user, role=Role.TRAINER, atelier=atelier)
    except PermissionDenied:
        return None
    return user


def _own_offer(line: SessionLine, atelier: Atelier) -> Offer | None:
    return Offer.objects.filter(external_ref=f"gaia:{line.module_id}", atelier=atelier).first()


def _new_offer(line: SessionLine, atelier: Atelier, actor: Any) -> Offer:
    return catalog.offer_import_draft(
        actor=actor,
        data={"title": line.module_name[:200], "summary": line.dispositif_name},
        atelier=atelier,
        external_ref=f"gaia:{line.module_id}",
    )


def _spec(lines: list[SessionLine], offer: Offer, atelier: Atelier, capacity: int) -> Any:
    first = lines[0]
    slots = sorted({s for line in lines for s in half_days(line.starts, line.ends)})
    school = None
    if (
        first.uai
    ):  # "Collège Gustave Eiffel 0211234A Dijon": the name before the code, the town after
        name, _code, town = first.place.partition(first.uai)
        school = school_get_or_create(
            uai=first.uai, name=name.strip(" ,-")[:200], town=town.strip(" ,-")[:100],
            academie=atelier.academie,
        )  # fmt: skip
    venue = TrainingSession.Venue.SCHOOL if school else TrainingSession.Venue.ATELIER
    return services.SessionSpec(
        offer=offer, venue=venue, capacity=capacity,
        slots=tuple(services.SlotSpec(d, s, e) for d, s, e in slots),
        atelier=atelier, school=school, venue_details=first.place[:255],
        programme=Programme.objects.filter(code="PAF").first(), partner=atelier.academie,
        external_ref=first.key,
    )  # fmt: skip


def _reject(report: GaiaReport, lines: list[SessionLine], reason: str) -> None:
    report.rejected += [Rejected("formations", line.line, reason) for line in lines]


def _same_slots(session: TrainingSession, spec: Any, zone: ZoneInfo) -> bool:
    current = sorted((s.starts_at, s.ends_at) for s in session.slots.all())
    return current == services._slot_times(spec, zone)


def _session(
    key: str,
    lines: list[SessionLine],
    n_trainees: int,
    atelier: Atelier,
    actor: Any,
    report: GaiaReport,
) -> TrainingSession | None:
    """Create or update the session of ``key`` at ``atelier``; None when rejected."""
    zone = ZoneInfo(atelier.timezone)
    session = TrainingSession.objects.filter(external_ref=key, atelier=atelier).first()
    if session is None:
        other = TrainingSession.objects.filter(external_ref=key).select_related("atelier").first()
        if other is not None:  # another Atelier's: an import touches only its own
            _reject(report, lines, _("this GAIA session is run by %(a)s: it was not changed")
                    % {"a": other.atelier or other.territory})  # fmt: skip
            return None
    offer = session.offer if session else _own_offer(lines[0], atelier)
    capacity = session.capacity if session else max(25, n_trainees)
    spec = _spec(lines, offer or Offer(status=Offer.Status.DRAFT), atelier, capacity)
    if session is not None:  # trainers planned by hand stay; the plan's are added below
        spec = replace(spec, trainers=tuple(session.trainers.all()))
    if session and session.status in (Status.HELD, Status.CANCELLED):
        if not _same_slots(session, spec, zone):
            reason = (
                _("this session has already been held: its dates were not changed")
                if session.status == Status.HELD
                else _("this session was cancelled in Préau: its dates were not changed")
            )
            _reject(report, lines, reason)
            return None
        report.sessions_unchanged += 1
        return None
    try:
        times = services._validate(spec, zone)
        with transaction.atomic():  # a refused session leaves nothing behind, not even its offer
            created_offer = offer is None
            if offer is None:
                offer = _new_offer(lines[0], atelier, actor)
            spec = replace(spec, offer=offer)
            is_new = session is None
            session = session or TrainingSession(status=TrainingSession.Status.PLANNED)
            changes = services._write(session, spec, times)
    except ValidationError as exc:
        _reject(report, lines, " ".join(exc.messages))
        return None
    report.offers_created += created_offer
    title = offer.title
    if is_new:
        report.sessions_created += 1
        report.sessions.append(SessionDone(key, title, "created", session.pk))
    elif changes.created or changes.moved or changes.removed:
        report.sessions_updated += 1
        report.sessions.append(SessionDone(key, title, "updated", session.pk))
        session.sequence += 1  # calendars replace the events they hold
        session.save(update_fields=["sequence"])
        session_rescheduled.send(  # people are told
            sender=TrainingSession, session=session, changes=("slots",), removed_slots=changes.gone
        )
    else:
        report.sessions_unchanged += 1
    return session


def gaia_import(
    *,
    actor: Any,
    atelier: Atelier,
    formations: bytes,
    intervenants: bytes,
    stagiaires: bytes,
    dry_run: bool = False,
    trainers: frozenset[str] = frozenset(),
) -> GaiaReport:
    """Import a plan for ``atelier``: idempotent, rejected lines reported.

    ``actor`` None is the command line (the server's operator); people need the
    right to plan sessions at the Atelier, and the import grants nothing they
    could not grant by hand: someone named as a trainer who is not one here
    becomes one only when listed in ``trainers`` (the importer confirmed it).
    Sessions another Atelier imported are left alone. ``dry_run`` does it all
    and rolls it back: the report says what an import would do, nobody is told.
    """
    if actor is not None:
        services._require(actor, services.Location.of(atelier))
    with transaction.atomic():
        report = _import(actor, atelier, parse(formations, intervenants, stagiaires), trainers)
        if dry_run:
            report.dry_run = True
            report.sessions = [replace(s, pk=None) for s in report.sessions]
            transaction.set_rollback(True)  # e-mails wait for a commit: none is sent
    return report


def _import(actor: Any, atelier: Atelier, plan: Any, confirmed: frozenset[str]) -> GaiaReport:
    report = GaiaReport(rejected=list(plan.rejected))
    by_key: dict[str, list[SessionLine]] = defaultdict(list)
    for line in plan.sessions:
        by_key[line.key].append(line)
    trainees: dict[str, list[PersonLine]] = defaultdict(list)
    for person in plan.trainees:
        trainees[person.ref].append(person)
    sessions: dict[str, TrainingSession] = {}
    for key, lines in by_key.items():
        n = len(trainees.get(lines[0].session_id, []))
        session = _session(key, lines, n, atelier, actor, report)
        if session is not None:
            sessions[key] = session
    for trainer in plan.trainers:
        module_sessions = [s for k, s in sessions.items() if by_key[k][0].module_id == trainer.ref]
        if not module_sessions:
            continue
        user = _trainer(trainer, atelier, actor, set(confirmed))
        if user is None:
            may = may_grant_trainer(actor, atelier)
            name = f"{trainer.first_name.title()} {trainer.last_name.title()}".strip()
            if trainer.email not in {t.email for t in report.trainers_to_confirm}:
                report.trainers_to_confirm.append(
                    TrainerToConfirm(trainer.email, name, trainer.line, may)
                )
            continue
        for session in module_sessions:
            session.trainers.add(user)
        report.trainers += 1
    # A trainee line that could not be read says nothing of whether its person is still in
    # the plan: nobody is removed from a session with such a line (from any, when the line
    # named no session), lest a typo in the file cancel a registration.
    unread = [r for r in plan.rejected if r.file == "stagiaires"]
    unsure = {r.ref for r in unread}
    for key, session in sessions.items():
        session_id = by_key[key][0].session_id
        people = [_person(p, actor) for p in trainees.get(session_id, [])]
        if by_key[key][0].group not in ("", "1", "01") and _has_first_group(key, sessions):
            people = []  # trainees are listed per GAIA session: they join its first group
        result = registrations_sync_imported(
            session=session, people=people, actor=actor,
            remove=session_id not in unsure and None not in unsure,
        )  # fmt: skip
        report.kept += result.kept
        report.enrolled += result.added
        report.unenrolled += result.removed
        report.waitlisted += result.waitlisted
    return report


def _has_first_group(key: str, sessions: dict[str, TrainingSession]) -> bool:
    base = key.rsplit("-", 1)[0]
    return any(k.startswith(f"{base}-") and k.rsplit("-", 1)[1] in ("1", "01") for k in sessions)


def may_grant_trainer(actor: Any, atelier: Atelier) -> bool:
    """Whether ``actor`` may make someone a trainer at ``atelier`` (the team page's rule)."""
    return role_may_grant(actor, Role.TRAINER, atelier=atelier)
