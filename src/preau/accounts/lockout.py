"""Refusing guessed credentials (django-axes, configured in settings.py).

A failure counts for the account (the e-mail address typed, or the API token
named) and for the client's IP address. An account is refused after
PREAU_LOGIN_FAILURES_PER_ACCOUNT failures within PREAU_LOGIN_COOLOFF_MINUTES,
an IP address after PREAU_LOGIN_FAILURES_PER_IP (higher: a school network
shares one address); each failure during a lockout prolongs it. The login page
then says until when; the password-reset link unlocks the account
(``lockout_clear``), and so does ``preau manage axes_reset_username EMAIL``.

Personal API tokens and the LRS's HTTP Basic use the same counters through
``machine_auth_failed``: a valid token is always accepted (256 random bits are
not guessed), so nobody can lock a learning platform out by failing on purpose.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.models import normalize_email

TOKEN_PREFIX = "preau_"  # noqa: S105 - the public marker of personal API tokens


def attempted_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> Any:
    """The account an attempt is for, as stored: lower-cased e-mail (or token name)."""
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None and request.method == "POST":
        value = request.POST.get("username")
    return normalize_email(str(value)) if value else None


class LockoutBackend(AxesStandaloneBackend):
    """Axes' refusal, for web requests: code that authenticates without a request
    (the test client's login, a shell) is not someone guessing over the network."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def _failures(attempts: "QuerySet[AccessAttempt]") -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def _latest(attempts: "QuerySet[AccessAttempt]") -> datetime | None:
    return attempts.aggregate(t=Max("attempt_time"))["t"]


@dataclass
class Counts:
    account: int
    client: int
    account_last: datetime | None
    client_last: datetime | None

    @property
    def account_locked(self) -> bool:
        return self.account >= settings.PREAU_LOGIN_FAILURES_PER_ACCOUNT

    @property
    def client_locked(self) -> bool:
        return self.client >= settings.PREAU_LOGIN_FAILURES_PER_IP


def _counts(request: Any, credentials: dict[str, Any] | None, latest: bool = False) -> Counts:
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    username = get_client_username(request, credentials)
    ip = getattr(request, "axes_ip_address", None)
    by_account = recent.filter(username=username) if username else recent.none()
    by_client = recent.filter(ip_address=ip) if ip else recent.none()
    return Counts(
        _failures(by_account),
        _failures(by_client),
        _latest(by_account) if latest else None,
        _latest(by_client) if latest else None,
    )


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with two thresholds: per account and per IP address."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """Failures measured against AXES_FAILURE_LIMIT (the account threshold):
        the account's own, and the address's scaled so that they reach it at
        the IP threshold."""
        counts = _counts(request, credentials)
        per_account = settings.PREAU_LOGIN_FAILURES_PER_ACCOUNT
        scaled = counts.client * per_account // settings.PREAU_LOGIN_FAILURES_PER_IP
        return max(counts.account, scaled)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        """A successful login forgets that account's failures (not the address's)."""
        super().user_logged_in(sender, request, user, **kwargs)
        self.reset_attempts(username=user.get_username())


def attempts_left(request: Any, username: str | None) -> int | None:
    """Failures this account may still make before it is paused; None when unknown."""
    if request is None or not username:
        return None
    counts = _counts(request, {"username": username})
    return max(0, settings.PREAU_LOGIN_FAILURES_PER_ACCOUNT - counts.account)


def lockout_clear(*, email: str) -> int:
    """Forget the failures counted for this account (the password-reset link does this)."""
    return AxesProxyHandler.reset_attempts(username=normalize_email(email))


def _until(request: Any, credentials: dict[str, Any] | None) -> tuple[Counts, datetime]:
    counts = _counts(request, credentials, latest=True)
    cool_off = get_cool_off(request) or settings.AXES_COOLOFF_TIME
    moments = [
        last
        for locked, last in (
            (counts.account_locked, counts.account_last),
            (counts.client_locked, counts.client_last),
        )
        if locked and last is not None
    ]
    return counts, max(moments, default=timezone.now()) + cool_off


def refusal_message(request: Any, credentials: dict[str, Any] | None) -> str:
    """When and why logging in is refused, in the reader's language."""
    counts, until = _until(request, credentials)
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    values = {"time": timezone.localtime(until).strftime("%H:%M"), "minutes": minutes}
    if counts.client_locked and not counts.account_locked:
        return (
            _(
                "Too many failed attempts from your connection: logging in is paused "
                "until %(time)s (in %(minutes)s min). Try again then."
            )
            % values
        )
    return (
        _(
            "Too many failed attempts for this account: logging in is paused until "
            "%(time)s (in %(minutes)s min; each new attempt before then pushes it back). "
            "To log in now, choose a new password with “Forgotten password?”: the link "
            "we send you unlocks your account."
        )
        % values
    )


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page again, saying until when (429)."""
    if getattr(request, "preau_machine_auth", False) and original_response is not None:
        return original_response  # the API and the LRS answer in their own format
    from preau.accounts.forms import LoginForm

    form = LoginForm(request, initial={"username": attempted_username(request, credentials)})
    context = {
        "form": form,
        "lockout": refusal_message(request, credentials),
        "next": request.POST.get("next", ""),
    }
    return render(request, "accounts/login.html", context, status=429)


def token_credential(raw: str) -> str:
    """What a failed API token counts against: its public prefix when it has one."""
    parts = raw.strip().split("_")
    if raw.startswith(TOKEN_PREFIX) and len(parts) >= 3 and len(parts[1]) == 8:
        return f"api-token:{parts[1].lower()}"
    return "api-token"


def machine_auth_failed(request: HttpRequest, credential: str) -> str | None:
    """Count a failed token authentication (API or LRS) for ``credential`` and the
    client; the message to answer with (429) once they are refused, else None."""
    credentials = {"username": credential}
    request.preau_machine_auth = True  # type: ignore[attr-defined]
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if not getattr(request, "axes_locked_out", False):
        return None
    counts, until = _until(request, credentials)
    values = {"time": timezone.localtime(until).isoformat(timespec="minutes")}
    if counts.client_locked and not counts.account_locked:
        return (
            _("Too many failed authentications from your address: try again after %(time)s.")
            % values
        )
    return (
        _("Too many failed authentications with these credentials: try again after %(time)s.")
        % values
    )
