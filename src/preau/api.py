"""The REST API (django-ninja): OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from preau.accounts.api import router as accounts_router
from preau.accounts.services import api_token_use
from preau.network.api import router as network_router


class PersonalToken(HttpBearer):
    """`Authorization: Bearer preau_…` with a token created on the account page."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_use(token)
        if user is not None:
            request.user = user
        return user


# Programs use tokens; pages of the site itself may call the API with their session.
AUTH = [PersonalToken(), django_auth]

api = NinjaAPI(
    title="Préau API",
    version="1.0.0",
    description=(
        "Read and write Préau's records. Authenticate with a personal token "
        "(`Authorization: Bearer <token>`, created on your account page). "
        "Public reference data (the network) needs no token."
    ),
    urls_namespace="api-1.0.0",
)
api.add_router("/me", accounts_router, auth=AUTH, tags=["accounts"])
api.add_router("/network", network_router, tags=["network"])
