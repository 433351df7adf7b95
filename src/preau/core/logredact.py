"""Logs hold ids, never secrets or e-mail addresses.

``RedactFilter`` sits on every logging handler (settings.LOGGING) and on
gunicorn's (``GunicornLogger``, used by ``preau run``). It rewrites each
record's message and traceback:

- the tokens of signed links (registration, confirmation, survey, complaint,
  QR check-in: any path segment holding ``value:timestamp:signature``), of
  password links (``/mot-de-passe/nouveau/<uid>/<token>``) and attestation
  verification codes (``/verifier/``, ``/V/``, ``/badges/``) become ``[token]``;
- query values named like secrets (``token``, ``key``, ``code``, ``password``…)
  become ``[token]``; personal API tokens become ``preau_[token]``;
- e-mail addresses (also URL-encoded) become ``[email]``.

It imports nothing from Django: logging is configured while settings load.
"""

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

TOKEN = "[token]"  # noqa: S105 - the placeholder for redacted tokens
EMAIL = "[email]"

# (pattern, replacement), applied in this order.
_RULES: list[tuple[re.Pattern[str], str]] = [
    # Personal API tokens: preau_<8 hex>_<secret>.
    (re.compile(r"preau_[0-9a-fA-F]{8}_[A-Za-z0-9_\-]+"), "preau_" + TOKEN),
    # Password links: the uid and the token.
    (re.compile(r"(/mot-de-passe/nouveau/)[^/\s?#\"']+/[^/\s?#\"']+"), r"\1" + TOKEN),
    # Attestation verification codes and badge assertions.
    (re.compile(r"(/(?:verifier|V|badges)/)[A-Za-z0-9]+"), r"\1" + TOKEN),
    # Django-signed values in a path segment: payload:timestamp:signature.
    (
        re.compile(r"(?<=/)[A-Za-z0-9_\-.]*:[A-Za-z0-9_\-.]+:[A-Za-z0-9_\-.:]+(?=[/?#\s\"']|$)"),
        TOKEN,
    ),
    # Query values named like secrets.
    (
        re.compile(
            r"([?&;](?:token|key|code|secret|password|passwd|signature|sig|uidb64|uid)=)"
            r"[^&;\s\"'#]+",
            re.IGNORECASE,
        ),
        r"\1" + TOKEN,
    ),
    # E-mail addresses, also percent-encoded.
    (
        re.compile(r"[A-Za-z0-9._%+\-]+(?:@|%40)[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"),
        EMAIL,
    ),
]


def redact(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


class RedactFilter(logging.Filter):
    """Rewrites the record in place (message, traceback, stack) and keeps it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the formatter
            return True
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class GunicornLogger(Logger):
    """gunicorn's logger (``--logger-class preau.core.logredact.GunicornLogger``)
    with RedactFilter on its error and access logs."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            if not any(isinstance(f, RedactFilter) for f in log.filters):
                log.addFilter(RedactFilter())
