"""Every JSON body the REST API accepts, fuzzed: never a 500, and a refusal
writes nothing (rows counted before and after), on SQLite and PostgreSQL."""

import json

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preau.accounts.roles import Role
from preau.accounts.services import api_token_create
from preau.catalog.models import Offer
from preau.core.testing import user_with_role
from preau.evaluation.models import Answer, Invitation
from preau.evaluation.tests.test_surveys import held_session

pytestmark = pytest.mark.django_db
FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
WATCHED = ("catalog.Offer", "catalog.OfferVersion", "catalog.OfferEvent", "evaluation.Answer",
           "registrations.Registration", "core.AuditEvent")  # fmt: skip


def rows() -> dict[str, int]:
    return {name: apps.get_model(name).objects.count() for name in WATCHED}


def bearer(user) -> dict[str, str]:
    _t, raw = api_token_create(user=user, name="fuzz")
    return {"Authorization": f"Bearer {raw}"}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
FIELDS = st.sampled_from(["title", "summary", "objectives", "duration_hours", "modality",
                          "format", "themes", "audiences", "price", "level"])  # fmt: skip
CONTENT = st.dictionaries(FIELDS, st.one_of(JSON, st.text(max_size=300),
                                            st.just("x" * 5000)), max_size=4)  # fmt: skip
RAW = st.one_of(
    st.text(max_size=40),
    st.integers(1, 300).map(lambda n: "[" * n + "]" * n),
    st.just('{"content": {"title": "\\u0000"}}'),
    st.just('{"content": {"title": 1e999}}'),
    st.just('{"content": {"title": NaN}}'),
)


def send(client, method, url, body, headers):
    call = getattr(client, method)
    return call(url, body, content_type="application/json", headers=headers)


@FUZZ
@given(body=st.one_of(
    st.fixed_dictionaries({"content": CONTENT},
                          optional={"territory": st.text(max_size=6),
                                    "atelier": st.text(max_size=6)}).map(json.dumps),
    JSON.map(json.dumps), RAW,
))  # fmt: skip
def test_writing_offers(client, net, body):
    headers = bearer(user_with_role(Role.NATIONAL_EDITOR))
    before = rows()
    response = send(client, "post", "/api/catalog/offers", body, headers)
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert rows() == before


@pytest.fixture
def draft(client, net):
    editor = user_with_role(Role.NATIONAL_EDITOR)
    headers = bearer(editor)
    response = send(client, "post", "/api/catalog/offers", {"content": {"title": "Brouillon"}},
                    headers)  # fmt: skip
    assert response.status_code == 201
    return Offer.objects.get(pk=response.json()["id"]), headers


@FUZZ
@given(body=st.one_of(
    st.fixed_dictionaries({"content": CONTENT}, optional={"minor": JSON}).map(json.dumps),
    JSON.map(json.dumps), RAW,
))  # fmt: skip
def test_editing_and_submitting_offers(client, draft, body):
    offer, headers = draft
    before = rows()
    response = send(client, "patch", f"/api/catalog/offers/{offer.pk}", body, headers)
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert rows() == before
    submitted = send(client, "post", f"/api/catalog/offers/{offer.pk}/submit", body, headers)
    assert submitted.status_code < 500, submitted.content


@FUZZ
@given(body=st.one_of(
    st.fixed_dictionaries({}, optional={
        "satisfaction": st.one_of(st.integers(-5, 10), JSON), "transfer": JSON,
        "objectives_met": JSON, "impact": JSON, "changes": st.one_of(JSON, st.just("x" * 9000)),
        "comment": st.one_of(JSON, st.just("a\x00b"), st.just("x" * 9000)),
    }).map(json.dumps),
    JSON.map(json.dumps), RAW,
))  # fmt: skip
def test_answering_a_survey(client, net, body):
    if not Invitation.objects.exists():
        held_session(net, attended=1, missed=0)
    invitation = Invitation.objects.get()
    Answer.objects.all().delete()
    Invitation.objects.update(answered_at=None)
    headers = bearer(invitation.registration.user)
    before = rows()
    response = send(client, "post", f"/api/evaluation/surveys/{invitation.pk}/answer", body,
                    headers)  # fmt: skip
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert rows() == before


@FUZZ
@given(body=st.one_of(JSON.map(json.dumps), RAW), session_id=st.integers(-(2**70), 2**70))
def test_registering_and_cancelling(client, net, body, session_id):
    headers = bearer(user_with_role())
    before = rows()
    for method, url in (("post", f"/api/sessions/{session_id}/registrations"),
                        ("delete", f"/api/registrations/{session_id}"),
                        ("post", f"/api/registrations/{session_id}/accept")):  # fmt: skip
        response = send(client, method, url, body, headers)
        assert response.status_code < 500, response.content
    assert rows() == before  # no such session or registration: nothing written


def test_deep_and_unstorable_bodies_say_why(client, net):
    headers = bearer(user_with_role(Role.NATIONAL_EDITOR))
    deep = send(client, "post", "/api/catalog/offers", "[" * 100_000, headers)
    assert deep.status_code == 400 and "nested deeper than" in deep.json()["detail"]
    nul = send(client, "post", "/api/catalog/offers", '{"content": {"title": "a\\u0000"}}', headers)
    assert nul.status_code == 400 and "NUL" in nul.json()["detail"]
    huge = json.dumps({"content": {"title": "x" * 300_000}})
    big = send(client, "post", "/api/catalog/offers", huge, headers)
    assert big.status_code == 413
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "content",
    [{"summary": None}, {"duration_hours": ""}, {"themes": True}, {"themes": [{"a": 1}]},
     {"title": ["a"]}, {"price": {}}],
)  # fmt: skip
def test_values_of_the_wrong_shape_are_a_422_found_by_fuzzing(client, net, content):
    headers = bearer(user_with_role(Role.NATIONAL_EDITOR))
    response = send(client, "post", "/api/catalog/offers", {"content": content}, headers)
    assert response.status_code == 422 and not Offer.objects.exists()
