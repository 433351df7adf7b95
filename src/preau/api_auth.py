"""How API callers authenticate: personal tokens, or the site's own session."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from preau.accounts.services import api_token_use


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
