"""Reads of registrations: waitlist positions, a person's registrations, rosters."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from preau.accounts.roles import Capability
from preau.accounts.scopes import ScopePaths, filter_in_scope, scope_q, user_may
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession

SESSION_PATHS = ScopePaths("territory_id", "academie_id", "atelier_id")
PARTNER_PATHS = ScopePaths(territory="partner__territory_id", academie="partner_id")


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not on the waitlist."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        session_id=registration.session_id, status=Registration.Status.WAITLISTED
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def registrations_of(user: Any) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .select_related("session__offer", "session__atelier", "session__room", "session__school")
        .order_by("-session__starts_at", "-pk")
    )


def registrations_grouped(user: Any, now: Any = None) -> dict[str, list[Any]]:
    """A person's registrations apart: to come (soonest first, with the waitlist
    position), past (latest first) and cancelled or expired (latest first)."""
    from django.utils import timezone

    now = now or timezone.now()
    upcoming, past, cancelled = [], [], []
    for registration in registrations_of(user):
        ends = registration.session.ends_at
        if not registration.is_active:
            cancelled.append(registration)
        elif ends is not None and ends < now:
            past.append(registration)
        else:
            upcoming.append((registration, waitlist_position(registration)))
    upcoming.reverse()  # registrations_of() gives the latest first
    return {"upcoming": upcoming, "past": past, "cancelled": cancelled}


def active_registration(session: TrainingSession, user: Any) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(session=session)
        .filter(user=user, status__in=Registration.ACTIVE)
        .first()
    )


def seat_counts(session: TrainingSession) -> dict[str, int]:
    rows = Registration.objects.filter(session=session).values_list("status", flat=True)
    counts = dict.fromkeys(Registration.Status.values, 0)
    for status in rows:
        counts[status] += 1
    held = counts["confirmed"] + counts["offered"] + counts["pending"]
    return {**counts, "held": held, "free": max(0, session.capacity - held)}


def roster(user: Any, session: TrainingSession) -> QuerySet[Registration] | None:
    """A session's registrations, for trainers and managers whose scope covers it."""
    in_scope = filter_in_scope(
        TrainingSession.objects.filter(pk=session.pk),
        user,
        Capability.VIEW_PERSONAL_DATA,
        SESSION_PATHS,
    ).exists()
    if not in_scope and not session.trainers.filter(pk=getattr(user, "pk", None)).exists():
        return None
    return (
        Registration.objects.filter(session=session)
        .select_related("user")
        .order_by("status", "queued_at", "pk")
    )


def may_decide(user: Any, registration: Registration) -> bool:
    """The head of the person's school decides; without one, the session's planners do."""
    school = getattr(registration.user, "school", None)
    if school is not None and school.head_id:
        return bool(school.head_id == getattr(user, "pk", None))
    return user_may(user, Capability.PLAN_SESSIONS, registration.session.location)


def approvals_for(user: Any) -> list[Registration]:
    """Registrations waiting for this person's decision."""
    pending = Registration.objects.filter(status=Registration.Status.PENDING).select_related(
        "user__school", "session__offer", "session__atelier"
    )
    return [r for r in pending.order_by("queued_at", "pk")[:500] if may_decide(user, r)]


def reserved_seats_note(session: TrainingSession, user: Any) -> dict[str, Any] | None:
    """What the session page says about reserved seats: how many are free, for
    whom, how many unreserved seats are left, and the person's reserved seats
    they cannot take because their affiliation is not verified."""
    from preau.registrations.services import _plan

    plan = _plan(session)
    free = [(quota, plan.quota_free(quota)) for quota in plan.quotas]
    free = [(quota, n) for quota, n in free if n > 0]
    if not free:
        return None
    authenticated = getattr(user, "is_authenticated", False)

    def claimed(quota: Any) -> bool:  # the person names it, verified or not
        if quota.school_id:
            return bool(getattr(user, "school_id", None) == quota.school_id)
        return bool(getattr(user, "academie_id", None) == quota.academie_id)

    return {
        "reserved": free,
        "unreserved": max(0, plan.general_free()),
        "unverified": [q for q, _n in free if authenticated and claimed(q) and not q.admits(user)],
    }


def group_sessions_for(user: Any, query: str = "") -> QuerySet[TrainingSession]:
    """Sessions taking registrations now in which ``user`` may enrol a group
    (as ``group.may_enrol``: the session's place, or its partner académie, is
    in their scope), soonest first; ``query`` narrows by words of the title."""
    places = [scope_q(user, Capability.ENROL_GROUPS, p) for p in (SESSION_PATHS, PARTNER_PATHS)]
    scoped = [q for q in places if q is not None]
    if not scoped:
        return TrainingSession.objects.none()
    qs = TrainingSession.objects.all()
    if all(len(q) for q in scoped):  # an empty Q() is everywhere: no filter at all
        qs = qs.filter(scoped[0] | scoped[1] if len(scoped) == 2 else scoped[0])
    now = timezone.now()
    qs = (
        qs.filter(status=TrainingSession.Status.OPEN, starts_at__isnull=False)
        .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now))
        .filter(
            Q(registration_closes_at__gt=now)
            | Q(registration_closes_at__isnull=True, starts_at__gt=now)
        )
    )
    for word in query.split()[:8]:
        qs = qs.filter(offer__title__icontains=word)
    held = ("confirmed", "offered", "pending")
    return (
        qs.select_related("offer", "atelier", "room", "school")
        .prefetch_related("slots")
        .annotate(held=Count("registrations", filter=Q(registrations__status__in=held)))
        .order_by("starts_at", "pk")
    )
