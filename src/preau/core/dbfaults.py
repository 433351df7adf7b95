"""Database connections the server dropped (a PostgreSQL restart, a failover,
an idle connection cut by a proxy).

Persistent connections (``CONN_MAX_AGE``) are checked at the start of each
request (``CONN_HEALTH_CHECKS``), so a request after a restart opens a new one.
A connection can still drop during a request: a read-only request (GET, HEAD,
OPTIONS) is then run once more on a fresh connection, by the middleware below;
a write is never repeated (it answers 500 and nothing half-done is kept: the
transaction died with the connection).
"""

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})
T = TypeVar("T")


def close_dropped() -> bool:
    """Close every open connection the server no longer answers on; True if any.

    A connection inside a transaction is left alone: what it did is lost and
    only the code that opened the transaction may decide what to do."""
    closed = False
    for conn in connections.all(initialized_only=True):
        if conn.connection is None or conn.in_atomic_block:
            continue
        if not conn.is_usable():
            conn.close()
            closed = True
    return closed


def retry_once(read: Callable[[], T]) -> T:
    """Run ``read`` (no writes); if its connection had dropped, once more on a new one."""
    try:
        return read()
    except (OperationalError, InterfaceError):
        if not close_dropped():
            raise
        logger.warning("database connection dropped: read retried on a new connection")
        return read()


class RetryDroppedConnectionMiddleware:
    """Runs a read-only view once more when its database connection dropped.

    Last in MIDDLEWARE, so that it sees the view's exception first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> None:
        request._preau_view = (view, args, kwargs)  # type: ignore[attr-defined]

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if request.method not in READ_ONLY or getattr(request, "_preau_retried", False):
            return None
        if not isinstance(exception, OperationalError | InterfaceError) or not close_dropped():
            return None
        view, args, kwargs = request._preau_view  # type: ignore[attr-defined]
        request._preau_retried = True  # type: ignore[attr-defined]
        name = getattr(view, "__qualname__", "view")
        logger.warning("database connection dropped: %s %s run again", request.method, name)
        return view(request, *args, **kwargs)
