import pytest

from preau.accounts.roles import Role
from preau.catalog.models import Synonym
from preau.catalog.testing import published_offer
from preau.core.models import AuditEvent
from preau.core.testing import TEST_PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def login(client, role=None, **place):
    user = user_with_role(role, **place)
    client.login(email=user.email, password=TEST_PASSWORD)
    return user


def test_seeded_synonyms_find_offers_through_acronyms(client, net):
    assert Synonym.objects.filter(term="TSA", equivalent="autisme").exists()
    published_offer(title="Accueillir un élève autiste", summary="Comprendre l'autisme.")
    html = client.get("/catalogue/", {"q": "TSA"}).content.decode()
    assert "1 offre de formation" in html and "Accueillir un élève autiste" in html


def test_committee_adds_a_synonym_and_search_follows(client, net):
    published_offer(title="Le codage débranché", summary="Sans écran.")
    assert "0 offre" in client.get("/catalogue/", {"q": "unplugged"}).content.decode()
    login(client, Role.NATIONAL_EDITOR)
    page = client.post("/catalogue/synonymes/", {"term": "unplugged", "equivalent": "débranché"})
    assert page.status_code == 302
    assert AuditEvent.objects.filter(action="synonym.created").exists()
    html = client.get("/catalogue/", {"q": "unplugged"}).content.decode()
    assert "Le codage débranché" in html
    again = client.post("/catalogue/synonymes/", {"term": "Débranché", "equivalent": "unplugged"})
    assert again.status_code == 400 and "existe déjà" in again.content.decode()
    empty = client.post("/catalogue/synonymes/", {"term": " ", "equivalent": "x"})
    assert "Saisissez un mot" in empty.content.decode()
    synonym = Synonym.objects.get(term="unplugged")
    client.post(f"/catalogue/synonymes/{synonym.pk}/supprimer/")
    assert not Synonym.objects.filter(pk=synonym.pk).exists()
    assert "0 offre" in client.get("/catalogue/", {"q": "unplugged"}).content.decode()


def test_only_the_national_committee_edits_synonyms(client, net):
    login(client, Role.ATELIER_MANAGER, atelier=net.x1)
    assert client.get("/catalogue/synonymes/").status_code == 403
    synonym = Synonym.objects.first()
    assert client.post(f"/catalogue/synonymes/{synonym.pk}/supprimer/").status_code == 403
    assert Synonym.objects.filter(pk=synonym.pk).exists()


def test_the_page_says_when_it_falls_back_to_any_word(client, net):
    published_offer(title="Robotique au cycle 3", summary="Des robots.")
    published_offer(title="Jeux de société", summary="En classe.")
    html = client.get("/catalogue/", {"q": "robotique société"}).content.decode()
    assert (
        "Aucun résultat pour tous les mots ; voici les offres qui contiennent au moins un mot"
        in html
    )
    assert "Robotique au cycle 3" in html and "Jeux de société" in html
    html = client.get("/catalogue/", {"q": "robotiqe"}).content.decode()
    assert "Robotique au cycle 3" in html and "Aucun résultat pour tous" not in html
