import csv
import io
import json
import xml.etree.ElementTree as ET  # our own feeds, not untrusted input

import pytest

from preau.accounts.roles import Role
from preau.catalog import services
from preau.catalog.models import Offer
from preau.catalog.testing import offer_data, published_offer
from preau.core.testing import TEST_PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def login(client, role=None, **place):
    user = user_with_role(role, **place)
    client.login(email=user.email, password=TEST_PASSWORD)
    return user


def test_public_catalog_lists_filters_and_pages(client, net):
    published_offer(title="Jeux coopératifs", modality="in_person")
    published_offer(title="Jeux en ligne", modality="distance")
    page = client.get("/catalogue/", {"q": "jeux", "modality": "distance"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 offre de formation" in html and "Jeux en ligne" in html
    assert "Jeux coopératifs" not in html
    assert 'value="distance" checked' in html.replace("  ", " ")


def test_htmx_request_gets_only_the_results(client, net):
    published_offer(title="Jeux coopératifs")
    page = client.get("/catalogue/", {"q": "jeux"}, headers={"HX-Request": "true"})
    html = page.content.decode()
    assert "Jeux coopératifs" in html and "<html" not in html


def test_bad_parameters_are_ignored_not_errors(client, net):
    for params in ({"page": "x"}, {"page": "99999"}, {"tri": "drop"}, {"q": "a" * 5000}):
        assert client.get("/catalogue/", params).status_code == 200


def test_offer_page_shows_the_qualiopi_information(client, net):
    offer = published_offer(atelier=net.x1, contact_phone="03 00 00 00 00")
    html = client.get(f"/catalogue/offres/{offer.pk}/").content.decode()
    for text in (
        "Choisir un outil adapté",
        "Aucun.",
        "Ateliers pratiques en petits groupes.",
        "Questionnaire de fin de formation.",
        "Inscription en ligne.",
        "48 h avant la session",
        "Salle accessible",
        "handicap@example.org",
        "contact@example.org",
        "Gratuite (service public)",
        "3 h",
        "Informations mises à jour le",
        "Pas encore de résultats publiés",
    ):
        assert text in html, text


def test_drafts_and_archived_offers_are_not_public(client, net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    draft = services.offer_create(actor=manager, data=offer_data(), atelier=net.x1)
    assert client.get(f"/catalogue/offres/{draft.pk}/").status_code == 404
    live = published_offer()
    services.offer_archive(actor=user_with_role(Role.NATIONAL_EDITOR), offer=live)
    assert client.get(f"/catalogue/offres/{live.pk}/").status_code == 404


def test_back_office_requires_the_right_role(client, net):
    assert client.get("/catalogue/gestion/").status_code == 302  # to the login page
    login(client)
    assert client.get("/catalogue/gestion/").status_code == 403
    assert client.get("/catalogue/relecture/").status_code == 403


def test_manager_writes_a_draft_through_the_form(client, net):
    login(client, Role.ATELIER_MANAGER, atelier=net.x1)
    page = client.get("/catalogue/gestion/nouvelle/")
    assert f"atelier:{net.x1.pk}" in page.content.decode()
    assert f"atelier:{net.x2.pk}" not in page.content.decode()
    response = client.post(
        "/catalogue/gestion/nouvelle/",
        {
            "owner": f"atelier:{net.x1.pk}",
            "title": "Éveil musical",
            "objectives": "Chanter\nJouer",
            "keywords": "musique, voix",
            "themes": ["pedagogies-actives"],
            "audiences": ["first_degree"],
            "career_stage": "all",
            "level": "discovery",
            "modality": "in_person",
            "rhythm": "synchronous",
            "format": "workshop",
            "price_model": "free",
        },
    )
    offer = Offer.objects.get()
    assert response.status_code == 302 and response.url == f"/catalogue/gestion/{offer.pk}/"
    assert (offer.atelier, offer.objectives, offer.keywords) == (
        net.x1,
        ["Chanter", "Jouer"],
        ["musique", "voix"],
    )
    # Submitting an incomplete offer explains what is missing and changes nothing.
    client.post(f"/catalogue/gestion/{offer.pk}/soumettre/")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    page = client.get(f"/catalogue/gestion/{offer.pk}/").content.decode()
    assert "Complétez ces champs avant la relecture" in page


def test_service_errors_show_on_the_field(client, net):
    login(client, Role.ATELIER_MANAGER, atelier=net.x1)
    page = client.post(
        "/catalogue/gestion/nouvelle/",
        {
            "owner": f"atelier:{net.x1.pk}",
            "title": "Payante sans prix",
            "career_stage": "all",
            "level": "discovery",
            "modality": "in_person",
            "rhythm": "synchronous",
            "format": "workshop",
            "price_model": "free",
            "price": "30",
        },
    )
    assert "Une offre gratuite n’a pas de prix." in page.content.decode()
    assert not Offer.objects.exists()


def test_other_ateliers_offers_are_not_editable(client, net):
    offer = published_offer(atelier=net.x2)
    login(client, Role.ATELIER_MANAGER, atelier=net.x1)
    assert client.get(f"/catalogue/gestion/{offer.pk}/").status_code == 404
    assert client.post(f"/catalogue/gestion/{offer.pk}/archiver/").status_code == 404


def test_review_queue_counts_and_decision(client, net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(actor=manager, data=offer_data(), atelier=net.x1)
    services.offer_submit(actor=manager, offer=offer)
    published_offer()
    login(client, Role.NATIONAL_EDITOR)
    page = client.get("/catalogue/relecture/")
    assert page.context["counts"]["submitted"] == 1
    assert page.context["counts"]["notices_reviewed_this_year"] == 1
    assert [row.offer for row in page.context["rows"]] == [offer]
    response = client.post(f"/catalogue/relecture/{offer.pk}/", {"decision": "reject"})
    assert "Expliquez la décision aux auteurs." in response.content.decode()
    client.post(f"/catalogue/relecture/{offer.pk}/", {"decision": "accept"})
    offer.refresh_from_db()
    assert offer.status == Offer.Status.PUBLISHED


def test_rss_and_atom_feeds_list_new_offers(client, net):
    published_offer(title="Première offre")
    published_offer(title="Seconde offre")
    rss = ET.fromstring(client.get("/catalogue/nouveautes.rss").content)  # noqa: S314
    titles = [i.findtext("title") for i in rss.iter("item")]
    assert titles == ["Seconde offre", "Première offre"]
    atom = ET.fromstring(client.get("/catalogue/nouveautes.atom").content)  # noqa: S314
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)] == titles
    assert all(e.find("a:updated", ns) is not None for e in atom.findall("a:entry", ns))


def test_open_data_exports(client, net):
    offer = published_offer(atelier=net.x1, title="Données ouvertes", keywords=["a", "b"])
    published_offer(title="Autre", modality="distance")
    data = json.loads(client.get("/catalogue/catalogue.json").content)
    assert data["count"] == 2
    record = next(r for r in data["offers"] if r["id"] == offer.pk)
    assert record["owner_atelier"] == "x1" and record["keywords"] == ["a", "b"]
    assert record["objectives"] == ["Choisir un outil adapté", "Concevoir une séance"]

    response = client.get("/catalogue/catalogue.csv", {"modality": "in_person"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["title"] for r in rows] == ["Données ouvertes"]
    assert rows[0]["keywords"] == "a | b" and rows[0]["owner_academie"] == "a1"
