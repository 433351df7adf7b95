"""E-mails leave through a background task: at once by default, through the
queue and `preau worker` when PREAU_TASKS=database."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from preau.core.mail import email_send

pytestmark = pytest.mark.django_db(transaction=True)


def test_immediate_mode_sends_after_commit():
    with transaction.atomic():
        email_send(to=["a@example.org"], subject="Sujet", body="Corps")
        assert mail.outbox == []  # nothing leaves before the commit
    assert [m.subject for m in mail.outbox] == ["Sujet"]


def test_rolled_back_work_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        email_send(to=["a@example.org"], subject="Sujet", body="Corps")
        raise RuntimeError("the write failed")
    assert mail.outbox == []


def test_database_mode_queues_until_the_worker_runs(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    email_send(to=["b@example.org"], subject="En file", body="Corps")
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.subject for m in mail.outbox] == ["En file"]


def test_database_mode_retries_a_failed_send_with_backoff_then_gives_up(settings, caplog):
    """A mail server that accepts and never answers: each attempt fails after
    EMAIL_TIMEOUT and stays in the queue as failed; the next one is queued later
    and later; after PREAU_EMAIL_ATTEMPTS the e-mail is given up."""
    from datetime import timedelta

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from preau.core.testing_mail import silent_smtp

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PREAU_EMAIL_ATTEMPTS, settings.PREAU_EMAIL_RETRY_SECONDS = 3, 60
    with silent_smtp(settings, timeout=0.3) as server, caplog.at_level("WARNING"):
        email_send(to=["c@example.org"], subject="Relance", body="Corps")
        delays = []
        for attempt in (1, 2, 3):
            before = timezone.now()
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
            assert len(server.connections) == attempt
            assert DBTaskResult.objects.filter(status="FAILED").count() == attempt
            waiting = DBTaskResult.objects.filter(status="READY")
            if attempt < 3:
                (retry,) = waiting
                assert retry.args_kwargs["kwargs"]["attempt"] == attempt + 1
                delays.append((retry.run_after - before).total_seconds())
                call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
                assert len(server.connections) == attempt  # not before its time
                waiting.update(run_after=timezone.now() - timedelta(seconds=1))
            else:
                assert not waiting.exists()
    assert 60 <= delays[0] < 70 and 240 <= delays[1] < 250  # 4 times longer each time
    assert mail.outbox == [] and "after 3 attempts" in caplog.text
    assert "c@example" not in caplog.text  # logs never hold addresses
