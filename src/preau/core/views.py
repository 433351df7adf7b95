from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from preau.core.accessibility import RGAA_VERSION, statement_or_default
from preau.core.health import database_ping
from preau.core.home import home_context
from preau.network.selectors import network_counts


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"counts": network_counts(), **home_context(request)})


def _localised_page(
    request: HttpRequest, name: str, context: dict[str, Any] | None = None
) -> HttpResponse:
    """Long institutional pages are written whole in each language."""
    template = select_template(
        [f"core/pages/{name}.{get_language()}.html", f"core/pages/{name}.fr.html"]
    )
    return HttpResponse(template.render({"settings": settings, **(context or {})}, request))


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The RGAA statement: its status follows the audit named in the settings."""
    return _localised_page(
        request,
        "accessibility",
        {"statement": statement_or_default(), "rgaa": RGAA_VERSION,
         "plan_url": settings.ACCESSIBILITY_PLAN_URL},
    )  # fmt: skip


@require_GET
def legal(request: HttpRequest) -> HttpResponse:
    return _localised_page(request, "legal")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return _localised_page(request, "privacy")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise: for load balancers and `preau check`."""
    try:
        database_ping()
    except Exception:  # any driver error means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})
