"""The learning record store through HTTP, as a learning platform uses it."""

import base64
import json
import uuid

import pytest

from preau.accounts.roles import Role
from preau.accounts.services import api_token_create
from preau.core.testing import user_with_role
from preau.lrs.models import Statement

pytestmark = pytest.mark.django_db
V = "1.0.3"
EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"


def auth(user):
    _t, raw = api_token_create(user=user, name="lms")
    value = base64.b64encode(f"{user.email}:{raw}".encode()).decode()
    return {"Authorization": f"Basic {value}", "X-Experience-API-Version": V}


@pytest.fixture
def lms(db):
    return auth(user_with_role(Role.NATIONAL_ADMIN))


def st(verb=EXPERIENCED, who="ines@example.org", activity="https://p.test/a/1", **extra):
    return {"actor": {"mbox": f"mailto:{who}"}, "verb": {"id": verb},
            "object": {"id": activity}, **extra}  # fmt: skip


def post(client, headers, body):
    return client.post("/xapi/statements", json.dumps(body), content_type="application/json",
                       headers=headers)  # fmt: skip


def test_about_version_and_authentication(client, lms):
    about = client.get("/xapi/about")
    assert about.json()["version"] == [V] and about["X-Experience-API-Version"] == V
    no_version = {k: v for k, v in lms.items() if k != "X-Experience-API-Version"}
    assert client.get("/xapi/statements", headers=no_version).status_code == 400
    too_new = {**lms, "X-Experience-API-Version": "1.1.0"}
    assert client.get("/xapi/statements", headers=too_new).status_code == 400
    nobody = client.get("/xapi/statements", headers={"X-Experience-API-Version": V})
    assert nobody.status_code == 401 and nobody["X-Experience-API-Version"] == V
    teacher = auth(user_with_role())
    assert post(client, teacher, st()).status_code == 403


def test_put_is_idempotent_and_a_different_content_conflicts(client, lms):
    sid = str(uuid.uuid4())
    url = f"/xapi/statements?statementId={sid}"
    body = json.dumps(st())
    assert client.put(url, body, content_type="application/json", headers=lms).status_code == 204
    assert client.put(url, body, content_type="application/json", headers=lms).status_code == 204
    other = json.dumps(st(verb=COMPLETED))
    assert client.put(url, other, content_type="application/json", headers=lms).status_code == 409
    later = json.dumps(st(timestamp="2026-01-05T09:00:00+01:00"))
    assert client.put(url, later, content_type="application/json", headers=lms).status_code == 409
    stored = client.get(url, headers=lms).json()
    assert stored["id"] == sid and stored["verb"]["id"] == EXPERIENCED
    assert stored["authority"]["mbox"].startswith("mailto:") and stored["stored"]


def test_a_bad_statement_in_a_batch_stores_nothing_and_says_where(client, lms):
    bad = post(client, lms, [st(), st(verb="not an iri")])
    assert bad.status_code == 400 and "statements[1].verb.id" in bad.json()["error"]
    assert not Statement.objects.exists()
    two_ifis = st()
    two_ifis["actor"]["openid"] = "https://id.example.org/ines"
    assert "statement.actor" in post(client, lms, two_ifis).json()["error"]


def test_queries_filter_and_page_with_more(client, lms):
    ids = post(client, lms, [st(activity=f"https://p.test/a/{i}") for i in range(5)]).json()
    post(client, lms, st(who="paul@example.org", verb=COMPLETED))
    agent = json.dumps({"mbox": "mailto:ines@example.org"})
    seen, url = [], f"/xapi/statements?agent={agent}&verb={EXPERIENCED}&limit=2&ascending=true"
    while url:
        page = client.get(url, headers=lms).json()
        seen += [s["id"] for s in page["statements"]]
        url = page["more"]
    assert seen == ids  # every one once, in the order stored
    one = client.get("/xapi/statements", {"activity": "https://p.test/a/3"}, headers=lms).json()
    assert [s["id"] for s in one["statements"]] == [ids[3]]


def test_voiding_hides_the_statement_but_keeps_it_retrievable(client, lms):
    (target,) = post(client, lms, [st()]).json()
    voiding = st(verb="http://adlnet.gov/expapi/verbs/voided")
    voiding["object"] = {"objectType": "StatementRef", "id": target}
    assert post(client, lms, voiding).status_code == 200
    assert client.get(f"/xapi/statements?statementId={target}", headers=lms).status_code == 404
    kept = client.get(f"/xapi/statements?voidedStatementId={target}", headers=lms)
    assert kept.status_code == 200 and kept.json()["id"] == target
    listed = client.get("/xapi/statements", {"verb": EXPERIENCED}, headers=lms).json()
    assert listed["statements"] == []
    nothing = st(verb="http://adlnet.gov/expapi/verbs/voided")
    nothing["object"] = {"objectType": "StatementRef", "id": str(uuid.uuid4())}
    assert post(client, lms, nothing).status_code == 400


def test_state_documents_with_etags_and_merge(client, lms):
    agent = json.dumps({"mbox": "mailto:ines@example.org"})
    base = f"/xapi/activities/state?activityId=https://p.test/a/1&agent={agent}"
    url = base + "&stateId=progress"
    put = client.put(url, json.dumps({"page": 3}), content_type="application/json", headers=lms)
    assert put.status_code == 204
    etag = put["ETag"]
    merged = client.post(url, json.dumps({"score": 8}), content_type="application/json",
                         headers=lms)  # fmt: skip
    assert merged.status_code == 204
    got = client.get(url, headers=lms)
    assert got.json() == {"page": 3, "score": 8} and got["ETag"] != etag
    stale = client.put(url, "{}", content_type="application/json",
                       headers={**lms, "If-Match": etag})  # fmt: skip
    assert stale.status_code == 412
    assert client.get(base, headers=lms).json() == ["progress"]
    assert client.delete(base, headers=lms).status_code == 204
    assert client.get(url, headers=lms).status_code == 404
    profile = "/xapi/agents/profile?agent=" + agent + "&profileId=prefs"
    client.put(profile, "texte", content_type="text/plain", headers=lms)
    assert client.get(profile, headers=lms).content == b"texte"


def test_administrators_browse_statements_and_register_resources(client, lms):
    post(client, lms, st(activity="https://p.test/a/9"))
    client.force_login(user_with_role(Role.NATIONAL_ADMIN))
    for url in ("/admin/lrs/statement/", "/admin/selftraining/resource/add/",
                "/admin/selftraining/consultation/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/lrs/statement/add/").status_code == 403  # written through /xapi/
