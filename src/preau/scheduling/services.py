"""Every write on sessions: planning, series, duplication, opening, cancelling."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.catalog.facet_index import bump_generation
from preau.catalog.models import Offer, Programme
from preau.core.services import audit_record
from preau.network.models import Academie, Atelier, School, Territory
from preau.network.services import school_get_or_create  # noqa: F401 - used by callers
from preau.scheduling.messages import trainers_tell, trainers_tell_cancelled
from preau.scheduling.models import Room, SeatQuota, Slot, TrainingSession, local_slot
from preau.scheduling.signals import (
    session_cancelled,
    session_capacity_lowering,
    session_capacity_raised,
    session_rescheduled,
)
from preau.scheduling.slots import SlotChanges, slots_reconcile

Venue = TrainingSession.Venue
Status = TrainingSession.Status
MAX_SLOT_HOURS = 5  # a slot is a half-day


@dataclass(frozen=True)
class SlotSpec:
    day: date
    start: time
    end: time
    pk: int | None = None  # the existing slot this one is (kept in place when edited)


@dataclass(frozen=True)
class SessionSpec:
    offer: Offer
    venue: str
    capacity: int
    slots: tuple[SlotSpec, ...]
    atelier: Atelier | None = None
    territory: Territory | None = None
    room: Room | None = None
    school: School | None = None
    online_url: str = ""
    venue_details: str = ""
    trainers: tuple[Any, ...] = ()
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    programme: Programme | None = None
    partner: Academie | None = None
    convention: str = ""
    requires_approval: bool = False
    external_ref: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def shifted(self, delta: timedelta) -> "SessionSpec":
        """The same session ``delta`` later (registration window moved too)."""
        return replace(
            self,
            slots=tuple(SlotSpec(s.day + delta, s.start, s.end) for s in self.slots),  # new slots
            registration_opens_at=_plus(self.registration_opens_at, delta),
            registration_closes_at=_plus(self.registration_closes_at, delta),
            external_ref="",
        )


def _plus(moment: datetime | None, delta: timedelta) -> datetime | None:
    return moment + delta if moment else None


def spec_of(session: TrainingSession) -> SessionSpec:
    """The spec that would recreate ``session`` (to duplicate or edit it)."""
    zone = session.zone
    slots = tuple(
        SlotSpec(
            timezone.localtime(s.starts_at, zone).date(),
            timezone.localtime(s.starts_at, zone).time(),
            timezone.localtime(s.ends_at, zone).time(),
            s.pk,
        )
        for s in session.slots.all()
    )
    return SessionSpec(
        offer=session.offer,
        venue=session.venue,
        capacity=session.capacity,
        slots=slots,
        atelier=session.atelier,
        territory=session.territory,
        room=session.room,
        school=session.school,
        online_url=session.online_url,
        venue_details=session.venue_details,
        trainers=tuple(session.trainers.all()),
        registration_opens_at=session.registration_opens_at,
        registration_closes_at=session.registration_closes_at,
        programme=session.programme,
        partner=session.partner,
        convention=session.convention,
        requires_approval=session.requires_approval,
    )


def _location(spec: SessionSpec) -> Location:
    if spec.atelier:
        return Location.of(spec.atelier)
    if spec.territory:
        return Location.of(spec.territory)
    return Location.national()


def _require(actor: Any, location: Location) -> None:
    if not user_may(actor, Capability.PLAN_SESSIONS, location):
        raise PermissionDenied(_("You may not plan sessions here."))


def _fmt(moment: datetime, zone: Any) -> str:
    return date_format(timezone.localtime(moment, zone), "SHORT_DATETIME_FORMAT")


def _slot_times(spec: SessionSpec, zone: Any) -> list[tuple[datetime, datetime]]:
    return sorted(local_slot(s.day, s.start, s.end, zone) for s in spec.slots)


def _validate(spec: SessionSpec, zone: Any) -> list[tuple[datetime, datetime]]:
    errors: dict[str, list[str]] = {}

    def err(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if spec.offer.status == Offer.Status.ARCHIVED:
        err("offer", _("This offer is archived."))
    if spec.territory is None and spec.atelier is None:
        err("atelier", _("Choose the Atelier or territory that runs the session."))
    if spec.venue == Venue.ATELIER and spec.atelier is None:
        err("atelier", _("A session in an Atelier needs its Atelier."))
    if spec.room and spec.room.atelier_id != getattr(spec.atelier, "pk", None):
        err("room", _("This room belongs to another Atelier."))
    if spec.venue == Venue.SCHOOL and spec.school is None:
        err("school", _("A session in a school needs the school's UAI code."))
    if spec.venue == Venue.ONLINE and not spec.online_url:
        err("online_url", _("An online session needs its link."))
    if spec.capacity < 1:
        err("capacity", _("The capacity must be at least 1."))
    if spec.room and spec.capacity > spec.room.capacity:
        err("capacity", _("The room holds %(n)s people.") % {"n": spec.room.capacity})
    times = _slot_times(spec, zone)
    if not times:
        err("slots", _("Give at least one slot (date, start, end)."))
    for start, end in times:
        if end <= start:
            err("slots", _("A slot ends after it starts (%(s)s).") % {"s": _fmt(start, zone)})
        elif end - start > timedelta(hours=MAX_SLOT_HOURS):
            err("slots", _("A slot is a half-day: at most %(h)s hours (%(s)s).")
                % {"h": MAX_SLOT_HOURS, "s": _fmt(start, zone)})  # fmt: skip
    for (_s1, e1), (s2, _e2) in pairwise(times):
        if s2 < e1:
            err("slots", _("Two slots overlap (%(s)s).") % {"s": _fmt(s2, zone)})
    opens, closes = spec.registration_opens_at, spec.registration_closes_at
    if opens and closes and opens >= closes:
        err("registration_closes_at", _("Registration must close after it opens."))
    if closes and times and closes > times[0][0]:
        err("registration_closes_at", _("Registration must close before the first slot."))
    if errors:
        raise ValidationError(errors)
    return times


def _overlapping(times: list[tuple[datetime, datetime]], exclude: int | None) -> Any:
    slots = Slot.objects.exclude(session__status=Status.CANCELLED)
    if exclude:
        slots = slots.exclude(session_id=exclude)
    overlap = Q()
    for start, end in times:
        overlap |= Q(starts_at__lt=end, ends_at__gt=start)
    return slots.filter(overlap).select_related("session__offer")


def _check_double_booking(
    spec: SessionSpec, times: list[tuple[datetime, datetime]], zone: Any, exclude: int | None
) -> None:
    """Refuse a room or a trainer already taken at one of these times."""
    errors: dict[str, list[str]] = {}
    overlapping = _overlapping(times, exclude)
    if spec.room:
        Room.objects.select_for_update().filter(pk=spec.room.pk).first()  # serialise bookings
        clash = overlapping.filter(session__room=spec.room).first()
        if clash:
            errors["room"] = [
                _("%(room)s is already booked on %(when)s for “%(title)s”.")
                % {"room": spec.room.name, "when": _fmt(clash.starts_at, zone),
                   "title": clash.session.offer.title}
            ]  # fmt: skip
    for trainer in spec.trainers:
        clash = overlapping.filter(session__trainers=trainer).first()
        if clash:
            errors.setdefault("trainers", []).append(
                _("%(name)s already trains on %(when)s (“%(title)s”).")
                % {"name": trainer.get_full_name() or trainer.email,
                   "when": _fmt(clash.starts_at, zone), "title": clash.session.offer.title}
            )  # fmt: skip
    if errors:
        raise ValidationError(errors)


def _zone(spec: SessionSpec) -> ZoneInfo:
    return ZoneInfo(spec.atelier.timezone if spec.atelier else "Europe/Paris")


def _write(
    session: TrainingSession, spec: SessionSpec, times: list[tuple[datetime, datetime]]
) -> SlotChanges:
    """Write ``spec`` onto ``session``; slots change in place (see slots.py)."""
    atelier = spec.atelier
    listed = {spec.offer.pk, session.offer_id} - {None}  # an edit may move it to another offer
    session.offer = spec.offer
    session.atelier = atelier
    session.territory = atelier.territory if atelier else spec.territory  # type: ignore[assignment]
    session.academie = atelier.academie if atelier else None
    session.venue = spec.venue
    session.room = spec.room if spec.venue == Venue.ATELIER else None
    session.school = spec.school if spec.venue == Venue.SCHOOL else None
    session.online_url = spec.online_url if spec.venue == Venue.ONLINE else ""
    session.venue_details = spec.venue_details
    session.capacity = spec.capacity
    session.registration_opens_at = spec.registration_opens_at
    session.registration_closes_at = spec.registration_closes_at
    session.programme = spec.programme
    session.partner = spec.partner
    session.convention = spec.convention
    session.requires_approval = spec.requires_approval
    session.starts_at, session.ends_at = times[0][0], times[-1][1]
    zone = _zone(spec)
    session.start_day = times[0][0].astimezone(zone).date()
    if spec.external_ref:
        session.external_ref = spec.external_ref
    session.save()
    changes = slots_reconcile(session, spec, zone)
    session.trainers.set(spec.trainers)
    bump_generation(listed)  # the catalog's date and time-slot facets read sessions
    return changes


def _create(actor: Any, spec: SessionSpec, open_now: bool) -> TrainingSession:
    _require(actor, _location(spec))
    zone = _zone(spec)
    times = _validate(spec, zone)
    _check_double_booking(spec, times, zone, exclude=None)
    session = TrainingSession(status=Status.OPEN if open_now else Status.PLANNED)
    _write(session, spec, times)
    audit_record(
        actor=actor, action="session.created", target=session, data={"offer": spec.offer.pk}
    )
    if session.ends_at and session.ends_at > timezone.now():
        trainers_tell(session, added=list(spec.trainers), removed=[])
    return session


@transaction.atomic
def session_create(*, actor: Any, spec: SessionSpec, open_now: bool = False) -> TrainingSession:
    return _create(actor, spec, open_now)


@transaction.atomic
def session_series_create(
    *, actor: Any, spec: SessionSpec, weeks: int, every: int = 1, open_now: bool = False
) -> list[TrainingSession]:
    """The same session once a week (or every ``every`` weeks), ``weeks`` times: all or none."""
    if not 1 <= weeks <= 52:
        raise ValidationError({"weeks": _("A series has between 1 and 52 sessions.")})
    return [
        _create(actor, spec.shifted(timedelta(weeks=i * every)), open_now) for i in range(weeks)
    ]


@transaction.atomic
def session_duplicate(
    *, actor: Any, session: TrainingSession, shift: timedelta = timedelta(weeks=1)
) -> TrainingSession:
    """A planned copy of ``session``, ``shift`` later."""
    return _create(actor, spec_of(session).shifted(shift), open_now=False)


def _place(session: TrainingSession) -> tuple[Any, ...]:
    """What participants read as the place: a change of it is announced."""
    return (
        session.venue, session.room_id, session.school_id, session.atelier_id,
        session.online_url, session.venue_details,
    )  # fmt: skip


def _locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def session_update(*, actor: Any, session: TrainingSession, spec: SessionSpec) -> TrainingSession:
    session = _locked(session)
    _require(actor, session.location)
    _require(actor, _location(spec))
    if session.status in (Status.CANCELLED, Status.HELD):
        raise ValidationError(_("A cancelled or held session cannot be changed."))
    zone = _zone(spec)
    times = _validate(spec, zone)
    _check_double_booking(spec, times, zone, exclude=session.pk)
    reserved = sum(q.seats for q in session.quotas.all())
    if spec.capacity < reserved:
        raise ValidationError(
            {
                "capacity": _("%(n)s seats are reserved: lower the reservations first.")
                % {"n": reserved}
            }
        )
    raised = spec.capacity > session.capacity
    if spec.capacity < session.capacity:
        # Registrations refuse (ValidationError) a capacity below the seats held.
        session_capacity_lowering.send(
            sender=TrainingSession, session=session, capacity=spec.capacity
        )
    place_before = _place(session)
    trainers_before = set(session.trainers.all())
    changes = _write(session, spec, times)
    trainers_after = set(spec.trainers)
    what = tuple(
        name
        for name, changed in (
            ("slots", bool(changes.created or changes.moved or changes.removed)),
            ("place", _place(session) != place_before),
            ("trainers", trainers_after != trainers_before),
        )
        if changed
    )
    if what:  # calendars replace their event only when the sequence grows
        session.sequence += 1
        session.save(update_fields=["sequence"])
    audit_record(
        actor=actor, action="session.updated", target=session,
        data={"slots": changes.as_dict(), "changed": list(what)},
    )  # fmt: skip
    if raised:
        session_capacity_raised.send(sender=TrainingSession, session=session)
    trainers_tell(
        session,
        added=sorted(trainers_after - trainers_before, key=lambda u: u.pk),
        removed=sorted(trainers_before - trainers_after, key=lambda u: u.pk),
    )
    if what:
        told = session_rescheduled.send(
            sender=TrainingSession, session=session, changes=what, removed_slots=changes.gone
        )
        people = 0
        for _receiver, answer in told:
            people += answer if isinstance(answer, int) else 0
        session.people_told = people  # type: ignore[attr-defined]
    return session


@transaction.atomic
def session_open(*, actor: Any, session: TrainingSession) -> TrainingSession:
    session = _locked(session)
    _require(actor, session.location)
    if session.status != Status.PLANNED:
        raise ValidationError(_("Only a planned session can be opened."))
    if not session.offer.is_live:
        raise ValidationError(_("Publish the offer in the catalog before opening its sessions."))
    session.status = Status.OPEN
    session.save(update_fields=["status", "updated_at"])
    bump_generation([session.offer_id])
    audit_record(actor=actor, action="session.opened", target=session)
    return session


@transaction.atomic
def session_cancel(*, actor: Any, session: TrainingSession, reason: str) -> TrainingSession:
    """Cancel; everyone registered is told (registrations listen to the signal)."""
    session = _locked(session)
    _require(actor, session.location)
    if session.status in (Status.CANCELLED, Status.HELD):
        raise ValidationError(_("This session is already cancelled or held."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why: the participants will read it.")})
    session.status = Status.CANCELLED
    session.sequence += 1
    session.save(update_fields=["status", "sequence", "updated_at"])
    bump_generation([session.offer_id])
    audit_record(actor=actor, action="session.cancelled", target=session)
    session_cancelled.send(sender=TrainingSession, session=session, reason=reason.strip())
    trainers_tell_cancelled(session, reason.strip())
    return session


@transaction.atomic
def room_save(
    *, actor: Any, atelier: Atelier, name: str, capacity: int, accessible: bool = True
) -> Room:
    if not user_may(actor, Capability.MANAGE_NETWORK, Location.of(atelier)):
        raise PermissionDenied(_("You may not manage this Atelier's rooms."))
    room = Room(atelier=atelier, name=name.strip(), capacity=capacity, accessible=accessible)
    if Room.objects.filter(atelier=atelier, name__iexact=room.name).exists():
        raise ValidationError({"name": _("This Atelier already has a room with this name.")})
    room.full_clean()
    room.save()
    return room


@transaction.atomic
def session_quota_set(
    *,
    actor: Any,
    session: TrainingSession,
    seats: int,
    academie: Academie | None = None,
    school: School | None = None,
) -> SeatQuota | None:
    """Reserve ``seats`` for the people of an académie or a school (0 removes it)."""
    session = _locked(session)
    _require(actor, session.location)
    if (academie is None) == (school is None):
        raise ValidationError(_("Reserve seats for one académie or one school."))
    quota = SeatQuota.objects.filter(session=session, academie=academie, school=school).first()
    others = sum(q.seats for q in session.quotas.all() if quota is None or q.pk != quota.pk)
    if seats < 0 or others + seats > session.capacity:
        raise ValidationError(
            {
                "seats": _("Reserved seats cannot exceed the capacity (%(n)s).")
                % {"n": session.capacity}
            }
        )
    if seats == 0:
        if quota:
            quota.delete()
        quota = None
    elif quota:
        quota.seats = seats
        quota.save(update_fields=["seats"])
    else:
        quota = SeatQuota.objects.create(
            session=session, academie=academie, school=school, seats=seats
        )
    audit_record(actor=actor, action="session.quota", target=session, data={"seats": seats})
    session_capacity_raised.send(sender=TrainingSession, session=session)  # seats may free up
    return quota


@transaction.atomic
def slot_times_correct(*, actor: Any, slot: Slot, start: time, end: time, reason: str) -> Slot:
    """Correct the hours of a slot that has started (the trainer began late, ran
    over): the only way a started slot changes. Same day, a reason, audited;
    refused once the session is closed (attested hours are frozen then)."""
    session = _locked(slot.session)
    _require(actor, session.location)
    slot = Slot.objects.select_for_update().get(pk=slot.pk, session=session)
    if session.status in (Status.CANCELLED, Status.HELD):
        raise ValidationError(_("The session is closed or cancelled: its slots no longer change."))
    if slot.starts_at > timezone.now():
        raise ValidationError(_("This slot has not started: change it from the session's form."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the hours are corrected.")})
    zone = session.zone
    new_start, new_end = local_slot(slot.day, start, end, zone)
    if new_end <= new_start:
        raise ValidationError({"end": _("The end must come after the start.")})
    if new_end - new_start > timedelta(hours=MAX_SLOT_HOURS):
        raise ValidationError({"end": _("A slot is a half-day: at most %(h)s hours.")
                               % {"h": MAX_SLOT_HOURS}})  # fmt: skip
    others = session.slots.exclude(pk=slot.pk).filter(starts_at__lt=new_end, ends_at__gt=new_start)
    if others.exists():
        raise ValidationError({"start": _("These hours overlap another slot of the session.")})
    before = [_fmt(slot.starts_at, zone), _fmt(slot.ends_at, zone)]
    slot.starts_at, slot.ends_at = new_start, new_end
    slot.save(update_fields=["starts_at", "ends_at"])
    times = sorted(session.slots.values_list("starts_at", "ends_at"))
    session.starts_at, session.ends_at = times[0][0], times[-1][1]
    session.sequence += 1
    session.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
    audit_record(actor=actor, action="slot.corrected", target=session, data={
        "slot": slot.pk, "before": before, "after": [_fmt(new_start, zone), _fmt(new_end, zone)],
        "reason": reason.strip()[:255]})  # fmt: skip
    bump_generation([session.offer_id])
    return slot
