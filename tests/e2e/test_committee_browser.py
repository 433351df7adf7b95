"""The reading committee in a browser: four eyes, the diff since sent back, publishing."""

import pytest
from playwright.sync_api import expect

from preau.accounts.models import User
from preau.catalog import services
from preau.catalog.models import Offer
from preau.catalog.testing import offer_data
from preau.network.models import Atelier

from .conftest import screenshot
from .demo import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def both_widths(page, name):  # type: ignore[no-untyped-def]
    """Screenshots at 1280 and 390 px wide; nothing may overflow sideways."""
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"{name}-{width}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} at {width} px overflows by {overflow} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_author_cannot_accept_reviewer_sees_diff_and_publishes(page, demo_site):
    manager = User.objects.get(email="atelier21@preau.test")
    comite = User.objects.get(email="comite@preau.test")
    offer = services.offer_create(
        actor=manager,
        data=offer_data(
            title="Coopérer en classe avec le jeu",
            teaching_methods="Ateliers pratiques en petits groupes, avec des temps d'échange "
            "entre pairs et une mise en commun des jeux essayés.",
        ),
        atelier=Atelier.objects.get(code="21"),
    )
    services.offer_submit(actor=manager, offer=offer)
    services.offer_review(
        actor=comite, offer=offer, decision=services.Decision.REQUEST_CHANGES,
        comment="Trois heures semblent courtes : précisez la durée et le déroulé.",
    )  # fmt: skip

    # The Atelier manager revises in the form (in sections) and submits again.
    login(page, demo_site, "atelier21@preau.test")
    page.goto(f"{demo_site}/catalogue/gestion/{offer.pk}/")
    expect(page.get_by_text("Trois heures semblent courtes").first).to_be_visible()
    page.get_by_role("link", name="Modifier", exact=True).click()
    expect(page.locator("#qualiopi-missing")).to_contain_text("Tous les champs exigés")
    page.get_by_label("Durée (heures)").fill("6")
    page.get_by_label("Méthodes pédagogiques").fill(
        "Ateliers pratiques en binômes, avec des temps d'échange entre pairs et une mise "
        "en commun des jeux essayés, puis un temps de conception."
    )
    # A contradictory choice is refused, naming both.
    page.locator("#id_format").select_option(label="Webinaire")
    both_widths(page, "committee-form-author")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("L’offre n’a pas été enregistrée")).to_be_visible()
    expect(
        page.get_by_text(
            "« Présentiel » (modalité) et « Webinaire » (format) se contredisent"
        ).first
    ).to_be_visible()
    page.locator("#id_format").select_option(label="Atelier pratique")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("button", name="Soumettre au comité de lecture").click()
    expect(page.get_by_text("Soumise au comité de lecture.")).to_be_visible()
    logout(page)

    # The committee's editor fixes a word too: now an author, they cannot accept.
    login(page, demo_site, "comite@preau.test")
    page.goto(f"{demo_site}/catalogue/gestion/{offer.pk}/modifier/")
    page.get_by_label("Délai d’accès").fill("Jusqu'à une semaine avant la session.")
    both_widths(page, "committee-form-committee")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Comité de lecture").first.click()
    expect(page.get_by_text("depuis aujourd’hui").first).to_be_visible()
    both_widths(page, "committee-queue-committee")
    page.get_by_role("link", name="Coopérer en classe avec le jeu").click()
    expect(page.get_by_text("un autre membre du comité de lecture doit l’accepter")).to_be_visible()
    expect(page.locator("label", has_text="Accepter et publier")).to_have_count(0)
    both_widths(page, "committee-diff-committee-author")
    logout(page)

    # Another reviewer sees what changed since it was sent back, and accepts.
    login(page, demo_site, "admin@preau.test")
    page.goto(f"{demo_site}/catalogue/relecture/")
    page.get_by_role("link", name="Coopérer en classe avec le jeu").click()
    diff = page.locator("#since-sent-back")
    expect(diff).to_contain_text("Ce qui a changé depuis le renvoi aux auteurs")
    expect(diff).to_contain_text("Trois heures semblent courtes")
    expect(diff.locator("del", has_text="3,0")).to_be_visible()
    expect(diff.locator("ins", has_text="6,0")).to_be_visible()
    expect(diff.locator("del", has_text="petits groupes")).to_be_visible()
    expect(diff.locator("ins", has_text="binômes")).to_be_visible()
    expect(diff).to_contain_text("Délai d’accès")
    both_widths(page, "committee-diff-reviewer")
    page.locator("label", has_text="Accepter et publier").click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("Décision enregistrée")).to_be_visible()
    page.get_by_role("link", name="Voir l’offre publiée dans le catalogue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coopérer en classe avec le jeu")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED
    assert page.console_errors == []
