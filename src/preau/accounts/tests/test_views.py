import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from preau.accounts.models import ApiToken
from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def test_login_is_by_email_case_insensitively_and_logout_needs_post(client):
    user = user_with_role(None)
    response = client.post(
        reverse("accounts:login"), {"username": user.email.upper(), "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 200
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:me")).status_code == 302


def test_wrong_password_is_explained_in_french(client):
    user = user_with_role(None)
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "nope"})
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()


def test_login_form_is_csrf_protected():
    user = user_with_role(None)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 403


def test_password_reset_by_email_end_to_end(client, django_capture_on_commit_callbacks):
    user = user_with_role(None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "nouveau mot de passe" in message.subject.lower()
    found = re.search(r"http://testserver(\S+)", str(message.body))
    assert found, message.body
    link = found.group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "nouveau-secret-77", "new_password2": "nouveau-secret-77"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("nouveau-secret-77")


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
        )
    assert response.status_code == 200
    assert mail.outbox == []


def test_account_page_shows_roles(client, net):
    user = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    client.force_login(user)
    body = client.get(reverse("accounts:me")).content.decode()
    assert "Responsable d’Atelier — Atelier x1" in body
    assert "tout le monde, au niveau national" not in body
    assert "Inscriptions à valider" in body and "Jetons d’API" in body


def test_a_teacher_account_shows_only_a_teachers_tools(client, net):
    teacher = user_with_role(None)
    client.force_login(teacher)
    body = client.get(reverse("accounts:me")).content.decode()
    assert "Mes inscriptions" in body and "Mes attestations" in body
    for tool in ("Mes séances de formateur", "Mes résultats de formateur",
                 "Inscriptions à valider", "Inscrire un groupe"):  # fmt: skip
        assert tool not in body, tool
    roles = body.split('id="my-roles"')[1].split("</ul>")[0]
    assert "Enseignant" in roles and "tout le monde" not in roles
    # API tokens stay reachable, folded away under a developer's heading
    assert "Accès développeur (jetons d’API)" in body and 'class="fr-collapse"' in body

    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    client.force_login(trainer)
    body = client.get(reverse("accounts:me")).content.decode()
    assert "Mes séances de formateur" in body and "Mes résultats de formateur" in body


def test_api_token_is_shown_once_then_revocable(client):
    user = user_with_role(None)
    client.force_login(user)
    client.post(reverse("accounts:token_create"), {"name": "tableur", "days": 30})
    first = client.get(reverse("accounts:me")).content.decode()
    found = re.search(r'<code id="new-token">(preau_[^<]+)</code>', first)
    assert found
    raw = found.group(1)
    second = client.get(reverse("accounts:me")).content.decode()
    assert raw not in second
    token = ApiToken.objects.get(user=user)
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_is_not_found(client):
    owner = user_with_role(None)
    token = ApiToken.objects.create(
        user=owner, name="x", prefix="p", key_hash="h" * 64, expires_at="2100-01-01T00:00Z"
    )
    client.force_login(user_with_role(None))
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
