import pytest

from preau.accounts.roles import Role
from preau.accounts.services import api_token_create
from preau.catalog.models import Offer
from preau.catalog.testing import offer_data, published_offer
from preau.core.testing import user_with_role

pytestmark = pytest.mark.django_db


def bearer(user):
    _token, raw = api_token_create(user=user, name="script")
    return {"Authorization": f"Bearer {raw}"}


def test_search_api_returns_results_and_facets(client, net):
    published_offer(title="Numérique et inclusion", modality="distance")
    published_offer(title="Jeux de société")
    data = client.get("/api/catalog/offers", {"q": "numerique", "modality": "distance"}).json()
    assert data["count"] == 1 and data["results"][0]["title"] == "Numérique et inclusion"
    facets = {f["key"]: f for f in data["facets"]}
    assert facets["modality"]["values"][0]["selected"] in (True, False)
    assert client.get("/api/catalog/offers", {"sort": "random"}).status_code == 422


def test_offer_detail_api_is_public_for_published_offers_only(client, net):
    offer = published_offer()
    data = client.get(f"/api/catalog/offers/{offer.pk}").json()
    assert data["content"]["objectives"] == offer_data()["objectives"]
    draft = Offer.objects.create(title="Brouillon")
    assert client.get(f"/api/catalog/offers/{draft.pk}").status_code == 404


def test_write_api_needs_a_token_and_a_covering_role(client, net):
    body = {"content": offer_data(), "atelier": "x1"}
    assert (
        client.post("/api/catalog/offers", body, content_type="application/json").status_code == 401
    )
    teacher = user_with_role()
    response = client.post(
        "/api/catalog/offers", body, content_type="application/json", headers=bearer(teacher)
    )
    assert response.status_code == 403
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    response = client.post(
        "/api/catalog/offers", body, content_type="application/json", headers=bearer(manager)
    )
    assert response.status_code == 201
    offer_id = response.json()["id"]

    patch = {"content": {"title": "Titre par API", "themes": ["inconnu"]}}
    response = client.patch(
        f"/api/catalog/offers/{offer_id}", patch, content_type="application/json",
        headers=bearer(manager),
    )  # fmt: skip
    assert response.status_code == 422 and "inconnu" in response.json()["detail"]
    assert Offer.objects.get().title == offer_data()["title"]
    response = client.post(f"/api/catalog/offers/{offer_id}/submit", headers=bearer(manager))
    assert response.json()["status"] == "submitted"
