"""Reads of sessions: public upcoming sessions, planners' and trainers' lists."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from preau.accounts.roles import Capability
from preau.accounts.scopes import ScopePaths, filter_in_scope, user_may_somewhere
from preau.scheduling.models import Room, TrainingSession

SESSION_PATHS = ScopePaths("territory_id", "academie_id", "atelier_id")
PUBLIC_STATUSES = (TrainingSession.Status.OPEN, TrainingSession.Status.CANCELLED)


def _with_counts(qs: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    return qs.select_related("offer", "atelier", "room", "school").annotate(
        held=Count(
            "registrations", filter=Q(registrations__status__in=("confirmed", "offered", "pending"))
        ),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )


def upcoming_public(**filters: Any) -> QuerySet[TrainingSession]:
    """Open (and recently cancelled) sessions of live offers that have not ended."""
    qs = TrainingSession.objects.filter(
        status__in=PUBLIC_STATUSES,
        ends_at__gte=timezone.now(),
        offer__catalogentry__isnull=False,
        **filters,
    )
    return _with_counts(qs).prefetch_related("slots").order_by("starts_at", "pk")


def public_session(pk: int) -> TrainingSession | None:
    return (
        _with_counts(TrainingSession.objects.filter(pk=pk))
        .exclude(status=TrainingSession.Status.PLANNED)
        .prefetch_related("slots", "trainers")
        .first()
    )


def other_sessions_with_seats(session: TrainingSession, limit: int = 6) -> list[TrainingSession]:
    """The offer's other open sessions not started yet that still have a free seat."""
    rows = upcoming_public(offer_id=session.offer_id).exclude(pk=session.pk)
    rows = rows.filter(status=TrainingSession.Status.OPEN, starts_at__gt=timezone.now())
    return [s for s in rows[:50] if s.held < s.capacity][:limit]  # type: ignore[attr-defined]


def sessions_for_planner(user: Any, *, past: bool = False) -> QuerySet[TrainingSession]:
    qs = filter_in_scope(
        TrainingSession.objects.all(), user, Capability.PLAN_SESSIONS, SESSION_PATHS
    )
    now = timezone.now()
    qs = qs.filter(ends_at__lt=now) if past else qs.filter(ends_at__gte=now)
    return _with_counts(qs).order_by("-starts_at" if past else "starts_at", "pk")


def plannable_session(user: Any, pk: int) -> TrainingSession | None:
    qs = filter_in_scope(
        TrainingSession.objects.all(), user, Capability.PLAN_SESSIONS, SESSION_PATHS
    )
    return _with_counts(qs.filter(pk=pk)).prefetch_related("slots", "trainers").first()


def may_plan(user: Any) -> bool:
    return user_may_somewhere(user, Capability.PLAN_SESSIONS)


def trainer_sessions(user: Any) -> QuerySet[TrainingSession]:
    """The sessions a trainer runs: upcoming, and those of the last 30 days
    (attendance is often completed just after)."""
    since = timezone.now() - timedelta(days=30)
    qs = TrainingSession.objects.filter(trainers=user, ends_at__gte=since).exclude(
        status=TrainingSession.Status.CANCELLED
    )
    return _with_counts(qs).prefetch_related("slots").order_by("starts_at")


def rooms_of(atelier_id: int) -> QuerySet[Room]:
    return Room.objects.filter(atelier_id=atelier_id, active=True)


def next_open_sessions(offer_ids: list[int]) -> dict[int, TrainingSession]:
    """Each offer's next session open for registration (with ``held`` seats), if any."""
    found: dict[int, TrainingSession] = {}
    qs = _with_counts(
        TrainingSession.objects.filter(
            offer_id__in=offer_ids,
            status=TrainingSession.Status.OPEN,
            starts_at__gte=timezone.now(),
        )
    ).select_related("atelier__departement")
    for session in qs.order_by("starts_at", "pk"):
        found.setdefault(session.offer_id, session)
    return found
