"""Who is asking, and how often.

``client_ip`` is the client's address behind the trusted reverse proxies
(``PREAU_PROXY_COUNT``): login lockouts (django-axes) and rate limits use it.
``mail_form_limit`` refuses a POST to an anonymous form that sends e-mail once
too many came from one client or for one target address: the view does not
run, so nothing is sent (django-ratelimit counters in the shared database cache).
"""

import ipaddress
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django_ratelimit.core import get_usage

View = Callable[..., HttpResponseBase]


def _valid_ip(value: str | None) -> bool:
    if not value:
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str | None:
    """The address the outermost trusted proxy saw (X-Forwarded-For, counted from
    the right), or REMOTE_ADDR when no proxy is trusted or the header is short."""
    count = settings.PREAU_PROXY_COUNT
    if count > 0:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= count and _valid_ip(forwarded[-count]):
            return forwarded[-count]
    remote = request.META.get("REMOTE_ADDR")
    return remote if _valid_ip(remote) else None


def _client_key(group: str, request: HttpRequest) -> str:
    """A logged-in person counts on their own; anyone else by address (an IPv6
    client by its /64 network, which one subscriber usually holds whole)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    ip = client_ip(request) or "unknown"
    if ":" in ip:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return ip


def _exceeded(request: HttpRequest, group: str, field: str) -> int | None:
    """Count this request; seconds until the exceeded window ends, or None."""
    usages = [
        get_usage(
            request,
            group=f"{group}:client",
            key=_client_key,
            rate=settings.PREAU_MAIL_FORMS_PER_IP,
            method="POST",
            increment=True,
        )
    ]
    address = request.POST.get(field, "").strip().lower()
    if address:
        usages.append(
            get_usage(
                request,
                group=f"{group}:address",
                key=lambda _group, _request: address,
                rate=settings.PREAU_MAIL_FORMS_PER_ADDRESS,
                method="POST",
                increment=True,
            )
        )
    waits = [max(u["time_left"], 60) for u in usages if u and u["should_limit"]]
    return max(waits) if waits else None


def mail_form_limit(
    group: str, field: str = "email", anonymous_only: bool = False
) -> Callable[[View], View]:
    """Decorate a view whose POST sends e-mail: beyond PREAU_MAIL_FORMS_PER_IP from
    one client or PREAU_MAIL_FORMS_PER_ADDRESS for the address in ``field``, the
    answer is a 429 page saying when to try again, and the view does not run.
    ``anonymous_only``: people logged in are not counted (they send no address)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = getattr(request, "user", None)
            exempt = anonymous_only and user is not None and user.is_authenticated
            if request.method == "POST" and not exempt:
                wait = _exceeded(request, group, field)
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    minutes = max(1, math.ceil(seconds / 60))
    response = render(request, "preau/too_many_requests.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
