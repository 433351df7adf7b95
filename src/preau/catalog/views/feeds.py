"""Feeds and open data: RSS/Atom of new offers, CSV/JSON of the catalog."""

import csv
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from preau.catalog.models import CatalogEntry
from preau.catalog.opendata import COLUMNS, flat, records
from preau.catalog.views.public import query_from
from preau.core.exports import safe_row

FEED_SIZE = 50


class NewOffersFeed(Feed):
    def title(self) -> str:
        return _("%(operator)s — new training offers") % {"operator": settings.OPERATOR_NAME}

    def link(self) -> str:
        return reverse("catalog:index")

    def description(self) -> str:
        return _("The latest offers published in the training catalog.")

    def items(self) -> Any:
        return CatalogEntry.objects.order_by("-first_published_at", "-pk")[:FEED_SIZE]

    def item_title(self, item: CatalogEntry) -> str:
        return item.title

    def item_description(self, item: CatalogEntry) -> str:
        return item.summary

    def item_link(self, item: CatalogEntry) -> str:
        return reverse("catalog:offer", kwargs={"pk": item.offer_id})

    def item_pubdate(self, item: CatalogEntry) -> datetime:
        return item.first_published_at

    def item_updateddate(self, item: CatalogEntry) -> datetime:
        return item.public_updated_at

    def item_categories(self, item: CatalogEntry) -> list[str]:
        return list(item.theme_names)


class NewOffersAtom(NewOffersFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so that spreadsheet software reads UTF-8
    yield writer.writerow(COLUMNS)
    for record in rows:
        yield writer.writerow(safe_row(flat(record)))


@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _csv_rows(records(query_from(request.GET))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="catalogue.csv"'
    return response


@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    data = list(records(query_from(request.GET)))
    response = JsonResponse(
        {"count": len(data), "offers": data}, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"  # open data, no credentials involved
    return response
