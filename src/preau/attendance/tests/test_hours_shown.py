"""The closing screen and the attestation PDF show the same attended hours."""

from datetime import time, timedelta

import pypdfium2 as pdfium
import pytest

from preau.accounts.roles import Role
from preau.attendance.services import attendance_mark, session_close
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.credentials.models import Attestation
from preau.registrations.services import registration_create
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    page = pdfium.PdfDocument(data)[0]
    return page.get_textpage().get_text_range()


def test_closing_screen_and_attestation_agree_on_two_hours_and_three_minutes(client, net):
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    day = next_weekday()
    session = open_session(
        net.x1, trainers=(trainer,), slots=(SlotSpec(day, time(9), time(11, 3)),)
    )
    person = user_with_role()
    registration_create(session=session, user=person)
    slot = session.slots.get()
    attendance_mark(actor=trainer, slot=slot, user=person, status="present", now=slot.starts_at)
    session_close(actor=trainer, session=session, now=slot.ends_at + timedelta(minutes=1))

    client.login(email=trainer.email, password=TEST_PASSWORD)
    screen = client.get(f"/presence/seances/{session.pk}/").content.decode()
    assert "2,05 h" in screen and "— 2 h" not in screen

    client.login(email=person.email, password=TEST_PASSWORD)
    attestation = Attestation.objects.get(user=person, kind="presence")
    text = pdf_text(client.get(f"/attestations/{attestation.number}.pdf").content)
    assert "2,05 h / 2,05 h" in text
