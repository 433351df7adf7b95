"""The public catalog query: full text, facet filters and counts, sorting, pages."""

import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from preau.catalog.facets import FACETS, FACETS_BY_KEY, NATIONAL, Facet
from preau.catalog.indexing import INDEX
from preau.catalog.models import CatalogEntry, EntryFacet, Programme, Theme
from preau.core.search import get_index
from preau.network.models import Academie, Atelier, Territory

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


def _filtered(
    text: str, filters: dict[str, tuple[str, ...]], skip: str | None = None
) -> QuerySet[CatalogEntry]:
    qs = CatalogEntry.objects.all()
    match = get_index(INDEX).match_sql(text) if text.strip() else None
    if match is not None:
        qs = qs.filter(offer_id__in=RawSQL(*match))  # noqa: S611 - parameters bound, SQL ours
    for key, values in filters.items():
        if key != skip and values:
            chosen = EntryFacet.objects.filter(facet=key, value__in=values)
            qs = qs.filter(offer_id__in=chosen.values("entry_id"))
    return qs


def _is_unfiltered(query: CatalogQuery, skip: str | None = None) -> bool:
    return not query.text.strip() and not any(v for k, v in query.filters.items() if k != skip)


def _counts(
    query: CatalogQuery, keys: list[str], skip: str | None = None
) -> dict[str, dict[str, int]]:
    rows = EntryFacet.objects.filter(facet__in=keys)
    if not _is_unfiltered(query, skip):
        rows = rows.filter(entry_id__in=_filtered(query.text, query.filters, skip).values("pk"))
    out: dict[str, dict[str, int]] = {k: {} for k in keys}
    for facet, value, n in rows.values_list("facet", "value").annotate(n=Count("pk")):
        out[facet][value] = n
    return out


def _labels(key: str, values: set[str]) -> dict[str, str]:
    facet = FACETS_BY_KEY[key]
    if facet.choices is not None:
        return {v: str(facet.choices.get(v, v)) for v in values}
    source: Any = {
        "theme": Theme.objects.filter(code__in=values).values_list("code", "name"),
        "programme": Programme.objects.filter(code__in=values).values_list("code", "name"),
        "territory": Territory.objects.filter(code__in=values).values_list("code", "name"),
        "academie": Academie.objects.filter(code__in=values).values_list("code", "name"),
        "atelier": Atelier.objects.filter(code__in=values).values_list("code", "name"),
    }[key]
    labels = dict(source)
    if NATIONAL in values and key == "territory":
        labels[NATIONAL] = _("National offer")
    return labels


def _facet_results(query: CatalogQuery) -> list[FacetResult]:
    facets = visible_facets(query.filters)
    selected_keys = [f.key for f in facets if query.filters.get(f.key)]
    free_keys = [f.key for f in facets if f.key not in selected_keys]
    counts = _counts(query, free_keys) if free_keys else {}
    for key in selected_keys:
        counts.update(_counts(query, [key], skip=key))
    results = []
    for facet in facets:
        found = counts.get(facet.key, {})
        chosen = set(query.filters.get(facet.key, ()))
        labels = _labels(facet.key, set(found) | chosen)
        order = list(facet.choices) if facet.choices is not None else None
        values = [
            FacetValue(v, labels.get(v, v), found.get(v, 0), v in chosen)
            for v in (set(found) | chosen)
        ]
        if order is not None:
            values.sort(key=lambda fv: order.index(fv.value) if fv.value in order else 99)
        else:
            values.sort(key=lambda fv: (-fv.count, fv.label))
        results.append(FacetResult(facet.key, str(facet.label), values))
    return results


def matching_entries(query: CatalogQuery) -> QuerySet[CatalogEntry]:
    """Every entry matching the query's text and filters (no page, no order)."""
    return _filtered(query.text, query.filters)


def catalog_search(query: CatalogQuery) -> CatalogPage:
    """One page of the public catalog with the facet counts of the whole result."""
    qs = _filtered(query.text, query.filters)
    total = qs.count()
    page = max(1, min(query.page, MAX_PAGE))
    offset = (page - 1) * query.per_page
    sort = query.effective_sort
    if sort == "relevance":
        within = qs.values("pk").query.sql_with_params()
        ids = get_index(INDEX).ranked_ids(query.text, within, query.per_page, offset)
        by_id = CatalogEntry.objects.in_bulk(ids)
        entries = [by_id[i] for i in ids if i in by_id]
    else:
        order = ("-first_published_at", "-pk") if sort == "date" else ("sort_title", "pk")
        entries = list(qs.order_by(*order)[offset : offset + query.per_page])
    return CatalogPage(query, entries, total, _facet_results(query))
