"""Every write on registrations. Seats are never oversold and the waitlist
order never breaks: each change locks the session row inside a transaction
(SQLite serialises writers with BEGIN IMMEDIATE), counts seats, then writes.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import user_may
from preau.core.services import audit_record
from preau.registrations import notify
from preau.registrations.models import Registration
from preau.registrations.seats import SeatPlan, next_offers, seat_for
from preau.scheduling.models import TrainingSession

Status = Registration.Status


def _lock(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().select_related("offer").get(pk=session.pk)


def seats_held(session: TrainingSession) -> int:
    return (
        Registration.objects.filter(session=session).filter(status__in=Registration.HOLDING).count()
    )


class DbWaitlist:
    """The waitlist of one session, read with small queries (see seats.Waitlist)."""

    def __init__(self, session: TrainingSession) -> None:
        self.rows = Registration.objects.filter(session=session, status=Status.WAITLISTED).order_by(
            "queued_at", "pk"
        )

    @staticmethod
    def _admitted(rows: Any, quota: Any) -> Any:
        if quota is None:
            return rows
        if quota.school_id:  # a verified affiliation only, as SeatQuota.admits
            return rows.filter(
                user__school_id=quota.school_id, user__school_verified_at__isnull=False
            )
        return rows.filter(
            user__academie_id=quota.academie_id, user__academie_verified_at__isnull=False
        )

    def any(self, quota: Any = None) -> bool:
        return bool(self._admitted(self.rows, quota).exists())

    def first(self, count: int, quota: Any = None, skip: set[int] | None = None) -> list[Any]:
        rows = self._admitted(self.rows, quota).exclude(pk__in=skip or set())
        return list(rows.select_related("user")[:count])


def _plan_and_overdue(session: TrainingSession, now: datetime) -> tuple[SeatPlan, bool]:
    """Seats held per quota and whether an offer is overdue, in one query."""
    quotas = sorted(session.quotas.all(), key=lambda q: (q.school_id is None, q.pk))
    rows = (
        Registration.objects.filter(session=session, status__in=Registration.HOLDING)
        .values_list("quota_id")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(status=Status.OFFERED, offer_expires_at__lte=now)),
        )
        .order_by()
    )
    used, overdue = {}, 0
    for quota_id, n, late in rows:
        used[quota_id] = n
        overdue += late
    return SeatPlan(session.capacity, quotas, used), overdue > 0


def _plan(session: TrainingSession) -> SeatPlan:
    quotas = sorted(session.quotas.all(), key=lambda q: (q.school_id is None, q.pk))
    used = dict(
        Registration.objects.filter(session=session, status__in=Registration.HOLDING)
        .values_list("quota_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return SeatPlan(session.capacity, quotas, used)


def _check_open(session: TrainingSession, now: datetime) -> None:
    if session.status != TrainingSession.Status.OPEN:
        raise ValidationError(_("This session is not open for registration."))
    if session.registration_opens_at and now < session.registration_opens_at:
        raise ValidationError(_("Registration has not opened yet."))
    closes = session.registration_closes_at or session.starts_at
    if closes and now >= closes:
        raise ValidationError(_("Registration is closed for this session."))


def registration_open_check(*, session: TrainingSession, now: datetime | None = None) -> None:
    """Raise the ValidationError registration_create() would for a session not
    taking registrations now (reads only)."""
    _check_open(session, now or timezone.now())


def _expire_overdue(session: TrainingSession, now: datetime) -> None:
    overdue = Registration.objects.filter(session=session).filter(
        status=Status.OFFERED, offer_expires_at__lte=now
    )
    for registration in overdue:
        registration.status = Status.EXPIRED
        registration.save(update_fields=["status"])
        notify.offer_expired(registration)


def _promote(session: TrainingSession, now: datetime) -> list[Registration]:
    """Offer freed seats to the waitlist, first come first served (reserved seats
    to the first in line who belongs to the académie or school)."""
    _expire_overdue(session, now)
    if session.status != TrainingSession.Status.OPEN:
        return []
    offers = next_offers(_plan(session), DbWaitlist(session))
    if not offers:
        return []
    hours = settings.PREAU_WAITLIST_OFFER_HOURS
    deadline = now + timedelta(hours=hours)
    if session.starts_at and deadline > session.starts_at:
        deadline = max(now + timedelta(hours=1), session.starts_at - timedelta(hours=1))
    for registration, quota in offers:
        registration.status = Status.OFFERED
        registration.offer_expires_at = deadline
        registration.quota = quota
        registration.save(update_fields=["status", "offer_expires_at", "quota"])
        notify.seat_offered(registration)
    return [registration for registration, _quota in offers]


@transaction.atomic
def registration_create(
    *,
    session: TrainingSession,
    user: Any,
    actor: Any = None,
    source: str = Registration.Source.SELF,
    now: datetime | None = None,
    enrolled_by: Any = None,
) -> Registration:
    """Register ``user``: a seat if one is free and nobody waits, else the waitlist.
    ``enrolled_by`` defaults to the actor when it is someone else."""
    session = _lock(session)
    # The time is read once the lock is held, so the queue order is the order
    # in which requests got the lock.
    now = now or timezone.now()
    _check_open(session, now)
    plan, overdue = _plan_and_overdue(session, now)
    if overdue:
        _expire_overdue(session, now)
        plan = _plan(session)
    seated, quota = seat_for(plan, user, DbWaitlist(session))
    full = not seated
    seated_status = Status.PENDING if session.requires_approval else Status.CONFIRMED
    try:
        with transaction.atomic():  # the unique index refuses a second active registration
            registration = Registration.objects.create(
                session=session,
                user=user,
                quota=quota,
                status=Status.WAITLISTED if full else seated_status,
                source=source,
                enrolled_by=enrolled_by or (actor if actor is not None and actor != user else None),
                queued_at=now,
                confirmed_at=now if seated_status == Status.CONFIRMED and not full else None,
            )
    except IntegrityError as exc:
        raise ValidationError(_("You are already registered for this session.")) from exc
    audit_record(actor=actor or user, action="registration.created", target=registration,
                 data={"session": session.pk, "status": registration.status})  # fmt: skip
    notify.registered(registration)
    return registration


def _may_manage(actor: Any, registration: Registration) -> bool:
    return actor == registration.user or user_may(
        actor, Capability.PLAN_SESSIONS, registration.session.location
    )


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: Any, reason: str = "", now: datetime | None = None
) -> Registration:
    """Cancel a place (or leave the waitlist); a freed seat goes to the next in line."""
    now = now or timezone.now()
    session = _lock(registration.session)
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
    registration.session = session
    if not _may_manage(actor, registration):
        raise PermissionDenied(_("You may not cancel this registration."))
    if not registration.is_active:
        raise ValidationError(_("This registration is already cancelled."))
    if session.starts_at and now >= session.starts_at:
        raise ValidationError(_("The session has started: it can no longer be cancelled."))
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.cancel_reason = reason.strip()[:255]
    registration.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    audit_record(actor=actor, action="registration.cancelled", target=registration)
    notify.cancelled(registration)
    _promote(session, now)
    return registration


@transaction.atomic
def registration_accept_seat(
    *, registration: Registration, actor: Any, now: datetime | None = None
) -> Registration:
    """The person offered a freed seat takes it, before the deadline."""
    now = now or timezone.now()
    session = _lock(registration.session)
    registration = Registration.objects.get(pk=registration.pk)
    if actor != registration.user:
        raise PermissionDenied(_("Only the person offered the seat can take it."))
    _expire_overdue(session, now)
    registration.refresh_from_db()
    if registration.status != Status.OFFERED:
        raise ValidationError(_("This seat is no longer offered to you."))
    approval = session.requires_approval
    registration.status = Status.PENDING if approval else Status.CONFIRMED
    registration.confirmed_at = None if approval else now
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "confirmed_at", "offer_expires_at"])
    audit_record(actor=actor, action="registration.seat_accepted", target=registration)
    notify.registered(registration)
    return registration


@transaction.atomic
def session_promote(*, session: TrainingSession, now: datetime | None = None) -> list[Registration]:
    """Expire overdue offers and offer free seats (after a capacity change, or on schedule)."""
    return _promote(_lock(session), now or timezone.now())


def offers_expire_all(now: datetime | None = None) -> int:
    """The periodic job: every session with an overdue offer moves its waitlist on."""
    now = now or timezone.now()
    ids = set(
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now).values_list(
            "session_id", flat=True
        )
    )
    for session in TrainingSession.objects.filter(pk__in=ids):
        session_promote(session=session, now=now)
    return len(ids)


@transaction.atomic
def session_registrations_cancel(*, session: TrainingSession, reason: str) -> int:
    """The session is cancelled: every active registration is, and people are told."""
    now = timezone.now()
    active = list(
        Registration.objects.filter(session=session).filter(status__in=Registration.ACTIVE)
    )
    for registration in active:
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.cancel_reason = reason[:255]
        registration.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        notify.session_cancelled(registration, reason)
    return len(active)


def session_registrations_tell_rescheduled(
    *,
    session: TrainingSession,
    changes: tuple[str, ...] = ("slots",),
    removed_slots: list[Any] | None = None,
) -> int:
    """The session's slots, place or trainers changed: everyone with an active
    registration is told (with the calendar update). Returns how many."""
    active = Registration.objects.filter(session=session, status__in=Registration.ACTIVE)
    people = list(active.select_related("user", "session__offer"))
    for registration in people:
        notify.rescheduled(registration, changes, removed_slots or [])
    return len(people)


def reminders_send(now: datetime | None = None) -> int:
    """Remind confirmed people of sessions starting within PREAU_REMINDER_DAYS, once each."""
    now = now or timezone.now()
    horizon = now + timedelta(days=settings.PREAU_REMINDER_DAYS)
    due = Registration.objects.filter(
        status=Status.CONFIRMED,
        reminded_at__isnull=True,
        session__status=TrainingSession.Status.OPEN,
        session__starts_at__gt=now,
        session__starts_at__lte=horizon,
    ).select_related("session__offer", "user")
    sent = 0
    for registration in due:
        with transaction.atomic():
            # Claim it first: a second job running at the same time skips it.
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if claimed:
                notify.reminder(registration)
                sent += 1
    return sent


@transaction.atomic
def registration_decide(
    *, registration: Registration, actor: Any, approve: bool, reason: str = ""
) -> Registration:
    """The head of school approves (seat confirmed) or refuses (seat freed)."""
    from preau.registrations.selectors import may_decide

    now = timezone.now()
    session = _lock(registration.session)
    registration = Registration.objects.select_related("user__school").get(pk=registration.pk)
    registration.session = session
    if not may_decide(actor, registration):
        raise PermissionDenied(_("You may not decide on this registration."))
    if registration.status != Status.PENDING:
        raise ValidationError(_("This registration is not waiting for approval."))
    registration.decided_by = actor
    if approve:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "decided_by"])
        notify.registered(registration)
    else:
        if not reason.strip():
            raise ValidationError({"reason": _("Say why: the person will read it.")})
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.cancel_reason = reason.strip()[:255]
        registration.save(update_fields=["status", "cancelled_at", "cancel_reason", "decided_by"])
        notify.refused(registration)
        _promote(session, now)
    audit_record(actor=actor, action="registration.decided", target=registration,
                 data={"approved": approve})  # fmt: skip
    return registration
