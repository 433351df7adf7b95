import pytest

from preau.accounts.roles import Role
from preau.accounts.services import api_token_create, api_token_revoke
from preau.core.testing import user_with_role

pytestmark = pytest.mark.django_db


def test_network_is_public_reference_data(client, net):
    territories = client.get("/api/network/territories").json()
    assert [t["code"] for t in territories] == ["DT-ONE", "DA-TWO"]  # the directions first
    one = next(t for t in territories if t["code"] == "DT-ONE")
    assert [a["code"] for a in one["academies"]] == ["a1", "a2"]
    assert [d["code"] for d in one["academies"][0]["departements"]] == ["01", "02"]


def test_ateliers_filter_and_detail(client, net):
    codes = [a["code"] for a in client.get("/api/network/ateliers", {"academie": "a1"}).json()]
    assert codes == ["x1", "x2"]
    assert len(client.get("/api/network/ateliers", {"territory": "DT-ONE"}).json()) == 3
    detail = client.get("/api/network/ateliers/y1").json()
    assert detail["territory"] == "DA-TWO" and detail["url"].endswith("/reseau/ateliers/y1")
    assert client.get("/api/network/ateliers/zz").status_code == 404


def test_me_needs_a_valid_token(client, net):
    user = user_with_role(Role.TRAINER, atelier=net.x1)
    token, raw = api_token_create(user=user, name="script")
    assert client.get("/api/me").status_code == 401
    assert client.get("/api/me", headers={"Authorization": "Bearer preau_nope"}).status_code == 401
    me = client.get("/api/me", headers={"Authorization": f"Bearer {raw}"}).json()
    assert me["email"] == user.email
    assert me["roles"] == [{"role": "trainer", "scope_kind": "atelier", "scope": "Atelier x1"}]
    api_token_revoke(user=user, token=token)
    assert client.get("/api/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_openapi_docs_are_served(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/network/territories" in schema["paths"]
    assert "PersonalToken" in schema["components"]["securitySchemes"]
