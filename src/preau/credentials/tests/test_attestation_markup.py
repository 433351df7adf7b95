"""An attestation prints names, titles and the operator's wording as typed:
markup stays text, a stray brace in the wording is text, and the only
pictures are the layout's logo and signature."""

import io
from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from preau.accounts.roles import Role
from preau.attendance.services import attendance_mark, session_close
from preau.catalog.testing import published_offer
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.core.testing_documents import keep_png, pdf_images, pdf_text, squeeze
from preau.credentials.models import Attestation, AttestationLayout
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db

WORDING = "Nous certifions que {name} a suivi « {course} » {hours} h. {0} {name.__class__} {"


def _png(colour: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 30), colour).save(out, format="PNG")
    return SimpleUploadedFile(f"{colour}.png", out.getvalue(), content_type="image/png")


def test_an_attestation_prints_markup_and_braces_as_typed(client, net, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    AttestationLayout.objects.create(
        logo=_png("blue"), signature=_png("black"), signatory="<b>Signataire & Cie",
        signatory_title="<font size=50>Directrice", provider="<para>Prestataire &amp;",
        presence_text=WORDING,
    )  # fmt: skip
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    trainer.first_name, trainer.last_name = "<b>Formatrice", "<img src='/etc/passwd'/>"
    trainer.save()
    offer = published_offer(atelier=net.x1, title="Offre <b>gras & <font color=red>")
    session = open_session(
        net.x1, offer=offer, trainers=(trainer,),
        slots=(SlotSpec(next_weekday(), time(9), time(12)),),
    )  # fmt: skip
    person = user_with_role()
    person.first_name, person.last_name = '<img src="/etc/passwd"/>', "<b>&<para><font>"
    person.save()
    from preau.registrations.services import registration_create

    registration_create(session=session, user=person)
    slot = session.slots.get()
    attendance_mark(actor=trainer, slot=slot, user=person, status="present", now=slot.starts_at)
    session_close(actor=trainer, session=session, now=slot.ends_at + timedelta(minutes=1))

    client.login(email=person.email, password=TEST_PASSWORD)
    for attestation in Attestation.objects.filter(user=person):
        response = client.get(f"/attestations/{attestation.number}.pdf")
        assert response.status_code == 200
        keep_png(response.content, f"attestation-{attestation.kind}")
        text = pdf_text(response.content)
        for typed in (person.get_full_name(), offer.title, "<b>Signataire & Cie",
                      "<font size=50>Directrice", "<para>Prestataire &amp;"):  # fmt: skip
            assert squeeze(typed) in text, typed
        assert pdf_images(response.content) == 2  # the logo and the signature
    presence = Attestation.objects.get(user=person, kind="presence")
    text = pdf_text(client.get(f"/attestations/{presence.number}.pdf").content)
    typed = "a suivi « Offre <b>gras & <font color=red> » 3 h. {0} {name.__class__} {"
    assert squeeze(typed) in text
