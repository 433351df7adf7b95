"""The public catalog query: full text, facet filters and counts, sorting, pages."""

import math
import time
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from preau.catalog.facet_index import FacetIndex, facet_index
from preau.catalog.facets import FACETS, FACETS_BY_KEY, NATIONAL, ONLINE, Facet
from preau.catalog.models import CatalogEntry, Programme, Theme
from preau.catalog.textmatch import TextMatch, text_match
from preau.network.models import Academie, Atelier, Departement, Territory

SORTS = ("relevance", "date", "title")
PER_PAGE = 20
MAX_PAGE = 500


@dataclass(frozen=True)
class CatalogQuery:
    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    date_from: date | None = None  # upcoming sessions between these days
    date_to: date | None = None

    @property
    def effective_sort(self) -> str:
        if self.sort == "relevance" and not self.text.strip():
            return "date"
        return self.sort if self.sort in SORTS else "date"


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class FacetResult:
    key: str
    label: str
    values: list[FacetValue]


@dataclass
class CatalogPage:
    query: CatalogQuery
    entries: list[CatalogEntry]
    total: int
    facets: list[FacetResult]
    fallback: bool = False  # no offer has every word: these have at least one
    corrections: dict[str, list[str]] = field(default_factory=dict)  # typed → catalog words

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))


def visible_facets(filters: dict[str, tuple[str, ...]]) -> list[Facet]:
    """Place facets drill down: académies once a territory is chosen, Ateliers
    once an académie is."""
    hidden = set()
    if not filters.get("territory"):
        hidden.add("academie")
    if not filters.get("academie"):
        hidden.add("atelier")
    return [f for f in FACETS if f.key not in hidden]


LABELS_TTL = 60.0  # seconds: a renamed Atelier or theme shows within a minute
_label_cache: dict[str, tuple[float, tuple[int, int], dict[str, str]]] = {}


def _names(key: str, version: tuple[int, int]) -> dict[str, str]:
    """Every value's name for a facet read from the database, kept in memory
    until the catalog changes or for a minute: building five querysets per facet
    per request cost more than the search itself."""
    now = time.monotonic()
    cached = _label_cache.get(key)
    if cached and cached[0] > now and cached[1] == version:
        return cached[2]
    source: Any
    if key == "where":
        source = [
            (code, f"{code} – {name}")
            for code, name in Departement.objects.values_list("code", "name")
        ]
    else:
        model: Any = {
            "theme": Theme,
            "programme": Programme,
            "territory": Territory,
            "academie": Academie,
            "atelier": Atelier,
        }[key]
        source = model.objects.values_list("code", "name")
    names = dict(source)
    _label_cache[key] = (now + LABELS_TTL, version, names)
    return names


def _labels(key: str, values: set[str], version: tuple[int, int] = (0, 0)) -> dict[str, str]:
    facet = FACETS_BY_KEY[key]
    if facet.choices is not None:
        return {v: str(facet.choices.get(v, v)) for v in values}
    names = _names(key, version)
    if any(v not in names for v in values - {NATIONAL, ONLINE}):  # created since: read again
        _label_cache.pop(key, None)
        names = _names(key, version)
    labels = {v: names[v] for v in values if v in names}
    if NATIONAL in values and key == "territory":
        labels[NATIONAL] = _("National offer")
    if ONLINE in values and key == "where":
        labels[ONLINE] = _("Online")
    return labels


