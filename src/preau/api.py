"""The REST API (django-ninja): OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.parser import Parser

from preau.accounts.api import router as accounts_router
from preau.api_auth import AUTH
from preau.catalog.api import router as catalog_router
from preau.core.jsonlimits import JSONRefused, loads_checked
from preau.evaluation.api import router as evaluation_router
from preau.indicators.api import router as indicators_router
from preau.network.api import router as network_router
from preau.registrations.api import router as registrations_router
from preau.selftraining.api import router as selftraining_router


class CheckedParser(Parser):
    """JSON bodies within the limits of core.jsonlimits (size, depth, storable strings)."""

    def parse_body(self, request: HttpRequest) -> Any:
        return loads_checked(request.body, max_bytes=256 * 1024)


api = NinjaAPI(
    parser=CheckedParser(),
    title="Préau API",
    version="1.0.0",
    description=(
        "Read and write Préau's records. Authenticate with a personal token "
        "(`Authorization: Bearer <token>`, created on your account page). "
        "Public data (the network, the published catalog) needs no token."
    ),
    urls_namespace="api-1.0.0",
)
api.add_router("/me", accounts_router, auth=AUTH, tags=["accounts"])
api.add_router("/network", network_router, tags=["network"])
api.add_router("/catalog", catalog_router, tags=["catalog"])
api.add_router("", registrations_router, tags=["sessions and registrations"])
api.add_router("/evaluation", evaluation_router, tags=["evaluation"])
api.add_router("/indicators", indicators_router, tags=["indicators"])
api.add_router("/selftraining", selftraining_router, tags=["self-training"])


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja answers "Cannot parse request body" to any parser error: say which limit."""
    cause = exc.__cause__
    if isinstance(cause, JSONRefused):
        return api.create_response(request, {"detail": str(cause)}, status=cause.status)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
