from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_is_a_french_dsfr_page_with_the_operator_and_footer(client, net, settings):
    settings.OPERATOR_NAME = "Atelier de test national"
    body = client.get("/").content.decode()
    assert '<html lang="fr"' in body
    assert "dsfr" in body and 'class="fr-header"' in body
    assert "Atelier de test national" in body
    assert "Accessibilité : non conforme" in body
    for name in ("core:accessibility", "core:legal", "core:privacy"):
        assert reverse(name) in body


@pytest.mark.parametrize("name", ["core:accessibility", "core:legal", "core:privacy"])
def test_institutional_pages_exist_in_both_languages(client, name):
    french = client.get(reverse(name)).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse(name)).content.decode()
    assert '<html lang="fr"' in french and '<html lang="en"' in english
    assert french != english


def test_english_can_be_switched_on(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/reseau/"})
    assert response.status_code == 302 and response["Location"] == "/reseau/"
    body = client.get("/").content.decode()
    assert "Accessibility: not compliant" in body and "Log in" in body


def test_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_healthz_fails_when_the_database_does_not_answer(client):
    with mock.patch("preau.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


def test_assets_are_served_locally_without_debug(client, settings):
    assert not settings.DEBUG
    head = client.get("/").content.decode().split("<body>")[0]
    assert "https://" not in head  # no CDN
    for asset in (
        "/static/preau/preau.css",
        "/static/dsfr/dist/dsfr.min.css",
        "/static/django_htmx/htmx-2.min.js",
    ):
        assert client.get(asset).status_code == 200, asset


def test_admin_is_reserved_to_national_administrators(client, net):
    from preau.accounts.roles import Role
    from preau.core.testing import user_with_role

    client.force_login(user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1))
    assert client.get("/admin/").status_code == 302
    client.force_login(user_with_role(Role.NATIONAL_ADMIN))
    assert client.get("/admin/").status_code == 200
