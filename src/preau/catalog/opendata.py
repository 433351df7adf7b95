"""The public catalog as open data: one flat record per live offer."""

from collections.abc import Iterator
from typing import Any

from django.conf import settings

from preau.catalog.indexing import owner_codes
from preau.catalog.models import CONTENT_FIELDS, Offer
from preau.catalog.search import CatalogQuery, matching_entries

# Column order of the CSV export; lists are joined with " | ".
COLUMNS = (
    "id", "url", *CONTENT_FIELDS, "owner_territory", "owner_academie", "owner_atelier",
    "first_published_at", "updated_at",
)  # fmt: skip
BATCH = 1000


def records(query: CatalogQuery | None = None) -> Iterator[dict[str, Any]]:
    """Live offers matching ``query`` (all by default), newest first, from their
    published versions."""
    ids = matching_entries(query or CatalogQuery()).order_by("-first_published_at", "-pk")
    id_list = list(ids.values_list("pk", flat=True))
    site = settings.SITE_URL.rstrip("/")
    for start in range(0, len(id_list), BATCH):
        chunk = id_list[start : start + BATCH]
        offers = Offer.objects.select_related(
            "published_version", "territory", "academie", "atelier"
        ).in_bulk(chunk)
        for pk in chunk:
            offer = offers[pk]
            assert offer.published_version is not None
            yield {
                "id": offer.pk,
                "url": f"{site}{offer.get_absolute_url()}",
                **offer.published_version.content,
                **owner_codes(offer),
                "first_published_at": offer.first_published_at.isoformat()
                if offer.first_published_at
                else None,
                "updated_at": offer.public_updated_at.isoformat()
                if offer.public_updated_at
                else None,
            }


def flat(record: dict[str, Any]) -> list[str]:
    def cell(value: Any) -> str:
        if isinstance(value, list):
            return " | ".join(str(v) for v in value)
        return "" if value is None else str(value)

    return [cell(record.get(c)) for c in COLUMNS]
