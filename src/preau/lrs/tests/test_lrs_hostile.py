"""Hostile bodies and parameters sent to the LRS: 4xx with a message naming
the fault, nothing stored, never a 500 (on SQLite and on PostgreSQL)."""

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from preau.accounts.roles import Role
from preau.core.testing import user_with_role
from preau.lrs.models import Document, Statement
from preau.lrs.tests.test_lrs import EXPERIENCED, auth, post
from preau.lrs.tests.test_lrs import st as statement

pytestmark = pytest.mark.django_db
STATE = "/xapi/activities/state"


@pytest.fixture
def lms(db):
    return auth(user_with_role(Role.NATIONAL_ADMIN))


AGENT = json.dumps({"mbox": "mailto:ines@example.org"})


def raw_post(client, headers, body: bytes | str, url: str = "/xapi/statements"):
    return client.post(url, body, content_type="application/json", headers=headers)


def stored() -> tuple[int, int]:
    return Statement.objects.count(), Document.objects.count()


def test_json_nested_100000_deep_is_refused_before_parsing(client, lms):
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000):
        response = raw_post(client, lms, body)
        assert response.status_code == 400 and "nested deeper than" in response.json()["error"]
    merge = f"{STATE}?activityId=https://p.test/a&agent={AGENT}&stateId=s"
    assert raw_post(client, lms, "[" * 100_000, merge).status_code in (204, 400)
    assert raw_post(client, lms, '{"a": 1}', merge).status_code == 400  # old one: too deep
    assert Statement.objects.count() == 0


def test_a_1_mb_verb_and_long_identifiers_are_refused(client, lms):
    long_verb = statement(verb="https://v.test/" + "v" * 1_000_000)
    response = post(client, lms, long_verb)
    assert response.status_code == 400 and "statement.verb.id" in response.json()["error"]
    assert post(client, lms, statement(activity="https://a.test/" + "a" * 3000)).status_code == 400
    assert post(client, lms, statement(who="x" * 600 + "@example.org")).status_code == 400
    key = f"{STATE}?activityId=https://p.test/a&agent={AGENT}&stateId={'k' * 600}"
    assert client.put(key, b"{}", content_type="application/json", headers=lms).status_code == 400
    assert stored() == (0, 0)


@pytest.mark.parametrize(
    "body",
    [
        '{"actor": {"mbox": "mailto:a@b.fr"}, "verb": {"id": "https://v/\\u0000"}, '
        '"object": {"id": "https://a/1"}}',
        '{"actor": {"mbox": "mailto:a@b.fr"}, "verb": {"id": "https://v/1"}, '
        '"object": {"id": "https://a/1"}, "result": {"response": "\\ud800"}}',
        '{"actor": {"mbox": "mailto:a@b.fr"}, "verb": {"id": "https://v/1"}, '
        '"object": {"id": "https://a/1"}, "result": {"score": {"raw": 1e999}}}',
        '{"actor": {"mbox": "mailto:a@b.fr"}, "verb": {"id": "https://v/1"}, '
        '"object": {"id": "https://a/1"}, "result": {"score": {"raw": NaN}}}',
        '{"actor": {"mbox": "mailto:a@b.fr"}, "verb": {"id": "https://v/1"}, '
        '"object": {"id": "https://a/1"}, "timestamp": "9999-12-31T23:59:59-23:59"}',
    ],
)
def test_values_postgresql_cannot_store_are_refused(client, lms, body):
    response = raw_post(client, lms, body)
    assert response.status_code == 400, response.content
    assert stored() == (0, 0)


def test_oversized_bodies_answer_413(client, lms):
    big = json.dumps([statement(result={"response": "x" * 1_000})] * 2_200)
    assert raw_post(client, lms, big).status_code == 413
    doc = f"{STATE}?activityId=https://p.test/a&agent={AGENT}&stateId=s"
    put = client.put(doc, b"x" * (1024 * 1024 + 1), content_type="text/plain", headers=lms)
    assert put.status_code == 413
    assert stored() == (0, 0)


def test_a_nul_in_a_query_parameter_is_refused(client, lms):
    for url in (f"/xapi/statements?verb={EXPERIENCED}%00", "/xapi/statements?statementId=%00",
                f"{STATE}?activityId=https://p.test/a%00&agent={AGENT}&stateId=s"):  # fmt: skip
        response = client.get(url, headers=lms)
        assert response.status_code == 400 and response.json()["error"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
IRI = st.one_of(st.just("https://v.test/1"), st.text(max_size=10), JSON)
STATEMENT = st.fixed_dictionaries(
    {"actor": st.one_of(st.just({"mbox": "mailto:a@b.fr"}),
                        st.dictionaries(st.sampled_from(["mbox", "account", "objectType",
                                                         "member", "openid"]), JSON)),
     "verb": st.one_of(st.fixed_dictionaries({"id": IRI}), JSON),
     "object": st.one_of(st.fixed_dictionaries({"id": IRI}), JSON)},
    optional={"id": st.one_of(st.uuids().map(str), st.text(max_size=5)),
              "timestamp": st.one_of(st.datetimes().map(lambda d: d.isoformat()), st.text()),
              "result": JSON, "context": JSON, "version": st.text(max_size=5)},
)  # fmt: skip
BODY = st.one_of(
    STATEMENT.map(json.dumps),
    st.lists(STATEMENT, max_size=3).map(json.dumps),
    JSON.map(json.dumps),
    st.text(max_size=50),
    st.integers(1, 200).map(lambda n: "[" * n),
)


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODY)
def test_fuzzed_statements_never_answer_500_and_a_refusal_stores_nothing(client, lms, body):
    before = stored()
    response = raw_post(client, lms, body)
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert stored() == before and response.json()["error"]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.fixed_dictionaries(
        {"activityId": IRI.map(str), "agent": st.one_of(st.just(AGENT), JSON.map(json.dumps)),
         "stateId": st.text(max_size=10)},
        optional={"registration": st.one_of(st.uuids().map(str), st.text(max_size=5))},
    ),
    method=st.sampled_from(["put", "post", "get", "delete"]),
    body=st.one_of(JSON.map(json.dumps), st.binary(max_size=50)),
)  # fmt: skip
def test_fuzzed_documents_never_answer_500(client, lms, params, method, body):
    before = stored()
    call = getattr(client, method)
    if method in ("put", "post"):
        response = call(STATE + "?" + _query(params), body, content_type="application/json",
                        headers=lms)  # fmt: skip
    else:
        response = call(STATE + "?" + _query(params), headers=lms)
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert stored() == before


def _query(params: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def test_a_statement_id_in_the_query_with_nul_is_refused_on_put(client, lms):
    url = f"/xapi/statements?statementId={uuid.uuid4()}%00"
    response = client.put(url, json.dumps(statement()), content_type="application/json",
                          headers=lms)  # fmt: skip
    assert response.status_code == 400 and Statement.objects.count() == 0
