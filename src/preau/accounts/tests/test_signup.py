"""Sign-up and password links: nobody learns who has an account, whoever reads
the mailbox holds the account, and a new password shuts every other door."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from preau.accounts.models import ApiToken, User
from preau.accounts.services import api_token_create, user_create
from preau.core.testing import TEST_PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def _signup(client: Client, email: str, callbacks):
    with callbacks(execute=True):
        return client.post(
            reverse("accounts:signup"),
            {"email": email, "first_name": "Anne", "last_name": "Martin"},
            follow=True,
        )


def _link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+)", str(message.body))
    assert found, message.body
    return found.group(1)


def _choose_password(client: Client, link: str, password: str, callbacks):
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    with callbacks(execute=True):
        return client.post(
            form_page.redirect_chain[-1][0],
            {"new_password1": password, "new_password2": password},
        )


def _page_text(response) -> str:
    body = response.content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).strip()


def test_signup_answers_the_same_whether_the_address_has_an_account_or_not(
    django_capture_on_commit_callbacks,
):
    owner = user_with_role(None)
    new = _signup(Client(), "nouvelle.prof@example.org", django_capture_on_commit_callbacks)
    taken = _signup(Client(), owner.email, django_capture_on_commit_callbacks)
    assert new.status_code == taken.status_code == 200
    assert new.redirect_chain[-1][0] == taken.redirect_chain[-1][0]
    assert _page_text(new).replace("nouvelle.prof@example.org", "X") == _page_text(taken).replace(
        owner.email, "X"
    )
    assert "Consultez votre messagerie" in _page_text(new)
    # The owner is told, nothing about the account changed, nobody is logged in.
    notice = mail.outbox[-1]
    assert notice.to == [owner.email]
    assert "a essayé de créer un compte" in notice.body
    assert "/compte/mot-de-passe/oubli" in notice.body
    owner.refresh_from_db()
    assert owner.check_password(TEST_PASSWORD)
    assert User.objects.filter(email=owner.email).count() == 1


def test_a_new_account_is_activated_by_choosing_its_password_from_the_email(
    django_capture_on_commit_callbacks,
):
    client = Client()
    _signup(client, "Prof.Martin@laposte.net", django_capture_on_commit_callbacks)
    user = User.objects.get(email="prof.martin@laposte.net")
    assert not user.has_usable_password()  # the one who signed up chose nothing yet
    assert client.get(reverse("accounts:me")).status_code == 302
    welcome = mail.outbox[-1]
    assert welcome.to == ["prof.martin@laposte.net"] and "Activez votre compte" in welcome.subject
    assert "Activer votre compte" in client.get(_link(welcome), follow=True).content.decode()
    done = _choose_password(
        client, _link(welcome), "tableau-noir-2026", django_capture_on_commit_callbacks
    )
    assert done.status_code == 302  # straight in: the link proved the mailbox
    me = client.get(done["Location"]).content.decode()
    assert "Votre compte est activé et vous êtes connecté" in me
    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {"username": "prof.martin@laposte.net", "password": "tableau-noir-2026"},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 200


def test_accounts_made_without_password_get_a_link_from_forgotten_password(
    client, django_capture_on_commit_callbacks
):
    """Quick registration, group enrolment, GAIA import and invitations create
    accounts without a password: the reset form lets their owners in."""
    user_create(email="importee@example.org", first_name="Léa", last_name="Gaia")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "Importee@Example.org"})
    message = mail.outbox[-1]
    assert message.to == ["importee@example.org"]
    assert "Choisissez votre mot de passe" in message.subject
    assert "activer" in message.body
    _choose_password(
        client, _link(message), "premier-secret-31", django_capture_on_commit_callbacks
    )
    assert client.login(email="importee@example.org", password="premier-secret-31")
    assert len(mail.outbox) == 1  # no "your password was changed" for a first password


def test_a_password_reset_revokes_api_tokens_ends_other_sessions_and_says_so(
    django_capture_on_commit_callbacks,
):
    user = user_with_role(None)
    _token, raw = api_token_create(user=user, name="script")
    elsewhere = Client()
    elsewhere.force_login(user)
    assert elsewhere.get(reverse("accounts:me")).status_code == 200
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    _choose_password(
        client, _link(mail.outbox[-1]), "nouveau-secret-77", django_capture_on_commit_callbacks
    )

    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert ApiToken.objects.get().revoked_at is not None
    assert elsewhere.get(reverse("accounts:me")).status_code == 302
    notice = mail.outbox[-1]
    assert notice.to == [user.email] and "a été modifié" in notice.subject
    assert "jetons d’API personnels (1) ont été révoqués" in notice.body


def test_a_password_change_keeps_this_session_and_ends_the_others(
    django_capture_on_commit_callbacks,
):
    user = user_with_role(None)
    _token, raw = api_token_create(user=user, name="script")
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = here.post(
            reverse("accounts:password_change"),
            {
                "old_password": TEST_PASSWORD,
                "new_password1": "nouveau-secret-78",
                "new_password2": "nouveau-secret-78",
            },
        )
    assert response.status_code == 302
    assert here.get(reverse("accounts:me")).status_code == 200
    assert elsewhere.get(reverse("accounts:me")).status_code == 302
    assert Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert "a été modifié" in mail.outbox[-1].subject
