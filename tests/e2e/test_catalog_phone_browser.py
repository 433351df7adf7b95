"""A teacher on a phone (390 px): a search with a typo, then the "Filtrer" panel."""

import pytest
from playwright.sync_api import expect

from preau.demo.accounts import demo_accounts_create
from preau.network.services import network_load

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


def test_a_teacher_finds_an_offer_despite_a_typo_and_filters_on_a_phone(phone, live_server):
    from preau.catalog.testing import published_offer

    network_load()
    demo_accounts_create()
    published_offer(title="Accueillir un élève avec autisme", modality="in_person")
    published_offer(title="Autisme : adapter ses supports", modality="distance")
    published_offer(title="Jeux de société en classe", modality="in_person")
    page = phone
    page.goto(live_server.url + "/catalogue/")
    expect(page.locator("#catalog-filters")).not_to_be_visible()  # a panel, closed
    page.get_by_label("Rechercher dans le catalogue").fill("autsime")
    count = page.locator("#catalog-count")
    expect(count).to_contain_text("2 offres de formation")
    expect(page.get_by_role("link", name="Accueillir un élève avec autisme")).to_be_visible()
    expect(page.locator("#catalog-results")).to_have_attribute("aria-busy", "false")
    expect(page.locator("#catalog-announce")).to_contain_text("2 offres de formation")
    screenshot(page, "catalog-phone-typo")

    page.get_by_role("button", name="Filtrer").click()
    panel = page.locator("#catalog-filters")
    expect(panel).to_be_visible()
    screenshot(page, "catalog-phone-filters")
    panel.locator("label", has_text="Distanciel").click()
    expect(count).to_contain_text("2 offres de formation")  # nothing moves while choosing
    panel.get_by_role("button", name="Appliquer les filtres").click()
    expect(count).to_contain_text("1 offre de formation")
    expect(panel).not_to_be_visible()
    expect(page.get_by_role("link", name="Autisme : adapter ses supports")).to_be_visible()
    tag = page.get_by_role("link", name="Retirer le filtre Distanciel")
    expect(tag).to_be_visible()
    expect(page.get_by_role("button", name="Filtrer (1)")).to_be_visible()
    screenshot(page, "catalog-phone-filtered")

    tag.click()
    expect(count).to_contain_text("2 offres de formation")
    expect(page.get_by_role("link", name="Retirer le filtre Distanciel")).to_have_count(0)
    assert "modality" not in page.url and "q=autsime" in page.url
    assert page.console_errors == []
