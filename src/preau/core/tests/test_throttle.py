"""Anonymous forms that send e-mail are limited per client and per target address:
past the limit the answer says when to try again, and nothing is sent."""

import pytest
from django.core import mail
from django.test import Client

from preau.core.testing import user_with_role
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db


def _post(url: str, data: dict[str, str], ip: str, callbacks):
    with callbacks(execute=True):
        return Client(REMOTE_ADDR=ip).post(url, data)


def _signup(email: str) -> dict[str, str]:
    return {"email": email, "first_name": "Anne", "last_name": "Martin"}


def test_signup_mails_one_address_three_times_an_hour_at_most(
    django_capture_on_commit_callbacks,
):
    statuses = [
        _post(
            "/compte/inscription",
            _signup("Cible@Example.org" if i % 2 else "cible@example.org"),
            f"203.0.113.{i}",
            django_capture_on_commit_callbacks,
        ).status_code
        for i in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    assert all(m.to == ["cible@example.org"] for m in mail.outbox)


def test_one_client_signs_up_twenty_addresses_an_hour_at_most(django_capture_on_commit_callbacks):
    for i in range(20):
        response = _post(
            "/compte/inscription",
            _signup(f"p{i}@example.org"),
            "198.51.100.3",
            django_capture_on_commit_callbacks,
        )
        assert response.status_code == 302
    refused = _post(
        "/compte/inscription",
        _signup("p20@example.org"),
        "198.51.100.3",
        django_capture_on_commit_callbacks,
    )
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 60
    body = refused.content.decode()
    assert "Trop de demandes" in body and "Rien n’a été envoyé" in body
    assert len(mail.outbox) == 20
    # Someone else is still welcome.
    other = _post(
        "/compte/inscription",
        _signup("p21@example.org"),
        "192.0.2.9",
        django_capture_on_commit_callbacks,
    )
    assert other.status_code == 302


def test_password_reset_mails_one_address_three_times_an_hour_at_most(
    django_capture_on_commit_callbacks,
):
    user = user_with_role(None)
    statuses = [
        _post(
            "/compte/mot-de-passe/oubli",
            {"email": user.email},
            f"203.0.113.{i}",
            django_capture_on_commit_callbacks,
        ).status_code
        for i in range(4)
    ]
    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_quick_registration_is_limited_for_visitors_not_for_people_logged_in(
    net, django_capture_on_commit_callbacks
):
    sessions = [open_session(net.x1) for _ in range(5)]
    statuses = [
        _post(
            f"/inscriptions/seances/{s.pk}/inscription/",
            {"email": "visiteur@example.org", "first_name": "A", "last_name": "B"},
            f"203.0.113.{i}",
            django_capture_on_commit_callbacks,
        ).status_code
        for i, s in enumerate(sessions[:4])
    ]
    assert statuses == [302, 302, 302, 429]
    teacher = user_with_role()
    client = Client(REMOTE_ADDR="203.0.113.1")
    client.force_login(teacher)
    for _ in range(25):
        assert (
            client.post(f"/inscriptions/seances/{sessions[4].pk}/inscription/").status_code == 302
        )


def test_the_complaint_form_is_limited_per_address(django_capture_on_commit_callbacks):
    data = {"email": "plaignant@example.org", "subject": "Retard", "body": "La séance…"}
    statuses = [
        _post(
            "/evaluation/reclamation/", data, f"203.0.113.{i}", django_capture_on_commit_callbacks
        )
        for i in range(4)
    ]
    assert [r.status_code for r in statuses[:3]] == [200, 200, 200]
    assert statuses[3].status_code == 429
    sent = len(mail.outbox)
    assert sent <= 3
