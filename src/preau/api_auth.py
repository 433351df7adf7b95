"""How API callers authenticate: personal tokens, or the site's own session."""

from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from preau.accounts.lockout import machine_auth_failed, token_credential
from preau.accounts.services import api_token_use


class PersonalToken(HttpBearer):
    """`Authorization: Bearer preau_…` with a token created on the account page.

    Wrong tokens count like wrong passwords (accounts/lockout.py): past the
    thresholds, the client gets 429 with the time to try again."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_use(token)
        if user is not None:
            request.user = user
            return user
        refusal = machine_auth_failed(request, token_credential(token))
        if refusal:
            raise HttpError(429, refusal)
        return None


# Programs use tokens; pages of the site itself may call the API with their session.
AUTH = [PersonalToken(), django_auth]
