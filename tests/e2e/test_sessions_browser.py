"""Planning a session, registering, the waitlist and a promotion, in a browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from preau.catalog.testing import published_offer
from preau.network.models import Atelier
from preau.scheduling.testing import next_weekday

from .conftest import screenshot
from .test_catalog_browser import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_register_waitlist_and_promotion(page, demo_site):
    offer = published_offer(
        atelier=Atelier.objects.get(code="21"), title="Cartes mentales en classe"
    )
    day = next_weekday()

    # The Atelier manager plans a one-seat session and opens it.
    login(page, demo_site, "atelier21@preau.test")
    page.get_by_role("link", name="Planification").first.click()
    page.get_by_role("link", name="Planifier une séance").click()
    page.get_by_label("Offre").select_option(label="Cartes mentales en classe")
    page.get_by_label("Atelier organisateur").select_option(label="Atelier 21 – Dijon")
    page.get_by_label("Capacité").fill("1")
    page.get_by_label("Date (créneau 1)").fill(day.isoformat())
    page.get_by_label("Début (créneau 1)").fill("09:00")
    page.get_by_label("Fin (créneau 1)").fill("12:00")
    screenshot(page, "session-form")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("1 séance(s) planifiée(s).")).to_be_visible()
    screenshot(page, "session-manage")
    logout(page)

    # A teacher finds it on the offer page and registers in one click.
    login(page, demo_site, "enseignante@preau.test")
    page.goto(f"{demo_site}/catalogue/offres/{offer.pk}/")
    page.get_by_role("link", name="Voir et s’inscrire").click()
    page.get_by_role("button", name="S’inscrire").click()
    expect(page.get_by_text("Vous êtes inscrit : votre place est réservée.")).to_be_visible()
    logout(page)

    # Someone without an account joins the waitlist with an e-mail address.
    page.goto(f"{demo_site}/catalogue/offres/{offer.pk}/")
    page.get_by_role("link", name="Voir et s’inscrire").click()
    page.get_by_label("Adresse e-mail").fill("remplacante@example.org")
    page.get_by_label("Prénom").fill("Zoé")
    page.locator("#id_last_name").fill("Martin")
    page.get_by_role("button", name="S’inscrire en liste d’attente").click()
    # The same answer as for an address with an account: no one learns which it is.
    expect(page.get_by_text("Consultez votre messagerie")).to_be_visible()
    screenshot(page, "session-waitlist")

    # The teacher cancels from her account: the seat is offered to Zoé.
    login(page, demo_site, "enseignante@preau.test")
    page.get_by_role("link", name="Mes inscriptions").click()
    page.get_by_role("link", name=re.compile("Annuler mon inscription")).click()
    page.get_by_role("button", name="Oui, annuler mon inscription").click()  # a confirmation step
    expect(page.get_by_text("Votre inscription est annulée.")).to_be_visible()
    logout(page)
    offer_mail = next(
        m for m in mail.outbox if "remplacante@example.org" in m.to and "libère" in m.subject
    )
    accept_link = re.search(r"http\S+/lien/accepter/\S+/", offer_mail.body).group(0)
    page.goto(accept_link.replace("http://127.0.0.1:8000", demo_site))
    page.get_by_role("button", name="Oui, je prends la place").click()
    expect(page.get_by_text("La place est à vous")).to_be_visible()
    assert page.console_errors == []
