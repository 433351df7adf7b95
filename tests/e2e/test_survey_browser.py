"""A participant answers the end-of-training survey from the e-mail link."""

import re
from datetime import time

import pytest
from django.core import mail
from playwright.sync_api import expect

from preau.accounts.models import User
from preau.attendance.services import attendance_mark, session_close
from preau.demo.accounts import demo_accounts_create
from preau.evaluation.models import Answer
from preau.network.models import Atelier
from preau.network.services import network_load
from preau.registrations.services import registration_create
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_the_hot_survey_without_logging_in(page, live_server):  # type: ignore[no-untyped-def]
    network_load()
    demo_accounts_create()
    atelier = Atelier.objects.get(code="21")
    trainer = User.objects.get(email="formatrice21@preau.test")
    teacher = User.objects.get(email="enseignante@preau.test")
    session = open_session(
        atelier, trainers=(trainer,), slots=(SlotSpec(next_weekday(), time(9), time(12)),)
    )
    registration_create(session=session, user=teacher)
    slot = session.slots.get()
    attendance_mark(actor=trainer, slot=slot, user=teacher, status="present", now=slot.starts_at)
    session_close(actor=trainer, session=session, now=slot.ends_at)

    invitation = next(m for m in mail.outbox if m.to == [teacher.email] and "avis" in m.subject)
    link = re.search(r"http\S+/evaluation/\S+/", invitation.body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    page.locator("#q-satisfaction label", has_text="Entièrement").click()
    page.locator("#q-transfer label", has_text="Plutôt").first.click()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_text("Merci !")).to_be_visible()
    screenshot(page, "survey-answered")
    answer = Answer.objects.get()
    assert (answer.satisfaction, answer.transfer) == (4, 3)
    assert page.console_errors == []
