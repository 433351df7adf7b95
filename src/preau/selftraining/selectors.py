"""Consultation counts for a place and a period. Consultations are located by
the learner's académie when known; they are not attributed to an Atelier."""

from typing import Any

from django.db.models import Count, QuerySet

from preau.indicators.facts import scopes_of
from preau.indicators.periods import Period
from preau.network.models import Academie, Atelier, Territory
from preau.selftraining.models import Consultation, Resource


def in_period(period: Period) -> QuerySet[Consultation]:
    return Consultation.objects.filter(day__gte=period.start, day__lte=period.end)


def consultations_count(place: Any, period: Period) -> int | None:
    """None for an Atelier: a consultation is not tied to one."""
    return None if isinstance(place, Atelier) else _located(place, period).count()


def learners_count(place: Any, period: Period) -> int | None:
    """Distinct learners who consulted at least one resource (None for an Atelier)."""
    if isinstance(place, Atelier):
        return None
    return _located(place, period).exclude(learner="").values("learner").distinct().count()


def learners_by_place(period: Period) -> dict[str, int]:
    """Distinct learners per roll-up scope key: all, t<id>, a<id>."""
    seen: dict[str, set[str]] = {"all": set()}
    rows = in_period(period).exclude(learner="").values_list("territory_id", "academie_id",
                                                              "learner")  # fmt: skip
    for territory_id, academie_id, learner in rows.iterator(10000):
        for scope in scopes_of(territory_id, academie_id, None):
            seen.setdefault(scope, set()).add(learner)
    return {scope: len(learners) for scope, learners in seen.items()}


def counts_by_place(period: Period) -> dict[str, int]:
    """Counts per roll-up scope key: all, t<id>, a<id>."""
    out = {"all": 0}
    for territory_id, academie_id, n in (
        in_period(period)
        .values_list("territory_id", "academie_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        for scope in scopes_of(territory_id, academie_id, None):
            out[scope] = out.get(scope, 0) + n
    return out


def _located(place: Any, period: Period) -> QuerySet[Consultation]:
    qs = in_period(period)
    if isinstance(place, Territory):
        return qs.filter(territory=place)
    if isinstance(place, Academie):
        return qs.filter(academie=place)
    return qs


def top_resources(place: Any, period: Period, limit: int = 5) -> list[tuple[str, int]]:
    if isinstance(place, Atelier):
        return []
    rows = (
        _located(place, period)
        .values_list("resource__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "resource__title")[:limit]
    )
    return [(title, n) for title, n in rows]


def by_resource(place: Any, period: Period) -> list[tuple[Resource, int, int]]:
    """Every resource consulted in the period or the year before: (resource, now, before)."""
    if isinstance(place, Atelier):
        return []

    def counts(p: Period) -> dict[int, int]:
        return dict(
            _located(place, p).values_list("resource_id").annotate(n=Count("pk")).order_by()
        )

    now, before = counts(period), counts(period.previous())
    resources = Resource.objects.filter(pk__in=set(now) | set(before)).select_related("theme")
    rows = [(r, now.get(r.pk, 0), before.get(r.pk, 0)) for r in resources]
    return sorted(rows, key=lambda row: (-row[1], row[0].title))
