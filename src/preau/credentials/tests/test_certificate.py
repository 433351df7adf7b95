"""The certificat de réalisation holds up in an audit: the provider's identity,
the ministry model's fields, French dates, hours as attended, nothing printed
over anything; the verification page says the same; the person is told once."""

from datetime import time, timedelta

import pytest
from django.utils import translation

from preau.accounts.roles import Role
from preau.attendance.services import attendance_mark, session_close
from preau.core.models import SentMessage
from preau.core.testing import user_with_role
from preau.core.testing_documents import (
    MARKUP,
    keep_png,
    pdf_images,
    pdf_layout_problems,
    pdf_text,
    squeeze,
)
from preau.credentials import pdf
from preau.credentials.models import Attestation, AttestationLayout
from preau.credentials.services import attestations_issue
from preau.credentials.texts import hours_label, period_text
from preau.registrations.services import registration_create
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def identity(settings):
    settings.OPERATOR_NAME = "Réseau Préau"
    settings.PREAU_OPERATOR_ADDRESS = "110 rue de Grenelle\n75007 Paris"
    settings.PREAU_OPERATOR_SIRET = "130 000 000 00012"
    settings.PREAU_OPERATOR_NDA = "11 75 12345 75"
    settings.PREAU_OPERATOR_TOWN = "Paris"
    AttestationLayout.objects.create(signatory="Claire Martin", signatory_title="Directrice")


def _close(net, first_name="Inès"):
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    day = next_weekday()
    slots = (SlotSpec(day, time(9), time(12)), SlotSpec(day + timedelta(days=1), time(9), time(12)))
    session = open_session(net.x1, trainers=(trainer,), slots=slots)
    person = user_with_role()
    person.first_name, person.last_name = first_name, "Roux"
    person.save()
    registration_create(session=session, user=person)
    for slot in session.slots.all():
        attendance_mark(actor=trainer, slot=slot, user=person, status="present", now=slot.starts_at)
    last = session.slots.last()
    session_close(actor=trainer, session=session, now=last.ends_at + timedelta(minutes=1))
    return session, person


def test_the_certificate_has_the_model_fields_in_french(net, identity):
    _session, person = _close(net)
    certificate = Attestation.objects.get(user=person, kind="realisation")
    data = pdf.render([certificate])
    keep_png(data, "certificat-de-realisation")
    text = pdf_text(data)
    with translation.override("fr"):
        dates = period_text(certificate.content["start"], certificate.content["end"])
    for expected in (
        "CERTIFICAT DE RÉALISATION", "Réseau Préau", "110 rue de Grenelle", "75007 Paris",
        "SIRET : 130 000 000 00012", "Déclaration d’activité n° 11 75 12345 75",
        "représenté par Claire Martin, Directrice", "Bénéficiaire : Inès Roux",
        "Intitulé de l’action :", "Nature de l’action concourant au développement des compétences",
        "Action de formation", "Bilan de compétences", f"Dates de l’action : {dates}",
        "Durée réalisée : 6 heures (sur 6 heures prévues)", "Fait à Paris, le",
        "Signature et cachet",
    ):  # fmt: skip
        assert squeeze(expected) in text, expected
    assert dates.startswith("du ") and " au " in dates and "/" not in dates
    assert pdf_layout_problems(data) == []


def test_the_certificate_prints_typed_markup_as_text(net, identity):
    _session, person = _close(net, first_name=MARKUP)
    data = pdf.render([Attestation.objects.get(user=person, kind="realisation")])
    assert squeeze(MARKUP) in pdf_text(data)
    assert pdf_images(data) == 0  # the <img> was not read as an image
    assert pdf_layout_problems(data) == []


def test_french_dates_say_the_first_of_the_month_and_a_single_day():
    with translation.override("fr"):
        assert period_text("2025-03-01", "2025-03-04") == "du 1er mars 2025 au 4 mars 2025"
        assert period_text("2025-03-03", "2025-03-03") == "le 3 mars 2025"
        assert (hours_label(1.5), hours_label(6), hours_label(2.05)) == (
            "1,5 heure", "6 heures", "2,05 heures",
        )  # fmt: skip


def test_the_verification_page_gives_dates_and_hours_in_french(client, net, identity):
    _session, person = _close(net)
    certificate = Attestation.objects.get(user=person, kind="realisation")
    html = client.get(f"/verifier/{certificate.code}").content.decode()
    assert "Document authentique" in html
    assert f"Certificat de réalisation n° {certificate.number}, délivré par Réseau Préau" in html
    assert "Du " in html and " au " in html and "6 heures" in html
    assert "(e)" not in html
    presence = Attestation.objects.get(user=person, kind="presence")
    html = client.get(f"/verifier/{presence.code}").content.decode()
    assert f"Attestation de présence n° {presence.number}, délivrée par" in html


def test_the_person_is_told_once_that_the_attestation_is_available(
    net, identity, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session, person = _close(net)
    with django_capture_on_commit_callbacks(execute=True):
        attestations_issue(session=session)  # a correction issues again: nothing new
    told = [m for m in mailoutbox if m.subject.startswith("Votre attestation est disponible")]
    assert len(told) == 1 and told[0].to == [person.email]
    assert "6 heures" in told[0].body and "/attestations/" in told[0].body
    log = SentMessage.objects.get(recipient=person, key="credentials.available")
    assert log.status == SentMessage.Status.SENT
