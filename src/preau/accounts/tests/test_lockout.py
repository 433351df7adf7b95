"""Guessing passwords and tokens is refused: per account, per IP address, with an
unlock path (the password-reset link, or an administrator's `axes_reset_username`)."""

import base64
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from preau.accounts.roles import Role
from preau.accounts.services import api_token_create
from preau.core.testing import TEST_PASSWORD, user_with_role

pytestmark = pytest.mark.django_db

LOGIN = "/compte/connexion"


def _client(ip: str = "198.51.100.7") -> Client:
    return Client(REMOTE_ADDR=ip)


def _login(client: Client, email: str, password: str):
    return client.post(LOGIN, {"username": email, "password": password})


def _logged_in(client: Client) -> bool:
    return client.get(reverse("accounts:me")).status_code == 200


def test_many_wrong_passwords_then_the_right_one_is_refused():
    """The issue's 300 guesses in a minute; 30 show the same (the lockout is at 5)."""
    user = user_with_role(None)
    client = _client()
    for i in range(30):
        _login(client, user.email, f"guess-{i}")
    response = _login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)
    body = response.content.decode()
    assert "Trop de tentatives infructueuses pour ce compte" in body
    assert re.search(r"jusqu’à \d\d:\d\d", body), body
    assert "Mot de passe oublié" in body


def test_the_login_page_warns_before_the_lockout():
    user = user_with_role(None)
    client = _client()
    pages = [_login(client, user.email, f"guess-{i}").content.decode() for i in range(4)]
    assert "essai" not in pages[0] and "essai" not in pages[1]
    assert "Encore 2 essais avant que la connexion soit suspendue 15 min" in pages[2]
    assert "Encore 1 essai avant" in pages[3] and "Mot de passe oublié" in pages[3]


def test_the_fifth_failure_locks_the_account_from_every_address():
    user = user_with_role(None)
    attacker = _client("203.0.113.1")
    for i in range(4):
        assert _login(attacker, user.email, f"guess-{i}").status_code == 200
    assert _login(attacker, user.email.upper(), "guess-4").status_code == 429
    elsewhere = _client("192.0.2.50")
    assert _login(elsewhere, user.email, TEST_PASSWORD).status_code == 429
    assert not _logged_in(elsewhere)


def test_a_few_mistakes_then_the_right_password_logs_in_and_are_forgotten():
    from axes.models import AccessAttempt

    user = user_with_role(None)
    client = _client()
    for i in range(4):
        _login(client, user.email, f"typo-{i}")
    assert _login(client, user.email, TEST_PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username=user.email).exists()


def test_the_lockout_ends_after_the_cool_off():
    from axes.models import AccessAttempt

    user = user_with_role(None)
    client = _client()
    for i in range(6):
        _login(client, user.email, f"guess-{i}")
    assert _login(client, user.email, TEST_PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, user.email, TEST_PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_refused_but_a_school_network_is_not():
    people = [user_with_role(None) for _ in range(31)]
    school = _client("198.51.100.20")
    # A room of teachers mistyping once each: still welcome.
    for person in people[:29]:
        _login(school, person.email, "typo")
    assert _login(_client("198.51.100.20"), people[29].email, TEST_PASSWORD).status_code == 302
    # Spraying passwords across accounts from one address: refused past 30.
    spray = _client("203.0.113.9")
    for person in people:
        _login(spray, person.email, "Printemps2026!")
    response = _login(spray, people[30].email, TEST_PASSWORD)
    assert response.status_code == 429
    assert "depuis votre connexion" in response.content.decode()
    assert _login(_client("192.0.2.80"), people[30].email, TEST_PASSWORD).status_code == 302


def test_the_client_address_is_read_behind_the_trusted_proxy(settings):
    settings.PREAU_PROXY_COUNT = 1
    user = user_with_role(None)
    proxy = "10.0.0.2"
    for i in range(30):
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66").post(
            LOGIN, {"username": f"nobody{i}@example.org", "password": "x"}
        )
    guesser = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert (
        guesser.post(LOGIN, {"username": user.email, "password": TEST_PASSWORD}).status_code == 429
    )
    other = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="spoofed, 192.0.2.5")
    assert other.post(LOGIN, {"username": user.email, "password": TEST_PASSWORD}).status_code == 302


def test_the_password_reset_link_unlocks_the_account(django_capture_on_commit_callbacks):
    user = user_with_role(None)
    client = _client()
    for i in range(8):
        _login(client, user.email, f"guess-{i}")
    assert _login(client, user.email, TEST_PASSWORD).status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"http://testserver(\S+)", str(mail.outbox[-1].body)).group(1)
    form = client.get(link, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "nouveau-secret-77", "new_password2": "nouveau-secret-77"},
        )
    assert _login(client, user.email, "nouveau-secret-77").status_code == 302


def test_an_administrator_unlocks_with_axes_reset_username():
    user = user_with_role(None)
    client = _client()
    for i in range(5):
        _login(client, user.email, f"guess-{i}")
    assert _login(client, user.email, TEST_PASSWORD).status_code == 429
    call_command("axes_reset_username", user.email)
    assert _login(client, user.email, TEST_PASSWORD).status_code == 302


def test_wrong_api_tokens_are_refused_with_429_past_the_threshold():
    user = user_with_role(None)
    _token, good = api_token_create(user=user, name="script")
    client = _client("203.0.113.40")
    statuses = [
        client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer preau_{i:08x}_guess").status_code
        for i in range(31)
    ]
    assert statuses[:29] == [401] * 29
    assert statuses[-1] == 429
    refused = client.get("/api/me", HTTP_AUTHORIZATION="Bearer preau_deadbeef_guess")
    assert refused.status_code == 429
    assert "Trop d’authentifications échouées" in refused.json()["detail"]
    # A real token is not guessed: its holder is never locked out by others' failures.
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 200


def test_guessing_one_token_is_refused_after_five_tries_from_anywhere():
    statuses = [
        _client(f"203.0.113.{i}")
        .get("/api/me", HTTP_AUTHORIZATION=f"Bearer preau_abcdef12_guess{i}")
        .status_code
        for i in range(6)
    ]
    assert statuses == [401, 401, 401, 401, 429, 429]


def _basic(email: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{email}:{secret}".encode()).decode()


def _xapi(client: Client, email: str, secret: str):
    return client.get(
        "/xapi/statements",
        HTTP_AUTHORIZATION=_basic(email, secret),
        HTTP_X_EXPERIENCE_API_VERSION="1.0.3",
    )


def test_lrs_basic_auth_guesses_are_refused_and_count_for_the_account():
    platform = user_with_role(Role.NATIONAL_ADMIN)
    _token, good = api_token_create(user=platform, name="lms")
    client = _client("203.0.113.77")
    statuses = [_xapi(client, platform.email, f"guess{i}").status_code for i in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    last = _xapi(client, platform.email, "again")
    assert last.status_code == 429 and "réessayez après" in last.json()["error"]
    # The platform's real token still works; the account's web login is paused.
    assert _xapi(client, platform.email, good).status_code == 200
    assert _login(_client(), platform.email, TEST_PASSWORD).status_code == 429


def test_attempts_keep_no_password_and_no_record_of_successful_logins():
    from axes.models import AccessAttempt

    user = user_with_role(None)
    client = _client()
    _login(client, user.email, "hunter2-secret")
    _login(client, user.email, TEST_PASSWORD)
    from axes.models import AccessLog

    assert not AccessLog.objects.exists()
    assert "hunter2-secret" not in "".join(
        AccessAttempt.objects.values_list("post_data", flat=True)
    )
