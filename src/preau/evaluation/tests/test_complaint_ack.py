"""The acknowledgement of a complaint: a copy of it, the answer delay, the session named."""

import pytest

from preau.core.testing import user_with_role
from preau.evaluation.models import Complaint
from preau.registrations.services import registration_create
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def test_a_logged_in_person_names_one_of_their_sessions_and_gets_a_copy(
    client, net, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PREAU_COMPLAINT_REPLY_DAYS = 15
    session = open_session(net.x1)
    other = open_session(net.x2)
    teacher = user_with_role()
    registration_create(session=session, user=teacher, actor=teacher)
    client.force_login(teacher)
    page = client.get("/evaluation/reclamation/").content.decode()
    assert "Nous vous répondons sous 15 jours au plus" in page
    assert "Séance concernée (facultatif)" in page and session.offer.title in page
    field = page.split('name="session"')[1].split("</select>")[0]
    assert f'value="{session.pk}"' in field
    assert f'value="{other.pk}"' not in field  # only their own sessions
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/evaluation/reclamation/", {
            "email": teacher.email, "subject": "Salle trop petite",
            "body": "Nous étions 30 pour 20 chaises.", "session": session.pk,
        })  # fmt: skip
    complaint = Complaint.objects.get()
    assert complaint.session == session
    (ack,) = [m for m in mailoutbox if m.to == [teacher.email]]
    assert "sous 15 jours au plus" in ack.body
    assert "Objet : Salle trop petite" in ack.body and "30 pour 20 chaises" in ack.body
    assert f"Séance concernée : {session}" in ack.body


def test_without_an_account_the_session_is_typed(client, net):
    page = client.get("/evaluation/reclamation/").content.decode()
    assert 'name="session_text"' in page and 'name="session"' not in page
    client.post("/evaluation/reclamation/", {
        "email": "x@example.org", "subject": "Retard", "body": "Le formateur est arrivé tard.",
        "session_text": "Lire au cycle 3, 12 mars, Dijon",
    })  # fmt: skip
    assert Complaint.objects.get().session_text == "Lire au cycle 3, 12 mars, Dijon"
