"""The editorial workflow and the public search, as people do them in a browser."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot
from .demo import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_submit_review_publish_then_find(page, demo_site):
    # An Atelier manager writes a draft, forgets fields, completes it, submits.
    login(page, demo_site, "atelier21@preau.test")
    page.get_by_role("link", name="Mes offres").first.click()
    page.get_by_role("link", name="Nouvelle offre").click()
    page.get_by_label("Portée par").select_option(label="Atelier 21 – Dijon")
    page.get_by_label("Titre").fill("Robotique éducative au cycle 3")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/catalogue/gestion/*/")
    page.get_by_role("button", name="Soumettre au comité de lecture").click()
    expect(page.get_by_text("Complétez ces champs avant la relecture")).to_be_visible()

    page.get_by_role("link", name="Modifier", exact=True).click()
    page.get_by_label("Résumé").fill("Programmer de petits robots avec les élèves.")
    page.get_by_label("Objectifs").fill("Programmer un robot\nConcevoir un défi")
    page.get_by_label("Prérequis").fill("Aucun.")
    page.get_by_label("Durée (heures)").fill("6")
    page.locator("label", has_text="Premiers usages des matériels").click()
    page.locator("label", has_text="Enseignants du 1er degré").click()
    page.get_by_label("Méthodes pédagogiques").fill("Manipulation en binômes.")
    page.get_by_label("Modalités d’évaluation").fill("Défi final.")
    page.get_by_label("Modalités d’accès").fill("Inscription en ligne.")
    page.get_by_label("Délai d’accès").fill("48 h avant.")
    page.get_by_label("Accessibilité aux personnes en situation de handicap").fill("Accessible.")
    page.get_by_label("Référent handicap").fill("handicap@preau.test")
    page.get_by_label("E-mail de contact").fill("atelier21@preau.test")
    page.get_by_label("Mots-clés").fill("robots, Thymio")
    screenshot(page, "catalog-offer-form")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("button", name="Soumettre au comité de lecture").click()
    expect(page.get_by_text("Soumise au comité de lecture.")).to_be_visible()
    logout(page)

    # The reading committee sees it in its queue and accepts it.
    login(page, demo_site, "comite@preau.test")
    page.get_by_role("link", name="Comité de lecture").first.click()
    expect(page.locator("#review-counts").get_by_text("En attente de relecture")).to_be_visible()
    screenshot(page, "catalog-review-queue")
    page.get_by_role("link", name="Robotique éducative au cycle 3").click()
    page.locator("label", has_text="Accepter et publier").click()
    screenshot(page, "catalog-review-offer")
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée")).to_be_visible()
    logout(page)

    # A teacher finds it by a word without its accent, then by a facet.
    from preau.catalog.testing import published_offer

    published_offer(title="Webinaire : robotique éducative", modality="distance")
    page.goto(demo_site + "/catalogue/")
    page.get_by_label("Rechercher dans le catalogue").fill("robotique educ")
    page.wait_for_url("**/catalogue/?q=robotique*", wait_until="commit")  # results swapped in
    count = page.locator("#catalog-count")
    expect(count).to_contain_text("2 offres de formation")
    page.locator("label", has_text="Présentiel").click()
    count.get_by_text("1 offre de formation").wait_for()
    expect(page).to_have_url(re.compile(r"modality=in_person"))  # the URL follows the filters
    expect(page).to_have_url(re.compile(r"q=robotique"))
    screenshot(page, "catalog-search")
    page.get_by_role("link", name="Robotique éducative au cycle 3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Robotique éducative au cycle 3")
    expect(page.get_by_text("Programmer un robot")).to_be_visible()
    expect(page.get_by_text("Informations mises à jour le")).to_be_visible()
    screenshot(page, "catalog-offer")
    assert page.console_errors == []


def test_catalog_works_without_javascript(browser, demo_site):  # type: ignore[no-untyped-def]
    from preau.catalog.testing import published_offer

    published_offer(title="Jeux coopératifs en classe", modality="in_person")
    published_offer(title="Webinaire jeux sérieux", modality="distance", format="webinar")
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.goto(demo_site + "/catalogue/")
    page.get_by_label("Rechercher dans le catalogue").fill("jeux")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    expect(page.locator("#catalog-count")).to_contain_text("2 offres de formation")
    page.locator("label", has_text="Distanciel").click()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(page.locator("#catalog-count")).to_contain_text("1 offre de formation")
    expect(page.get_by_role("link", name="Webinaire jeux sérieux")).to_be_visible()
    context.close()
