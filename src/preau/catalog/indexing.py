"""Keeps the public catalog (entries, facet rows, full-text index) in step with offers.

Called by the services inside their transaction, so the index never drifts from
the offers; ``catalog_rebuild`` recreates it from scratch.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import translation

from preau.catalog.facet_index import INDEX, PATCH_OFFERS, bump_generation
from preau.catalog.facets import FACETS, NATIONAL
from preau.catalog.models import CatalogEntry, EntryFacet, Offer, Programme, Theme
from preau.core.search import Document, get_index, register_rebuilder
from preau.core.search.text import fold

__all__ = ["INDEX", "catalog_rebuild", "entries_write", "entry_sync", "index_drift"]
BATCH = 500


class Vocabulary:
    """Names of themes and programmes by code, read once per batch."""

    def __init__(self) -> None:
        self.themes = dict(Theme.objects.values_list("code", "name"))
        self.programmes = dict(Programme.objects.values_list("code", "name"))


def owner_codes(offer: Offer) -> dict[str, str]:
    return {
        "owner_territory": offer.territory.code if offer.territory else NATIONAL,
        "owner_academie": offer.academie.code if offer.academie else "",
        "owner_atelier": offer.atelier.code if offer.atelier else "",
    }


def _labels(content: dict[str, Any]) -> list[str]:
    """The French names of the offer's audiences, format, modality and level:
    teachers type "webinaire" or "1er degré" as much as subject words."""
    found = []
    with translation.override("fr"):
        for facet in FACETS:
            if facet.choices is not None:
                found += [
                    str(facet.choices[v]) for v in facet.values(content) if v in facet.choices
                ]
    return found


def _document(offer: Offer, content: dict[str, Any], vocab: Vocabulary) -> Document:
    body = [
        content.get("summary", ""),
        *content.get("objectives", []),
        *content.get("keywords", []),
        *(vocab.themes.get(c, "") for c in content.get("themes", [])),
        *(vocab.programmes.get(c, "") for c in content.get("programmes", [])),
        str(offer.owner_label),
        *_labels(content),
    ]
    return Document(offer.pk, content["title"], "\n".join(body))


def _entry(offer: Offer, content: dict[str, Any], vocab: Vocabulary) -> CatalogEntry:
    published = offer.first_published_at or offer.public_updated_at
    assert published is not None and offer.public_updated_at is not None
    return CatalogEntry(
        offer=offer,
        title=content["title"],
        sort_title=fold(content["title"]),
        summary=content.get("summary", ""),
        duration_hours=content.get("duration_hours"),
        modality=content.get("modality", ""),
        format=content.get("format", ""),
        theme_names=[vocab.themes.get(c, c) for c in content.get("themes", [])],
        owner_label=str(offer.owner_label),
        first_published_at=published,
        public_updated_at=offer.public_updated_at,
    )


def _facets(offer: Offer, content: dict[str, Any]) -> list[EntryFacet]:
    values = {**content, **owner_codes(offer)}
    return [
        EntryFacet(entry_id=offer.pk, facet=f.key, value=v)
        for f in FACETS
        for v in dict.fromkeys(f.values(values))
    ]


def _live(offers: Iterable[Offer]) -> list[Offer]:
    return [o for o in offers if o.is_live]


def _write(offers: list[Offer], vocab: Vocabulary, log: bool = True) -> None:
    if log and offers:  # processes patch their index with these offers (or rebuild for many)
        bump_generation([o.pk for o in offers] if len(offers) <= PATCH_OFFERS else None)
    index = get_index(INDEX)
    ids = [o.pk for o in offers]
    EntryFacet.objects.filter(entry_id__in=ids).delete()
    CatalogEntry.objects.filter(offer_id__in=ids).delete()
    live = _live(offers)
    index.delete(set(ids) - {o.pk for o in live})
    contents = {o.pk: o.published_version.content for o in live if o.published_version}
    CatalogEntry.objects.bulk_create([_entry(o, contents[o.pk], vocab) for o in live])
    EntryFacet.objects.bulk_create([f for o in live for f in _facets(o, contents[o.pk])])
    index.replace([_document(o, contents[o.pk], vocab) for o in live])


def entries_write(offers: list[Offer]) -> None:
    """List freshly published offers (bulk paths); ``offers`` carry their versions."""
    _write(offers, Vocabulary())


def entry_sync(offer: Offer) -> None:
    """Bring the catalog in line with one offer: listed when live, absent otherwise."""
    offer = _with_relations(Offer.objects.filter(pk=offer.pk)).get()
    _write([offer], Vocabulary())


def _with_relations(qs: Any) -> Any:
    return qs.select_related("published_version", "territory", "academie", "atelier")


@transaction.atomic
def catalog_rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Recreate the public catalog and its full-text index from the offers."""
    bump_generation()
    EntryFacet.objects.all().delete()
    CatalogEntry.objects.all().delete()
    get_index(INDEX).clear()
    vocab = Vocabulary()
    live = _with_relations(
        Offer.objects.exclude(status=Offer.Status.ARCHIVED).filter(published_version__isnull=False)
    ).order_by("pk")
    total = live.count()
    done = 0
    for start in range(0, total, BATCH):
        batch = list(live[start : start + BATCH])
        _write(batch, vocab, log=False)
        done += len(batch)
        if progress:
            progress(done, total)
    return total


def index_drift() -> dict[str, set[int]]:
    """Offers whose listing disagrees with their state (empty sets when in step)."""
    live = set(
        Offer.objects.exclude(status=Offer.Status.ARCHIVED)
        .filter(published_version__isnull=False)
        .values_list("pk", flat=True)
    )
    entries = set(CatalogEntry.objects.values_list("offer_id", flat=True))
    indexed = get_index(INDEX).ids()
    return {
        "missing_entries": live - entries,
        "stale_entries": entries - live,
        "missing_text": live - indexed,
        "stale_text": indexed - live,
    }


register_rebuilder(INDEX, catalog_rebuild)
