"""The public catalog: search page, offer page."""

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

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


def _card(entry: object, session: Any) -> dict[str, Any]:
    """A result card: the entry, its next open session and the seats left in it."""
    seats = starts = None
    if session is not None:
        seats = max(0, session.capacity - getattr(session, "held", 0))
        zone = session.atelier.timezone if session.atelier else "Europe/Paris"
        starts = session.starts_at.astimezone(ZoneInfo(zone))
    return {"e": entry, "session": session, "seats": seats, "starts": starts}


def _active_filters(request: HttpRequest, result: CatalogPage) -> list[tuple[str, str]]:
    """(label, URL without it) for each chosen filter value: removable tags."""
    tags = []
    labels = {(f.key, v.value): v.label for f in result.facets for v in f.values}
    for key, values in result.query.filters.items():
        for value in values:
            params = request.GET.copy()
            params.setlist(key, [v for v in params.getlist(key) if v != value])
            params.pop("page", None)
            tags.append((labels.get((key, value), value), f"?{params.urlencode()}"))
    for key, day in (("du", result.query.date_from), ("au", result.query.date_to)):
        if day:
            params = request.GET.copy()
            params.pop(key, None)
            params.pop("page", None)
            label = _("From %(day)s") if key == "du" else _("Until %(day)s")
            tags.append((label % {"day": day.strftime("%d/%m/%Y")}, f"?{params.urlencode()}"))
    return tags


@require_GET
def catalog_index(request: HttpRequest) -> HttpResponse:
    query = query_from(request.GET)
    result = catalog_search(query)
    params = request.GET.copy()
    params.pop("page", None)
    from preau.scheduling.selectors import next_open_sessions  # sessions sit above the catalog

    sessions = next_open_sessions([e.offer_id for e in result.entries])
    context = {
        "result": result,
        "cards": [_card(e, sessions.get(e.offer_id)) for e in result.entries],
        "active_count": sum(len(v) for v in query.filters.values())
        + bool(query.date_from)
        + bool(query.date_to),
        "active_filters": _active_filters(request, result),
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
