"""What reaches the logs holds no link token and no e-mail address, whichever
logger writes it: tested through the logging configured by settings.LOGGING and
through gunicorn's access log as `preau run` configures it."""

import io
import logging
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator

from preau.evaluation.links import token_for as survey_token
from preau.registrations.links import token_for


def _handlers() -> list[logging.Handler]:
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    found: list[logging.Handler] = []
    for logger in loggers:
        for handler in logger.handlers:
            if not type(handler).__module__.startswith("_pytest") and handler not in found:
                found.append(handler)
    return found


@pytest.fixture
def written() -> Iterator[io.StringIO]:
    """What the configured stream handlers write, for the duration of a test."""
    buffer = io.StringIO()
    streams = [(h, h.stream) for h in _handlers() if isinstance(h, logging.StreamHandler)]
    assert streams
    for handler, _stream in streams:
        handler.stream = buffer  # not setStream(): it flushes the old stream, maybe closed
    yield buffer
    for handler, stream in streams:
        handler.stream = stream


def test_every_configured_handler_redacts():
    from preau.core.logredact import RedactFilter

    handlers = _handlers()
    assert handlers
    assert all(any(isinstance(f, RedactFilter) for f in h.filters) for h in handlers), handlers


def _thing(pk: int) -> SimpleNamespace:
    return SimpleNamespace(pk=pk)


def test_access_log_lines_lose_their_tokens(written):
    from preau.registrations.links import confirm_token

    cancel = token_for(_thing(12), "annuler")
    survey = survey_token(_thing(7))
    confirm = confirm_token(_thing(3), _thing(4))
    user = SimpleNamespace(
        pk=5,
        password="!",
        last_login=None,
        email="a@example.org",
        get_email_field_name=lambda: "email",
    )
    reset = default_token_generator.make_token(user)
    paths = [
        f"/inscriptions/lien/annuler/{cancel}/",
        f"/evaluation/{survey}/",
        f"/inscriptions/confirmer/{confirm}/?next=/x",
        f"/compte/mot-de-passe/nouveau/NQ/{reset}",
        "/presence/qr/.eJyrVipWslIqSy0qzszPU6oFADDpBYI:1tZ1x2:Gl3cQh0Z3q9pYkM8nS1jX4aBcDeFgHiJ/",
        "/V/ABCDEFGH23456789",
        "/xapi/statements?token=preau_0a1b2c3d_s3cr3tS3cr3tS3cr3t&since=2026",
    ]
    server = logging.getLogger("django.server")
    for path in paths:
        server.info('"%s %s HTTP/1.1" %s %s', "GET", path, "200", "1234")
    logging.getLogger("django.request").warning("Not Found: %s", paths[0])
    text = written.getvalue()
    for secret in (cancel, survey, confirm, reset, "ABCDEFGH23456789", "s3cr3tS3cr3t", "1tZ1x2"):
        assert secret not in text, text
    assert text.count("[token]") >= len(paths)
    assert "/inscriptions/lien/annuler/[token]/" in text
    assert "since=2026" in text  # what is not secret stays readable


def test_database_errors_lose_their_email_addresses(written):
    try:
        raise RuntimeError(
            'duplicate key value violates unique constraint "user_email_ci_unique"\n'
            "DETAIL:  Key (lower(email::text))=(anne.martin@laposte.net) already exists."
        )
    except RuntimeError:
        logging.getLogger("django.request").exception(
            "Internal Server Error: %s (%s)", "/compte/inscription", "Anne.Martin%40laposte.net"
        )
    logging.getLogger("preau.accounts").error("mail to %s failed", "prof@ac-dijon.fr")
    text = written.getvalue()
    assert "laposte.net" not in text and "ac-dijon" not in text, text
    assert text.count("[email]") == 3
    assert "Traceback" in text and "user_email_ci_unique" in text


def test_gunicorn_access_log_is_redacted(tmp_path):
    from gunicorn.config import Config

    from preau.core.logredact import GunicornLogger

    log_file = tmp_path / "access.log"
    cfg = Config()
    cfg.set("accesslog", str(log_file))
    logger = GunicornLogger(cfg)
    token = token_for(_thing(99), "accepter")
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/inscriptions/lien/accepter/{token}/?email=anne%40example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/inscriptions/lien/accepter/{token}/",
        "QUERY_STRING": "email=anne%40example.org",
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_REFERER": f"https://mail.example.org/?u=/evaluation/{token}/",
    }
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = log_file.read_text()
    assert "GET /inscriptions/lien/accepter/[token]/" in line, line
    assert token not in line and "anne" not in line
