"""The public catalog: search page, offer page."""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from preau.catalog import selectors
from preau.catalog.facets import FACETS_BY_KEY
from preau.catalog.search import SORTS, CatalogPage, CatalogQuery, catalog_search

MAX_TEXT = 200


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def query_from(params: QueryDict) -> CatalogQuery:
    """Read a catalog query from GET parameters; unknown or bad values are ignored."""
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        page = 1
    filters = {
        key: tuple(v for v in params.getlist(key) if v)[:20]
        for key in FACETS_BY_KEY
        if params.getlist(key)
    }
    sort = params.get("tri", "relevance")
    return CatalogQuery(
        date_from=_day(params.get("du")),
        date_to=_day(params.get("au")),
        text=params.get("q", "")[:MAX_TEXT],
        filters={k: v for k, v in filters.items() if v},
        sort=sort if sort in SORTS else "relevance",
        page=page,
    )


def _page_links(request: HttpRequest, result: CatalogPage) -> dict[str, object]:
    def url(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return f"?{params.urlencode()}"

    current, last = min(result.query.page, result.pages), result.pages
    window = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    return {
        "current": current,
        "last": last,
        "numbers": [(n, url(n)) for n in window],
        "previous": url(current - 1) if current > 1 else None,
        "next": url(current + 1) if current < last else None,
        "first": url(1),
        "last_url": url(last),
    }


@require_GET
def catalog_index(request: HttpRequest) -> HttpResponse:
    query = query_from(request.GET)
    result = catalog_search(query)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "result": result,
        "query": query,
        "sorts": [("relevance", _("Relevance")), ("date", _("Newest")), ("title", _("Title"))],
        "pagination": _page_links(request, result),
        "feed_query": params.urlencode(),
        "crumbs": [(_("Training catalog"), None)],
    }
    htmx = request.headers.get("HX-Request") == "true"
    template = "catalog/_results.html" if htmx else "catalog/index.html"
    return render(request, template, context)


@require_GET
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    view = selectors.public_offer(pk)
    if view is None:
        raise Http404(_("This offer is not in the catalog."))
    from preau.evaluation.selectors import offer_results
    from preau.scheduling.selectors import upcoming_public

    return render(
        request,
        "catalog/offer.html",
        {
            "o": view,
            "sessions": upcoming_public(offer_id=pk)[:50],
            "results": offer_results(pk),
            "can_edit": selectors.editable_offer(request.user, pk) is not None,
            "crumbs": [(_("Training catalog"), reverse("catalog:index")), (view.title, None)],
        },
    )
