"""A territorial director reads their key figures, drills down to an Atelier's
sessions and opens the activity report, in a browser."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from preau.demo.accounts import demo_accounts_create
from preau.demo.catalog import demo_catalog_create
from preau.demo.year import demo_year_create
from preau.network.services import network_load

from .conftest import screenshot
from .test_catalog_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_drills_down_from_territory_to_sessions(page, live_server):  # type: ignore[no-untyped-def]
    network_load()
    demo_accounts_create()
    demo_catalog_create(count=30)
    year = timezone.localdate().year - 1
    demo_year_create(year=year, which="current", scale=0.01, seed=5)

    login(page, live_server.url, "direction.bfc@preau.test")
    page.get_by_role("link", name="L’essentiel").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "L’essentiel — Bourgogne-Franche-Comté"
    )
    table = page.locator("table", has_text="Académie")
    expect(table).to_be_visible()
    screenshot(page, "pilotage-territory")
    academie = table.get_by_role("link").first
    name = academie.inner_text()
    academie.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    atelier = page.locator("table", has_text="Atelier").get_by_role("link").first
    name = atelier.inner_text()
    atelier.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator("#breakdown")).to_contain_text("Par Séance")
    # The sessions behind "sessions held", within the Atelier.
    page.locator("#key-figures").get_by_role("link").nth(2).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Séances tenues")
    screenshot(page, "pilotage-records")
    page.get_by_role("link", name="Retour aux chiffres clés").click()
    page.get_by_role("link", name="Rapport d’activité (imprimable)").click()
    expect(page.locator("#report-tiles")).to_contain_text("journées stagiaires")
    assert not page.console_errors
