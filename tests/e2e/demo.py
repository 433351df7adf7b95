"""Logging in and out as a person does (the ``demo_site`` fixture is in conftest)."""

from preau.demo.accounts import DEMO_PASSWORD


def login(page, site, email):  # type: ignore[no-untyped-def]
    page.goto(site + "/compte/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/compte/")


def logout(page):  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Se déconnecter").first.click()
    page.wait_for_load_state()
