"""Registering with just an e-mail address: the same answer whether the address
has an account or not, and an account is never registered by its address alone."""

import re

import pytest
from django.core import mail
from django.test import Client

from preau.accounts.services import user_create
from preau.core.testing import user_with_role
from preau.registrations.models import Registration
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def _register(session, email: str, callbacks):
    client = Client()
    with callbacks(execute=True):
        response = client.post(
            f"/inscriptions/seances/{session.pk}/inscription/",
            {"email": email, "first_name": "Anne", "last_name": "Prof"},
            follow=True,
        )
    body = response.content.decode()
    alerts = re.findall(r'<div class="fr-alert[^"]*"[^>]*>\s*<p>(.*?)</p>', body, re.S)
    return response, [a.replace(email.lower(), "ADDRESS") for a in alerts]


def test_the_answer_is_the_same_for_a_new_address_and_for_existing_accounts(
    net, django_capture_on_commit_callbacks
):
    session = open_session(net.x1)
    with_password = user_with_role()
    without_password = user_create(email="importee@example.org")
    answers = [
        _register(session, email, django_capture_on_commit_callbacks)
        for email in ("nouvelle@example.org", with_password.email, without_password.email)
    ]
    urls = {response.redirect_chain[-1][0] for response, _alerts in answers}
    assert len(urls) == 1
    assert answers[0][1] == answers[1][1] == answers[2][1]
    assert "Nous avons envoyé un e-mail à ADDRESS" in answers[0][1][0]
    # Only the new address is registered; the accounts' owners were asked to confirm.
    assert [r.user.email for r in Registration.objects.all()] == ["nouvelle@example.org"]
    asked = {m.to[0]: m for m in mail.outbox if "Confirmez votre inscription" in m.subject}
    assert set(asked) == {with_password.email, without_password.email}


def test_the_owner_confirms_from_the_email_link_and_a_mail_scanner_changes_nothing(
    net, django_capture_on_commit_callbacks
):
    session = open_session(net.x1)
    owner = user_with_role()
    _register(session, owner.email, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [owner.email])
    link = re.search(r"http://[^/\s]+(/inscriptions/confirmer/\S+)", str(message.body)).group(1)
    client = Client()
    page = client.get(link)
    assert page.status_code == 200 and owner.email in page.content.decode()
    assert not Registration.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    assert Registration.objects.get().user == owner
    assert "Inscription confirmée" in mail.outbox[-1].subject


def test_a_forged_or_foreign_confirmation_link_is_not_found(net):
    from preau.registrations.links import confirm_token

    session = open_session(net.x1)
    owner = user_with_role()
    token = confirm_token(owner, session)
    client = Client()
    assert client.post(f"/inscriptions/confirmer/{token[:-2]}xx/").status_code == 404
    from preau.registrations.links import token_for

    other_kind = token_for(type("R", (), {"pk": owner.pk})(), "annuler")
    assert client.get(f"/inscriptions/confirmer/{other_kind}/").status_code == 404
    assert not Registration.objects.exists()


def test_a_closed_session_says_so_whoever_the_address_belongs_to(
    net, django_capture_on_commit_callbacks
):
    session = open_session(net.x1)
    session.status = "cancelled"
    session.save(update_fields=["status"])
    owner = user_with_role()
    new = _register(session, "nouvelle@example.org", django_capture_on_commit_callbacks)[1]
    taken = _register(session, owner.email, django_capture_on_commit_callbacks)[1]
    assert new == taken and "pas ouverte" in new[0]
    assert mail.outbox == []
