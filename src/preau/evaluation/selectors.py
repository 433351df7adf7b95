"""Rates from answers, always with their N and period."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from preau.evaluation.models import Answer, Invitation
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession

SATISFIED = (3, 4)  # "fully" and "rather": the operator's definition


@dataclass(frozen=True)
class Rate:
    """A percentage and the number of answers it is computed on."""

    percent: float | None
    n: int

    @property
    def shown(self) -> bool:
        return self.percent is not None and self.n >= settings.PREAU_RESULTS_MIN_N


def _rate(qs: QuerySet[Any], field: str, positive: Q) -> Rate:
    counted = qs.filter(**{f"{field}__isnull": False})
    agg = counted.aggregate(n=Count("pk"), yes=Count("pk", filter=positive))
    n = agg["n"]
    return Rate(round(100 * agg["yes"] / n, 1) if n else None, n)


@dataclass(frozen=True)
class Results:
    satisfaction: Rate
    transfer: Rate
    objectives: Rate
    impact: Rate
    response: Rate  # answers / invitations (hot)
    completion: Rate  # attended / confirmed registrations of held sessions
    first: date | None
    last: date | None


def results(sessions: QuerySet[TrainingSession]) -> Results:
    hot = Answer.objects.filter(session__in=sessions, kind=Invitation.Kind.HOT)
    cold = Answer.objects.filter(session__in=sessions, kind=Invitation.Kind.COLD)
    invitations = Invitation.objects.filter(
        registration__session__in=sessions, kind=Invitation.Kind.HOT
    ).aggregate(n=Count("pk"), yes=Count("pk", filter=Q(answered_at__isnull=False)))
    held = Registration.objects.filter(
        session__in=sessions.filter(status=TrainingSession.Status.HELD),
        status=Registration.Status.CONFIRMED,
    ).aggregate(n=Count("pk"), yes=Count("pk", filter=Q(attended_minutes__gt=0)))
    span = sessions.filter(status=TrainingSession.Status.HELD).aggregate(
        a=Min("starts_at"), b=Max("ends_at")
    )

    def ratio(agg: dict[str, int]) -> Rate:
        return Rate(round(100 * agg["yes"] / agg["n"], 1) if agg["n"] else None, agg["n"])

    return Results(
        satisfaction=_rate(hot, "satisfaction", Q(satisfaction__in=SATISFIED)),
        transfer=_rate(hot, "transfer", Q(transfer__in=SATISFIED)),
        objectives=_rate(hot, "objectives_met", Q(objectives_met__in=SATISFIED)),
        impact=_rate(cold, "impact", Q(impact=True)),
        response=ratio(invitations),
        completion=ratio(held),
        first=timezone.localdate(span["a"]) if span["a"] else None,
        last=timezone.localdate(span["b"]) if span["b"] else None,
    )


def offer_results(offer_id: int, months: int = 12) -> Results:
    """Published on the offer page: the last ``months`` of its held sessions."""
    since = timezone.now() - timedelta(days=30 * months)
    return results(TrainingSession.objects.filter(offer_id=offer_id, ends_at__gte=since))


def trainer_results(user: Any) -> list[tuple[TrainingSession, Results]]:
    """A trainer's own sessions, newest first (Qualiopi indicator 21 evidence)."""
    sessions = (
        TrainingSession.objects.filter(trainers=user, status=TrainingSession.Status.HELD)
        .select_related("offer")
        .order_by("-starts_at")[:50]
    )
    return [(s, results(TrainingSession.objects.filter(pk=s.pk))) for s in sessions]


def pending_for(user: Any) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        registration__user=user, answered_at__isnull=True
    ).select_related("registration__session__offer")
