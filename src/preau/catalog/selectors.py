"""Reads of the catalog: public offers, editors' lists, the review queue, history."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import (
    Location,
    ScopePaths,
    filter_in_scope,
    user_may,
    user_may_somewhere,
)
from preau.catalog import choices
from preau.catalog.content import field_label
from preau.catalog.models import CONTENT_FIELDS, Offer, OfferEvent, OfferVersion, Programme, Theme
from preau.network.models import Atelier, Territory

OWNER_PATHS = ScopePaths(territory="territory_id", academie="academie_id", atelier="atelier_id")
REVIEW_KINDS = (
    OfferEvent.Kind.ACCEPTED,
    OfferEvent.Kind.CHANGES_REQUESTED,
    OfferEvent.Kind.REJECTED,
    OfferEvent.Kind.MINOR_CHECKED,
)
CHOICE_FIELDS: dict[str, Any] = {
    "audiences": choices.Audience,
    "career_stage": choices.CareerStage,
    "level": choices.Level,
    "modality": choices.Modality,
    "rhythm": choices.Rhythm,
    "format": choices.Format,
    "price_model": choices.PriceModel,
}


@dataclass
class OfferView:
    """An offer's content ready for display: codes replaced by labels."""

    offer: Offer
    content: dict[str, Any]
    labels: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.content[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def describe(offer: Offer, content: dict[str, Any]) -> OfferView:
    labels: dict[str, Any] = {}
    for name, cls in CHOICE_FIELDS.items():
        value = content.get(name)
        names = dict(cls.choices)
        if isinstance(value, list):
            labels[name] = [str(names.get(v, v)) for v in value]
        else:
            labels[name] = str(names.get(value, value or ""))
    themes = dict(Theme.objects.values_list("code", "name"))
    programmes = dict(Programme.objects.values_list("code", "name"))
    labels["themes"] = [themes.get(c, c) for c in content.get("themes", [])]
    labels["programmes"] = [programmes.get(c, c) for c in content.get("programmes", [])]
    return OfferView(offer, content, labels)


def public_offer(pk: int) -> OfferView | None:
    """A live offer as the public sees it: its published version."""
    offer = (
        Offer.objects.select_related("published_version", "territory", "academie", "atelier")
        .filter(pk=pk)
        .first()
    )
    if offer is None or not offer.is_live or offer.published_version is None:
        return None
    return describe(offer, offer.published_version.content)


def offers_for_editor(
    user: Any, status: str | None = None, text: str | None = None
) -> QuerySet[Offer]:
    """Offers the user may edit, optionally narrowed by status and title words."""
    qs = filter_in_scope(
        Offer.objects.select_related("territory", "academie", "atelier"),
        user,
        Capability.EDIT_OFFERS,
        OWNER_PATHS,
    )
    if status:
        qs = qs.filter(status=status)
    if text:
        qs = qs.filter(title__icontains=text.strip())
    return qs.order_by("-updated_at", "-pk")


def editable_offer(user: Any, pk: int) -> Offer | None:
    return offers_for_editor(user).filter(pk=pk).first()


def reviewable_offers(user: Any) -> QuerySet[Offer]:
    return filter_in_scope(
        Offer.objects.select_related("territory", "academie", "atelier"),
        user,
        Capability.REVIEW_CATALOG,
        OWNER_PATHS,
    )


def review_queue(user: Any) -> QuerySet[Offer]:
    """Submissions and minor changes waiting for the committee, oldest first."""
    return (
        reviewable_offers(user)
        .filter(
            Q(status=Offer.Status.SUBMITTED)
            | Q(status=Offer.Status.PUBLISHED, minor_change_pending=True)
        )
        .order_by("updated_at", "pk")
    )


def review_counts(user: Any, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    offers = reviewable_offers(user)
    year_start = now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    reviewed = OfferEvent.objects.filter(
        offer__in=offers, kind__in=REVIEW_KINDS, at__gte=year_start
    )
    return {
        "submitted": offers.filter(status=Offer.Status.SUBMITTED).count(),
        "minor": offers.filter(status=Offer.Status.PUBLISHED, minor_change_pending=True).count(),
        "with_authors": offers.filter(status=Offer.Status.CHANGES_REQUESTED).count(),
        "published": offers.filter(status=Offer.Status.PUBLISHED).count(),
        "reviewed_this_year": reviewed.count(),
        "notices_reviewed_this_year": reviewed.values("offer").distinct().count(),
    }


CLOSING_KINDS = (OfferEvent.Kind.ACCEPTED, OfferEvent.Kind.REJECTED, OfferEvent.Kind.MINOR_CHECKED)


def offer_authors(offer: Offer, *, before: OfferEvent | None = None) -> set[int]:
    """Ids of the people who wrote what is under review: whoever created the offer,
    and the authors of every version since the committee's last closing decision
    (accepted, rejected, minor change checked) — at least the latest version's.
    ``before``: the decision just taken, which does not count as the last one."""
    closing = offer.events.filter(kind__in=CLOSING_KINDS)
    if before is not None:
        closing = closing.exclude(pk=before.pk)
    last = closing.order_by("-at", "-pk").values("version").first()
    since = last["version"] if last else 0
    versions = offer.versions.filter(Q(number__gt=since) | Q(number=offer.version))
    ids = set(versions.exclude(author=None).values_list("author_id", flat=True))
    if offer.created_by_id:
        ids.add(offer.created_by_id)
    return ids


def is_author(user: Any, offer: Offer) -> bool:
    """Four eyes: True when ``user`` wrote the offer or the content under review."""
    return getattr(user, "pk", None) in offer_authors(offer)


def may_review(user: Any) -> bool:
    return user_may_somewhere(user, Capability.REVIEW_CATALOG)


def may_edit(user: Any) -> bool:
    return user_may_somewhere(user, Capability.EDIT_OFFERS)


def history(offer: Offer) -> QuerySet[OfferEvent]:
    return offer.events.select_related("actor").order_by("-at", "-pk")


def versions(offer: Offer) -> QuerySet[OfferVersion]:
    return offer.versions.select_related("author").order_by("-number")


@dataclass(frozen=True)
class Change:
    label: str
    before: Any
    after: Any


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Field-by-field differences, labelled, in display order."""
    return [
        Change(field_label(name), _show(before.get(name)), _show(after.get(name)))
        for name in CONTENT_FIELDS
        if before.get(name) != after.get(name)
    ]


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if value in (None, ""):
        return "—"
    return str(value)


def version_changes(offer: Offer, number: int) -> list[Change]:
    """What version ``number`` changed compared with the one before it."""
    rows = {v.number: v.content for v in offer.versions.filter(number__in=[number - 1, number])}
    if number not in rows:
        return []
    return changes_between(rows.get(number - 1, {}), rows[number])


def pending_changes(offer: Offer) -> list[Change]:
    """The working copy compared with what the public sees (everything if unpublished)."""
    latest = offer.versions.filter(number=offer.version).first()
    if latest is None:
        return []
    live = offer.published_version.content if offer.published_version else {}
    return changes_between(live, latest.content)


def owner_choices(user: Any) -> list[tuple[str, str]]:
    """(value, label) of the places where ``user`` may own offers: national,
    territories and Ateliers."""
    out: list[tuple[str, str]] = []
    if user_may(user, Capability.EDIT_OFFERS, Location.national()):
        out.append(("national", _("National offer")))
    cap = Capability.EDIT_OFFERS
    for t in filter_in_scope(Territory.objects.all(), user, cap, ScopePaths(territory="id")):
        out.append((f"territory:{t.pk}", str(t)))
    ateliers = filter_in_scope(
        Atelier.objects.all(), user, cap, ScopePaths("territory_id", "academie_id", "id")
    )
    out += [(f"atelier:{a.pk}", str(a)) for a in ateliers]
    return out
