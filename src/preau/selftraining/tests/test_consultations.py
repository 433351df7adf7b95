"""Consultations come in as xAPI statements, all or nothing, once each; the
indicators count exactly what was recorded, where the learner works."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from preau.accounts.roles import Role
from preau.core.testing import user_with_role
from preau.indicators import selectors
from preau.indicators.periods import calendar_year
from preau.selftraining.models import Consultation, Resource
from preau.selftraining.services import consultations_record

pytestmark = pytest.mark.django_db
EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"


@pytest.fixture
def course():
    return Resource.objects.create(
        code="attention", title="L'attention, ça s'apprend !", kind=Resource.Kind.COURSE,
        iri="https://parcours.example.org/attention",
    )  # fmt: skip


def statement(resource, when="2025-03-04T10:00:00+01:00", email=None, sid=None):
    st = {"verb": {"id": EXPERIENCED}, "object": {"id": resource.iri}, "timestamp": when}
    if email:
        st["actor"] = {"mbox": f"mailto:{email}"}
    if sid:
        st["id"] = str(sid)
    return st


def test_statements_are_stored_once_and_located_by_the_learners_academie(net, course):
    admin = user_with_role(Role.NATIONAL_ADMIN)
    learner = user_with_role()
    learner.academie = net.a2
    learner.save()
    sid = uuid.uuid4()
    batch = [statement(course, email=learner.email.upper(), sid=sid), statement(course)]
    assert consultations_record(actor=admin, statements=batch).stored == 2
    again = consultations_record(actor=admin, statements=[statement(course, sid=sid)])
    assert (again.stored, again.already) == (0, 1)
    located = Consultation.objects.get(statement_id=sid)
    assert (located.user, located.academie, located.territory) == (learner, net.a2, net.t1)

    year = calendar_year(2025)
    assert selectors.figures(None, year).consultations == 2
    assert selectors.figures(net.t1, year).consultations == 1
    assert selectors.figures(net.t2, year).consultations == 0
    assert selectors.figures(net.x1, year).consultations is None  # not tied to an Atelier
    assert selectors.figures(None, calendar_year(2024)).consultations == 0


def test_a_bad_statement_names_the_problem_and_stores_nothing(net, course):
    admin = user_with_role(Role.NATIONAL_ADMIN)
    bad = [
        statement(course),
        {"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
         "object": {"id": "https://nowhere.example.org/x"}, "timestamp": "2025-03-04T10:00:00"},
    ]  # fmt: skip
    with pytest.raises(ValidationError) as error:
        consultations_record(actor=admin, statements=bad)
    assert set(error.value.message_dict) == {
        "statements[1].verb.id", "statements[1].object.id", "statements[1].timestamp",
    }  # fmt: skip
    assert not Consultation.objects.exists()
    with pytest.raises(PermissionDenied):
        consultations_record(
            actor=user_with_role(Role.ATELIER_MANAGER, atelier=net.x1),
            statements=[statement(course)],
        )


def test_statements_api(client, net, course):
    from preau.accounts.services import api_token_create

    _t, raw = api_token_create(user=user_with_role(Role.NATIONAL_ADMIN), name="lms")
    headers = {"Authorization": f"Bearer {raw}"}
    url = "/api/selftraining/statements"
    ok = client.post(url, [statement(course)], content_type="application/json", headers=headers)
    assert ok.status_code == 200 and ok.json() == {"stored": 1, "already": 0}
    bad = client.post(url, [{"verb": {}}], content_type="application/json", headers=headers)
    assert bad.status_code == 422 and "statements[0].object.id" in bad.json()["detail"]
    assert client.post(url, [statement(course)], content_type="application/json").status_code == 401
    assert client.get("/api/selftraining/resources").json()[0]["code"] == "attention"
    figures = client.get("/api/indicators/key-figures", {"year": 2025}, headers=headers).json()
    assert figures["current"]["consultations"] == 1 and figures["previous"]["consultations"] == 0


def test_the_consultations_figure_leads_to_its_resources(client, net, course):
    from preau.core.testing import TEST_PASSWORD

    admin = user_with_role(Role.NATIONAL_ADMIN)
    consultations_record(actor=admin, statements=[statement(course), statement(course)])
    client.login(email=admin.email, password=TEST_PASSWORD)
    page = client.get("/pilotage/autoformation/", {"annee": 2025})
    assert [(r.code, n, before) for r, n, before in page.context["rows"]] == [("attention", 2, 0)]
    csv_text = client.get(
        "/pilotage/autoformation/", {"annee": 2025, "format": "csv"}
    ).content.decode("utf-8-sig")
    assert "L'attention, ça s'apprend !;Parcours d’autoformation;;2;0" in csv_text
    atelier = client.get("/pilotage/autoformation/", {"annee": 2025, "atelier": net.x1.code})
    assert atelier.context["attributable"] is False