def _facet_results(
    query: CatalogQuery, fi: FacetIndex, text_mask: int, filter_masks: dict[str, int]
) -> list[FacetResult]:
    """Counts per facet value. A facet's own selection is left out of its counts
    so people can see what widening would bring. When nothing is found the
    values stay listed (with their zero) so the filters do not vanish."""
    results = []
    nothing = not text_mask
    for facet in visible_facets(query.filters):
        if facet.key in ("slot", "where") and not fi.bitmaps.get(facet.key):
            continue  # no upcoming session at all: the facet would be empty
        base = text_mask
        for key, mask in filter_masks.items():
            if key != facet.key:
                base &= mask
        bitmaps = fi.bitmaps.get(facet.key, {})
        found = {v: n for v, bits in bitmaps.items() if (n := (bits & base).bit_count())}
        if nothing:
            found = {v: 0 for v, bits in bitmaps.items() if bits & fi.alive}
        chosen = set(query.filters.get(facet.key, ()))
        labels = _labels(facet.key, set(found) | chosen, (fi.generation, fi.seq))
        values = [
            FacetValue(v, labels.get(v, v), found.get(v, 0), v in chosen)
            for v in (set(found) | chosen)
        ]
        if facet.choices is not None:
            order = list(facet.choices)
            values.sort(key=lambda fv: order.index(fv.value) if fv.value in order else 99)
        elif facet.key == "where":  # online first, then départements by number
            values.sort(key=lambda fv: (fv.value != ONLINE, fv.value))
        else:
            values.sort(key=lambda fv: (-fv.count, fv.label))
        results.append(FacetResult(facet.key, str(facet.label), values))
    return results


def matching_entries(query: CatalogQuery) -> QuerySet[CatalogEntry]:
    """Every entry matching the query's text, filters and dates (no page, no order)."""
    fi = facet_index()
    text_mask, _match, filter_masks = _masks(query, fi)
    final = text_mask
    for mask in filter_masks.values():
        final &= mask
    return CatalogEntry.objects.filter(pk__in=fi.entry_ids(final))


def _page_ids(
    fi: FacetIndex, mask: int, ranked: list[int] | None, sort: str, offset: int, size: int
) -> list[int]:
    if ranked is not None:  # relevance: walk the ranking, keep what the filters allow
        out: list[int] = []
        seen = 0
        for entry_id in ranked:
            pos = fi.position.get(entry_id)
            if pos is not None and mask >> pos & 1:
                if seen >= offset:
                    out.append(entry_id)
                    if len(out) == size:
                        break
                seen += 1
        return out
    if sort == "title":
        chosen = (p for p in fi.by_title if mask >> p & 1)
        return [i for p in islice(chosen, offset, offset + size) if (i := fi.ids[p]) is not None]
    return fi.entry_ids(mask)[offset : offset + size]


def _masks(query: CatalogQuery, fi: FacetIndex) -> tuple[int, TextMatch | None, dict[str, int]]:
    """The text's matches (and ranking), and one mask per active filter."""
    match = text_match(query.text, fi) if query.text.strip() else None
    text_mask = fi.everything
    if match is not None:
        text_mask = fi.mask_of(match.ranked)
    filter_masks: dict[str, int] = {}
    for key, values in query.filters.items():
        bitmaps = fi.bitmaps.get(key, {})
        mask = 0
        for value in values:
            mask |= bitmaps.get(value, 0)
        filter_masks[key] = mask
    if query.date_from or query.date_to:
        filter_masks["dates"] = fi.mask_between(query.date_from, query.date_to)
    return text_mask, match, filter_masks


def catalog_search(query: CatalogQuery) -> CatalogPage:
    """One page of the public catalog with the facet counts of the whole result."""
    fi = facet_index()
    sort = query.effective_sort
    text_mask, match, filter_masks = _masks(query, fi)
    ranked = match.ranked if match is not None and sort == "relevance" else None
    final = text_mask
    for mask in filter_masks.values():
        final &= mask
    page = max(1, min(query.page, MAX_PAGE))
    ids = _page_ids(fi, final, ranked, sort, (page - 1) * query.per_page, query.per_page)
    by_id = {e.pk: e for e in CatalogEntry.objects.filter(pk__in=ids).order_by()}
    entries = [by_id[i] for i in ids if i in by_id]
    facets = _facet_results(query, fi, text_mask, filter_masks)
    return CatalogPage(
        query,
        entries,
        final.bit_count(),
        facets,
        fallback=bool(match and match.fallback and match.ranked),
        corrections=match.corrections if match else {},
    )
