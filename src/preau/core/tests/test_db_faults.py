"""After PostgreSQL drops the connections (a restart, a failover), the next
request answers: /healthz, pages and the API reconnect instead of answering
503 or 500 with a dead connection; a write is never run twice."""

from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, connections
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("dropped connections are tested on PostgreSQL")


def drop_connections() -> None:
    """What a server restart does: every other backend of the database is terminated."""
    connection.ensure_connection()
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            (terminated,) = cursor.fetchone()
    finally:
        other.close()
    assert terminated >= 1


def wsgi(method: str, path: str, **headers: str) -> tuple[str, bytes]:
    """A request through the real WSGI handler (the test client skips the
    per-request connection check)."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "CONTENT_LENGTH": "0", **headers}
    setup_testing_defaults(environ)
    status: list[str] = []

    def start_response(line: str, _headers: Any, _exc_info: Any = None) -> Any:
        status.append(line)
        return lambda _data: None

    body = WSGIHandler()(environ, start_response)
    try:
        return status[0], b"".join(body)
    finally:
        getattr(body, "close", lambda: None)()


def test_persistent_connections_are_checked_before_reuse(postgres_only):
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] > 0 and database["CONN_HEALTH_CHECKS"] is True


def test_healthz_answers_after_the_connections_dropped(client, postgres_only):
    assert client.get("/healthz").status_code == 200
    drop_connections()
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_a_page_reading_the_database_answers_after_the_connections_dropped(
    client, net, postgres_only
):
    assert client.get("/reseau/").status_code == 200
    drop_connections()
    page = client.get("/reseau/")
    assert page.status_code == 200 and net.t1.name in page.content.decode()


def test_a_request_checks_its_connection_before_using_it(net, settings, postgres_only):
    """Without the retry: the connection kept from the last request is checked
    when the next one starts, and replaced."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "dbfaults" not in m]
    assert wsgi("GET", "/reseau/")[0].startswith("200")
    drop_connections()
    status, body = wsgi("GET", "/reseau/")
    assert status.startswith("200") and net.t1.name in body.decode()


def test_a_write_whose_connection_dropped_is_not_run_again(client, postgres_only):
    from preau.core.testing import TEST_PASSWORD, UserFactory

    person = UserFactory()
    client.get("/healthz")
    drop_connections()
    with pytest.raises(OperationalError):
        client.post(
            reverse("accounts:login"), {"username": person.email, "password": TEST_PASSWORD}
        )
    connection.close()  # what the end of a real request does with a broken connection
