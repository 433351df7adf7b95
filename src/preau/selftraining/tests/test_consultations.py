"""Consultations are counted from the learning record store: once each,
located by the learner's académie, gone when their statement is voided."""

import json
import uuid

import pytest

from preau.accounts.roles import Role
from preau.core.testing import user_with_role
from preau.indicators import selectors
from preau.indicators.periods import calendar_year
from preau.lrs.services import statements_store
from preau.selftraining.models import Consultation, Resource

pytestmark = pytest.mark.django_db
EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"


@pytest.fixture
def course():
    return Resource.objects.create(
        code="attention", title="L'attention, ça s'apprend !", kind=Resource.Kind.COURSE,
        iri="https://parcours.example.org/attention",
    )  # fmt: skip


def statement(resource, when="2025-03-04T10:00:00+01:00", email="x@example.org", sid=None,
              verb=EXPERIENCED):  # fmt: skip
    st = {"actor": {"mbox": f"mailto:{email}"}, "verb": {"id": verb},
          "object": {"id": resource.iri}, "timestamp": when}  # fmt: skip
    if sid:
        st["id"] = str(sid)
    return st


def test_statements_count_once_located_by_the_learners_academie(net, course):
    admin = user_with_role(Role.NATIONAL_ADMIN)
    learner = user_with_role()
    learner.academie = net.a2
    learner.save()
    sid = uuid.uuid4()
    statements_store(actor=admin, statements=[
        statement(course, email=learner.email.upper(), sid=sid), statement(course),
        statement(course, verb="http://adlnet.gov/expapi/verbs/completed"),  # not a consultation
    ])  # fmt: skip
    statements_store(actor=admin, statements=[statement(course, email=learner.email.upper(),
                                                        sid=sid)])  # sent again: same  # fmt: skip
    assert Consultation.objects.count() == 2
    located = Consultation.objects.get(statement_id=sid)
    assert (located.user, located.academie, located.territory) == (learner, net.a2, net.t1)

    year = calendar_year(2025)
    assert selectors.figures(None, year).consultations == 2
    assert selectors.figures(None, year).learners == 2  # the learner and x@example.org
    located_learner = Consultation.objects.get(statement_id=sid).learner
    assert len(located_learner) == 64 and learner.email not in located_learner  # a pseudonym
    assert selectors.figures(net.t1, year).consultations == 1
    assert selectors.figures(net.t2, year).consultations == 0
    assert selectors.figures(net.x1, year).consultations is None  # not tied to an Atelier
    assert selectors.figures(None, calendar_year(2024)).consultations == 0


def test_voiding_a_statement_removes_its_consultation(net, course):
    admin = user_with_role(Role.NATIONAL_ADMIN)
    sid = uuid.uuid4()
    statements_store(actor=admin, statements=[statement(course, sid=sid)])
    statements_store(actor=admin, statements=[{
        "actor": {"mbox": "mailto:lms@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
        "object": {"objectType": "StatementRef", "id": str(sid)},
    }])  # fmt: skip
    assert not Consultation.objects.exists()


def test_resources_api_gives_the_iris_to_send(client, course):
    assert client.get("/api/selftraining/resources").json()[0]["iri"] == course.iri


def test_the_consultations_figure_leads_to_its_resources(client, net, course):
    from preau.core.testing import TEST_PASSWORD

    admin = user_with_role(Role.NATIONAL_ADMIN)
    statements_store(actor=admin, statements=[statement(course), statement(course)])
    client.login(email=admin.email, password=TEST_PASSWORD)
    page = client.get("/pilotage/autoformation/", {"annee": 2025})
    assert [(r.code, n, before) for r, n, before in page.context["rows"]] == [("attention", 2, 0)]
    csv_text = client.get(
        "/pilotage/autoformation/", {"annee": 2025, "export": "csv"}
    ).content.decode("utf-8-sig")
    assert "L'attention, ça s'apprend !;Parcours d’autoformation;;2;0" in csv_text
    atelier = client.get("/pilotage/autoformation/", {"annee": 2025, "atelier": net.x1.code})
    assert atelier.context["attributable"] is False
    from preau.accounts.services import api_token_create

    _t, raw = api_token_create(user=admin, name="bi")
    figures = client.get("/api/indicators/key-figures", {"year": 2025},
                         headers={"Authorization": f"Bearer {raw}"}).json()  # fmt: skip
    assert figures["current"]["consultations"] == 2
    assert json.dumps(figures)  # plain JSON
