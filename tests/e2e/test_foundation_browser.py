import pytest
from playwright.sync_api import expect

from preau.demo.accounts import DEMO_PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_manager_logs_in_and_browses_home_and_atelier(page, demo_site):
    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator(".fr-footer").get_by_text("Accessibilité : non conforme")).to_be_visible()
    # The DSFR stylesheet is really applied (header laid out by its CSS).
    assert page.locator(".fr-header").evaluate("e => getComputedStyle(e).display") != "inline"
    screenshot(page, "home-anonymous")

    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("Adresse e-mail").fill("atelier21@preau.test")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/")
    expect(page.get_by_text("Responsable d’Atelier — Atelier 21 – Dijon")).to_be_visible()
    screenshot(page, "account")

    page.goto(demo_site + "/")
    expect(page.get_by_text("Bienvenue, Sophie.")).to_be_visible()
    screenshot(page, "home-logged-in")

    page.goto(demo_site + "/reseau/")
    page.get_by_role("button", name="Bourgogne-Franche-Comté").click()
    page.get_by_role("link", name="Atelier 21 – Dijon").click()
    page.wait_for_url("**/reseau/ateliers/21")
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier 21 – Dijon")
    expect(page.get_by_role("link", name="Modifier les informations de l’Atelier")).to_be_visible()
    screenshot(page, "atelier")
    assert page.console_errors == []


def test_network_page_and_language_switch(page, demo_site):
    page.goto(demo_site + "/reseau/")
    expect(page.locator(".fr-accordion")).to_have_count(16)
    screenshot(page, "network")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Our network")
    assert page.console_errors == []


def test_mobile_menu_opens(browser, demo_site):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(demo_site + "/")
    page.get_by_role("button", name="Menu").click()
    expect(
        page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Réseau")
    ).to_be_visible()
    screenshot(page, "home-mobile-menu")
    context.close()


def test_api_docs_render_under_the_content_security_policy(page, demo_site):
    page.goto(demo_site + "/api/docs")
    page.get_by_text("/api/network/territories").first.wait_for()
    screenshot(page, "api-docs")
    assert page.console_errors == []


def test_director_grants_a_role_from_the_team_page(page, demo_site):
    page.goto(demo_site + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill("direction.bfc@preau.test")
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Équipe et rôles").click()
    page.get_by_label("Adresse e-mail").fill("nouveau.formateur@example.org")
    page.get_by_label("Rôle").select_option(label="Formateur")
    page.get_by_label("Où").select_option(label="Atelier 25 – Besançon")
    page.get_by_role("button", name="Attribuer le rôle").click()
    expect(page.get_by_text("Le rôle est attribué.")).to_be_visible()
    expect(page.get_by_role("cell", name="nouveau.formateur@example.org")).to_be_visible()
    screenshot(page, "team")
    assert page.console_errors == []
