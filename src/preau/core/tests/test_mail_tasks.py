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
