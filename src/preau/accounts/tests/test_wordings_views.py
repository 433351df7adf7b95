"""The wording editor (national administrators) and "Messages reçus" (everyone)."""

import pytest

from preau.accounts.roles import Role
from preau.core.models import MessageTemplate, SentMessage
from preau.core.testing import TEST_PASSWORD, user_with_role

pytestmark = pytest.mark.django_db
URL = "/compte/modeles-messages/registrations.confirmed/fr"


def _login(client, role=None):
    user = user_with_role(role) if role else user_with_role()
    client.login(email=user.email, password=TEST_PASSWORD)
    return user


def test_an_administrator_previews_then_saves_a_wording(client, net):
    _login(client, Role.NATIONAL_ADMIN)
    listing = client.get("/compte/modeles-messages").content.decode()
    assert "Inscription confirmée" in listing and "Rappel deux jours avant" in listing
    page = client.get(URL).content.decode()
    assert "Bonjour {{ name }}," in page  # the default, as editable text
    assert "{{ cancel_link }}" in page and "Variables disponibles" in page
    data = {"subject": "Inscrit : {{ offer_title }}", "body": "Bonjour {{ name }} !"}
    preview = client.post(URL, {**data, "action": "preview"}).content.decode()
    assert "Inscrit : Enseigner avec le numérique" in preview and "Bonjour Camille !" in preview
    assert not MessageTemplate.objects.exists()  # a preview saves nothing
    assert client.post(URL, {**data, "action": "save"}).status_code == 302
    saved = MessageTemplate.objects.get(key="registrations.confirmed", language="fr")
    assert saved.subject == data["subject"]
    assert client.post(URL, {"action": "reset"}).status_code == 302
    assert not MessageTemplate.objects.exists()


def test_a_wording_with_a_tag_is_refused_with_the_reason(client, net):
    _login(client, Role.NATIONAL_ADMIN)
    page = client.post(URL, {"subject": "x", "body": "{% now 'Y' %}", "action": "save"})
    assert "les balises ne sont pas autorisées" in page.content.decode()
    assert not MessageTemplate.objects.exists()


def test_others_may_not_edit_wordings(client, net):
    _login(client)
    assert client.get("/compte/modeles-messages").status_code == 403
    assert client.get(URL).status_code == 403


def test_everyone_sees_the_messages_sent_to_them_only(client, net):
    me = _login(client)
    other = user_with_role()
    SentMessage.objects.create(
        recipient=me, key="registrations.confirmed", subject="Inscription confirmée : Lire",
        language="fr", status=SentMessage.Status.SENT,
    )  # fmt: skip
    SentMessage.objects.create(recipient=other, key="registrations.confirmed", subject="Autre",
                               language="fr")  # fmt: skip
    page = client.get("/compte/messages").content.decode()
    assert "Inscription confirmée : Lire" in page and "Envoyé" in page
    assert "Autre" not in page
