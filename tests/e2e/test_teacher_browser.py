"""A teacher on a phone: session page → quick registration with an e-mail
address → the confirmation e-mail → its sign-in link → their registration,
signed in → My registrations."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from preau.network.models import Atelier
from preau.network.services import network_load
from preau.scheduling.testing import open_session

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_with_an_email_only_then_sign_in_from_the_email(browser, live_server):  # type: ignore[no-untyped-def]
    network_load()
    atelier = Atelier.objects.get(code="21")
    session = open_session(atelier)
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(f"{live_server.url}/seances/{session.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(session.offer.title)
    page.locator("#registration-box input[name=email]").fill("Nouvelle.Prof@Example.org")
    page.locator("#registration-box input[name=first_name]").fill("Nora")
    page.locator("#registration-box input[name=last_name]").fill("Prof")
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")
    expect(page.get_by_text("nouvelle.prof@example.org")).to_be_visible()
    screenshot(page, "teacher-390-requested")

    message = next(m for m in mail.outbox if m.to == ["nouvelle.prof@example.org"])
    assert "Inscription confirmée" in message.subject
    signin = re.search(r"http\S+/compte/connexion/lien/\S+", str(message.body)).group(0)
    page.goto(signin.replace("http://127.0.0.1:8000", live_server.url))
    screenshot(page, "teacher-390-signin-link")
    page.get_by_role("button", name="Me connecter").click()

    expect(page.get_by_text("Vous êtes connecté.")).to_be_visible()
    expect(page.get_by_text("Mon inscription", exact=True)).to_be_visible()
    expect(page.get_by_text("Vous êtes inscrit : votre place est réservée.")).to_be_visible()
    assert re.search(r"/inscriptions/\d+/$", page.url)
    screenshot(page, "teacher-390-registration")

    page.goto(f"{live_server.url}/inscriptions/")
    upcoming = page.locator("#upcoming")
    expect(upcoming.get_by_role("link", name=session.offer.title, exact=True)).to_be_visible()
    expect(upcoming.get_by_role("link", name=re.compile("Annuler mon inscription"))).to_be_visible()
    screenshot(page, "teacher-390-mine")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px phone"
    assert errors == []
    context.close()
