"""Bulk publication for generated catalogs (demo years, benchmarks).

Writes the same rows as create → submit → accept through the services (offer,
version 1, events, catalog entry, text index), in batches, inside one
transaction: all or nothing.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from preau.catalog import content as c
from preau.catalog.indexing import entries_write
from preau.catalog.models import Offer, OfferEvent, OfferVersion, Programme, Theme
from preau.network.models import Atelier, Territory

BATCH = 1000


@dataclass(frozen=True)
class BulkOffer:
    data: dict[str, Any]
    territory: Territory | None = None
    atelier: Atelier | None = None


@transaction.atomic
def offers_bulk_publish(
    *,
    actor: Any,
    items: Iterable[BulkOffer],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create and publish offers in bulk; the content is validated as in the services."""
    themes = {t.code: t for t in Theme.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    batch: list[BulkOffer] = []
    written = 0
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            written += _write(actor, batch, themes, programmes)
            batch = []
            if progress:
                progress(written)
    if batch:
        written += _write(actor, batch, themes, programmes)
        if progress:
            progress(written)
    return written


def _write(
    actor: Any,
    batch: list[BulkOffer],
    themes: dict[str, Theme],
    programmes: dict[str, Programme],
) -> int:
    now = timezone.now()
    offers, cleaned = [], []
    for item in batch:
        changes = c.clean_changes(item.data)
        territory = item.atelier.territory if item.atelier else item.territory
        offer = Offer(
            territory=territory,
            academie=item.atelier.academie if item.atelier else None,
            atelier=item.atelier,
            status=Offer.Status.PUBLISHED,
            version=1,
            first_published_at=now,
            public_updated_at=now,
            created_by=actor,
        )
        c.apply(offer, changes)
        c.validate(offer)
        missing = c.missing_for_review({**c.snapshot_plain(offer), **changes})
        if missing:
            raise ValueError(f"incomplete offer {offer.title!r}: {', '.join(missing)}")
        offers.append(offer)
        cleaned.append(changes)
    Offer.objects.bulk_create(offers)
    theme_links, programme_links = [], []
    for offer, changes in zip(offers, cleaned, strict=True):
        theme_links += [
            Offer.themes.through(offer_id=offer.pk, theme_id=themes[code].pk)
            for code in changes.get("themes", [])
        ]
        programme_links += [
            Offer.programmes.through(offer_id=offer.pk, programme_id=programmes[code].pk)
            for code in changes.get("programmes", [])
        ]
    Offer.themes.through.objects.bulk_create(theme_links)
    Offer.programmes.through.objects.bulk_create(programme_links)
    versions = OfferVersion.objects.bulk_create(
        [
            OfferVersion(
                offer=o,
                number=1,
                content={**c.snapshot_plain(o), **_relations(ch)},
                changed_fields=c.changed_fields({}, {**c.snapshot_plain(o), **_relations(ch)}),
                author=actor,
            )
            for o, ch in zip(offers, cleaned, strict=True)
        ]
    )
    for offer, version in zip(offers, versions, strict=True):
        offer.published_version = version
    Offer.objects.bulk_update(offers, ["published_version"])
    OfferEvent.objects.bulk_create(
        [
            OfferEvent(offer=o, kind=kind, actor=actor, version=1)
            for o in offers
            for kind in (
                OfferEvent.Kind.CREATED,
                OfferEvent.Kind.SUBMITTED,
                OfferEvent.Kind.ACCEPTED,
            )
        ]
    )
    entries_write(offers)
    return len(offers)


def _relations(changes: dict[str, Any]) -> dict[str, list[str]]:
    return {
        "themes": sorted(changes.get("themes", [])),
        "programmes": sorted(changes.get("programmes", [])),
    }
