"""Reads of the reading committee: who reviews what, the filtered queue, waiting times."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from preau.accounts.models import RoleAssignment, User
from preau.accounts.roles import Capability, roles_with
from preau.accounts.scopes import user_may
from preau.catalog.models import Offer, OfferEvent, ReviewerPreference, ReviewRule
from preau.catalog.selectors import offer_authors, review_queue

ENTERING_KINDS = (OfferEvent.Kind.SUBMITTED, OfferEvent.Kind.MINOR_EDIT)
ORDERS = ("oldest", "newest")


def rules_for(offer: Offer) -> QuerySet[ReviewRule]:
    """The rules that give ``offer`` to a reviewer: same theme (or any), same
    territory (or any). A national offer matches only rules without a territory."""
    themes = list(offer.themes.values_list("pk", flat=True))
    return ReviewRule.objects.filter(
        Q(theme=None) | Q(theme__in=themes),
        Q(territory=None) | Q(territory=offer.territory_id),
    )


def committee_members(offer: Offer) -> list[User]:
    """Everyone whose role lets them review ``offer`` (the fallback when no rule
    assigns it)."""
    ids = RoleAssignment.objects.filter(role__in=roles_with(Capability.REVIEW_CATALOG)).values(
        "user_id"
    )
    users = User.objects.filter(pk__in=ids, is_active=True).order_by("pk")
    return [u for u in users if user_may(u, Capability.REVIEW_CATALOG, offer.location)]


def assigned_reviewers(offer: Offer) -> list[User]:
    """Who is told of a submission: the reviewers its rules name who may review it,
    or, when no rule names anyone, every committee member who may — never its
    authors (four eyes)."""
    authors = offer_authors(offer)
    ids = rules_for(offer).values("reviewer_id")
    named = [
        u
        for u in User.objects.filter(pk__in=ids, is_active=True).order_by("pk")
        if u.pk not in authors and user_may(u, Capability.REVIEW_CATALOG, offer.location)
    ]
    if named:
        return named
    return [u for u in committee_members(offer) if u.pk not in authors]


def mine_q(user: Any) -> Q | None:
    """Offers the user's rules give them, or None when they have no rule."""
    rules = list(ReviewRule.objects.filter(reviewer=user))
    if not rules:
        return None
    query = Q(pk__in=[])
    for rule in rules:
        one = Q()
        if rule.theme_id:
            one &= Q(pk__in=Offer.themes.through.objects.filter(theme_id=rule.theme_id).values(
                "offer_id"
            ))  # fmt: skip
        if rule.territory_id:
            one &= Q(territory_id=rule.territory_id)
        query |= one
    return query


@dataclass(frozen=True)
class QueueFilters:
    territory: int | None = None
    theme: int | None = None
    mine: bool = False
    min_days: int | None = None
    order: str = "oldest"


@dataclass
class QueueRow:
    offer: Offer
    waiting_since: datetime
    days: int
    mine: bool
    authored: bool  # four eyes: the reader wrote it, someone else accepts it


def _with_waiting(qs: QuerySet[Offer]) -> Any:
    entered = (
        OfferEvent.objects.filter(offer=OuterRef("pk"), kind__in=ENTERING_KINDS)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    return qs.annotate(waiting_since=Coalesce(Subquery(entered), "updated_at"))


def queue(
    user: Any, filters: QueueFilters, now: datetime | None = None, limit: int = 200
) -> list[QueueRow]:
    """The review queue narrowed by territory, theme, rules and waiting time,
    oldest first (or newest), each row with its waiting days."""
    now = now or timezone.now()
    qs: Any = _with_waiting(review_queue(user))
    if filters.territory:
        qs = qs.filter(territory_id=filters.territory)
    if filters.theme:
        qs = qs.filter(pk__in=Offer.themes.through.objects.filter(
            theme_id=filters.theme).values("offer_id"))  # fmt: skip
    mine = mine_q(user)
    if filters.mine:
        qs = qs.filter(mine) if mine is not None else qs.none()
    if filters.min_days:
        qs = qs.filter(waiting_since__lte=now - timedelta(days=filters.min_days))
    order = ("waiting_since", "pk") if filters.order != "newest" else ("-waiting_since", "-pk")
    offers = list(qs.order_by(*order)[:limit])
    mine_ids = set(Offer.objects.filter(mine).values_list("pk", flat=True)) if mine else set()
    return [
        QueueRow(
            offer=o,
            waiting_since=o.waiting_since,
            days=(now - o.waiting_since).days,
            mine=o.pk in mine_ids,
            authored=getattr(user, "pk", None) in offer_authors(o),
        )
        for o in offers
    ]


def wants_digest(user: Any) -> bool:
    pref = ReviewerPreference.objects.filter(user=user).first()
    return pref is None or pref.weekly_digest


def digest_recipients() -> QuerySet[User]:
    """Active people holding a role that reviews offers somewhere, not opted out."""
    ids = RoleAssignment.objects.filter(role__in=roles_with(Capability.REVIEW_CATALOG)).values(
        "user_id"
    )
    opted_out = ReviewerPreference.objects.filter(weekly_digest=False).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).exclude(pk__in=opted_out).order_by("pk")


def rules() -> QuerySet[ReviewRule]:
    return ReviewRule.objects.select_related("reviewer", "theme", "territory")


def possible_reviewers() -> QuerySet[User]:
    ids = RoleAssignment.objects.filter(role__in=roles_with(Capability.REVIEW_CATALOG)).values(
        "user_id"
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "email")
