"""Outgoing e-mail leaves after the transaction commits, never while a request waits.

- Database task queue (``PREAU_TASKS=database``, production): ``email_send``
  queues ``send_email_task`` once the transaction commits; ``preau worker``
  sends it. A failed send stays in the queue as a failed attempt (with its
  traceback) and is queued again after ``PREAU_EMAIL_RETRY_SECONDS``, then 4
  times longer each time, ``PREAU_EMAIL_ATTEMPTS`` attempts in all; the last
  failure is logged as an error. The retries survive a restart.
- Immediate tasks (embedded default): an e-mail through a network backend
  (SMTP) is handed to one background thread of the process (``outbox``),
  which sends it after the response, with the same attempts and delays; the
  request never waits for the mail server. What is still waiting when the
  process stops is lost (and logged): use the database queue in production.
  Local backends (console, memory, files) cannot hang and write at once.

Each attempt waits at most ``EMAIL_TIMEOUT`` seconds for the server. Logs
give the attempt and the error, never the addresses or the text. A message
logged for its recipient (``log_id``, a ``SentMessage``: core/messaging.py)
is marked sent, or not delivered once given up.
"""

import atexit
import heapq
import itertools
import logging
import os
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

# (file name, text content, MIME type): task arguments must be JSON.
Attachment = tuple[str, str, str]

LOCAL_BACKENDS = frozenset(
    f"django.core.mail.backends.{name}.EmailBackend"
    for name in ("console", "locmem", "filebased", "dummy")
)


def retry_delay(attempt: int) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1, 2, …)."""
    return float(settings.PREAU_EMAIL_RETRY_SECONDS * 4 ** (attempt - 1))


def deliver(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    attachments: list[Attachment] | None = None,
) -> None:
    """One attempt; the SMTP backend waits at most EMAIL_TIMEOUT seconds."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    for name, content, mimetype in attachments or []:
        message.attach(name, content, mimetype)
    message.send()


def _record(log_id: int | None, attempt: int, *, sent: bool, final: bool = False) -> None:
    """Mark the recipient's log of the message (never fails the sending)."""
    if log_id is None:
        return
    from preau.core.models import SentMessage

    Status = SentMessage.Status
    changes: dict[str, Any] = {"attempts": attempt}
    if sent:
        changes.update(status=Status.SENT, sent_at=timezone.now())
    elif final:
        changes["status"] = Status.FAILED
    try:
        SentMessage.objects.filter(pk=log_id).update(**changes)
    except Exception as exc:  # the log must never stop an e-mail
        logger.warning("message log %s not updated (%s)", log_id, exc.__class__.__name__)


def _failed(attempt: int, exc: BaseException) -> bool:
    """Log a failed attempt; True when another one is due."""
    attempts = settings.PREAU_EMAIL_ATTEMPTS
    error = exc.__class__.__name__
    if attempt < attempts:
        logger.warning(
            "e-mail not sent (attempt %d of %d, %s): tried again in %g s",
            attempt, attempts, error, retry_delay(attempt),
        )  # fmt: skip
        return True
    logger.error("e-mail not sent after %d attempts (%s): given up", attempts, error)
    return False


@task()
def send_email_task(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    attachments: list[Attachment] | None = None,
    attempt: int = 1,
    log_id: int | None = None,
) -> None:
    message: dict[str, Any] = {
        "to": to, "subject": subject, "body": body, "html_body": html_body,
        "attachments": attachments,
    }  # fmt: skip
    try:
        deliver(**message)
    except Exception as exc:
        again = _failed(attempt, exc) and send_email_task.get_backend().supports_defer
        _record(log_id, attempt, sent=False, final=not again)
        if again:
            later = timezone.now() + timedelta(seconds=retry_delay(attempt))
            send_email_task.using(run_after=later).enqueue(
                **message, attempt=attempt + 1, log_id=log_id
            )
        raise  # this attempt is recorded as failed
    _record(log_id, attempt, sent=True)


class Outbox:
    """A background thread sending e-mails in immediate mode, retries included.

    Jobs wait in a heap ordered by when they are due. The thread is started on
    first use, and again in a forked process (a web server's workers)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._jobs: list[tuple[float, int, int, dict[str, Any]]] = []
        self._order = itertools.count()
        self._sending = 0
        self._thread: threading.Thread | None = None
        self._pid = 0

    def submit(self, message: dict[str, Any], attempt: int = 1, delay: float = 0.0) -> None:
        with self._cond:
            if self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
                if self._pid != os.getpid():
                    self._jobs, self._sending = [], 0  # the parent's jobs are the parent's
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="preau-outbox", daemon=True)
                self._thread.start()
            due = time.monotonic() + delay
            heapq.heappush(self._jobs, (due, next(self._order), attempt, message))
            self._cond.notify_all()

    def _next(self) -> tuple[int, dict[str, Any]]:
        with self._cond:
            while True:
                wait = self._jobs[0][0] - time.monotonic() if self._jobs else None
                if wait is not None and wait <= 0:
                    _due, _n, attempt, message = heapq.heappop(self._jobs)
                    self._sending += 1
                    return attempt, message
                self._cond.wait(wait)

    def _run(self) -> None:
        while True:
            attempt, message = self._next()
            log_id = message.get("log_id")
            try:
                deliver(**{k: v for k, v in message.items() if k != "log_id"})
            except Exception as exc:
                again = _failed(attempt, exc)
                _record(log_id, attempt, sent=False, final=not again)
                if again:
                    self.submit(message, attempt + 1, retry_delay(attempt))
            else:
                _record(log_id, attempt, sent=True)
            finally:
                with self._cond:
                    self._sending -= 1
                    self._cond.notify_all()

    def wait(self, timeout: float, *, retries: bool = True) -> bool:
        """Wait until nothing is being sent or due (``retries=False``: due now);
        False if ``timeout`` seconds passed first."""
        end = time.monotonic() + timeout
        with self._cond:
            while True:
                horizon = float("inf") if retries else time.monotonic()
                pending = self._sending or any(job[0] <= horizon for job in self._jobs)
                left = end - time.monotonic()
                if not pending:
                    return True
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.05))

    def _at_exit(self) -> None:
        if self._pid != os.getpid() or not (self._jobs or self._sending):
            return
        if not self.wait(settings.EMAIL_TIMEOUT + 5, retries=False) or self._jobs:
            logger.error("%d e-mail(s) still waiting when the process stopped: not sent",
                         len(self._jobs) + self._sending)  # fmt: skip


outbox = Outbox()
atexit.register(outbox._at_exit)


def _queue(message: dict[str, Any]) -> None:
    if send_email_task.get_backend().supports_defer or settings.EMAIL_BACKEND in LOCAL_BACKENDS:
        send_email_task.enqueue(**message)  # the database queue, or a local backend at once
    else:
        outbox.submit(message)


def email_send(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str | None = None,
    attachments: list[Attachment] | None = None,
    log_id: int | None = None,
) -> None:
    """Queue an e-mail; it leaves only if the surrounding transaction commits."""
    message: dict[str, Any] = {
        "to": to, "subject": subject, "body": body, "html_body": html_body,
        "attachments": attachments,
    }  # fmt: skip
    if log_id is not None:
        message["log_id"] = log_id
    transaction.on_commit(lambda: _queue(message))
