from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError

from preau.accounts.roles import Role
from preau.attendance.services import attendance_mark, session_close
from preau.core.testing import user_with_role
from preau.evaluation import links, services
from preau.evaluation.models import Answer, Invitation
from preau.evaluation.selectors import offer_results
from preau.registrations.services import registration_create
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db


def held_session(net, attended=6, missed=1, capture=None):
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    session = open_session(
        net.x1, trainers=(trainer,), slots=(SlotSpec(next_weekday(), time(9), time(12)),)
    )
    people = [user_with_role() for _ in range(attended + missed)]
    for person in people:
        registration_create(session=session, user=person)
    slot = session.slots.get()
    for person in people[:attended]:
        attendance_mark(actor=trainer, slot=slot, user=person, status="present", now=slot.starts_at)
    session_close(actor=trainer, session=session, now=slot.ends_at)
    return session, people


def test_closing_sends_the_hot_survey_to_those_who_attended(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _session, people = held_session(net, attended=2, missed=1)
    invited = set(Invitation.objects.values_list("registration__user__email", flat=True))
    assert invited == {people[0].email, people[1].email}
    mail = next(m for m in mailoutbox if m.to == [people[0].email] and "avis" in m.subject)
    assert "/evaluation/" in mail.body


def test_answers_once_and_rates_with_n(net, client):
    session, _people = held_session(net, attended=6)
    levels = [4, 4, 3, 3, 2, 1]
    for invitation, level in zip(Invitation.objects.order_by("pk"), levels, strict=True):
        url = links.url(invitation).split(":8000", 1)[1]
        client.post(
            url, {"satisfaction": level, "transfer": 4 if level > 2 else 1, "comment": "ok"}
        )
    assert Answer.objects.count() == 6
    first = Invitation.objects.order_by("pk")[0]
    with pytest.raises(ValidationError):
        services.survey_answer(invitation=first, data={"satisfaction": 4, "transfer": 4})
    results = offer_results(session.offer_id)
    assert (results.satisfaction.percent, results.satisfaction.n) == (66.7, 6)
    assert results.response.percent == 100.0
    assert (results.completion.percent, results.completion.n) == (85.7, 7)  # one no-show
    page = client.get(f"/catalogue/offres/{session.offer_id}/").content.decode()
    assert "66,7 %" in page and "N = 6" in page


def test_results_stay_hidden_below_the_minimum_n(net, client):
    session, _people = held_session(net, attended=2)
    for invitation in Invitation.objects.all():
        services.survey_answer(invitation=invitation, data={"satisfaction": 4, "transfer": 4})
    page = client.get(f"/catalogue/offres/{session.offer_id}/").content.decode()
    assert "Pas encore de résultats publiés" in page


def test_bad_answers_name_the_question(net):
    held_session(net, attended=1, missed=0)
    invitation = Invitation.objects.get()
    with pytest.raises(ValidationError) as err:
        services.survey_answer(invitation=invitation, data={"satisfaction": "9"})
    assert set(err.value.message_dict) == {"satisfaction"}
    assert not Answer.objects.exists()


def test_cold_survey_exactly_once_after_the_delay(net):
    session, _people = held_session(net, attended=3, missed=0)
    end = session.ends_at
    assert services.cold_surveys_send(now=end + timedelta(days=59)) == 0
    assert services.cold_surveys_send(now=end + timedelta(days=60, minutes=1)) == 3
    assert services.cold_surveys_send(now=end + timedelta(days=61)) == 0
    cold = Invitation.objects.filter(kind="cold")[0]
    services.survey_answer(
        invitation=cold, data={"impact": "yes", "changes": "Cartes mentales en classe"}
    )
    assert offer_results(session.offer_id).impact.percent == 100.0


def test_one_reminder_per_unanswered_survey(net):
    held_session(net, attended=2, missed=0)
    answered = Invitation.objects.all()[0]
    services.survey_answer(invitation=answered, data={"satisfaction": 4, "transfer": 4})
    later = answered.sent_at + timedelta(days=8)
    assert services.survey_reminders_send(now=answered.sent_at + timedelta(days=30)) == 0  # too old
    assert services.survey_reminders_send(now=later) == 1
    assert services.survey_reminders_send(now=later) == 0


def test_dashboard_export_and_api_stay_within_scope(client, net):
    from preau.accounts.services import api_token_create
    from preau.core.testing import TEST_PASSWORD

    session, _people = held_session(net, attended=5, missed=0)
    for invitation in Invitation.objects.all():
        services.survey_answer(
            invitation=invitation, data={"satisfaction": 4, "transfer": 3, "comment": "Très utile"}
        )
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    client.login(email=director.email, password=TEST_PASSWORD)
    page = client.get("/evaluation/resultats/?par=atelier").content.decode()
    assert "100 %" in page and "N = 5" in page and "Très utile" in page
    csv = client.get("/evaluation/resultats/reponses.csv").content.decode("utf-8-sig")
    assert csv.count("\n") == 6 and "@" not in csv  # five answers, no e-mail address
    xlsx = client.get("/evaluation/resultats/reponses.xlsx")
    assert xlsx.content[:2] == b"PK"
    other = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t2)
    client.login(email=other.email, password=TEST_PASSWORD)
    assert "N = 5" not in client.get("/evaluation/resultats/").content.decode()
    _t, raw = api_token_create(user=director, name="app")
    rows = client.get(
        "/api/evaluation/results?by=territory", headers={"Authorization": f"Bearer {raw}"}
    ).json()
    assert rows[0]["results"]["satisfaction"] == {"percent": 100.0, "n": 5}
    public = client.get(f"/api/evaluation/offers/{session.offer_id}/results").json()
    assert public["satisfaction"] == {"percent": 100.0, "n": 5}


def test_survey_api_answers_for_the_token_holder(client, net):
    from preau.accounts.services import api_token_create

    _session, people = held_session(net, attended=1, missed=0)
    _t, raw = api_token_create(user=people[0], name="app")
    headers = {"Authorization": f"Bearer {raw}"}
    (survey,) = client.get("/api/evaluation/surveys", headers=headers).json()
    url = f"/api/evaluation/surveys/{survey['id']}/answer"
    assert (
        client.post(
            url, {"satisfaction": 7}, content_type="application/json", headers=headers
        ).status_code
        == 422
    )
    assert client.post(url, {"satisfaction": 4, "transfer": 4}, content_type="application/json",
                       headers=headers).status_code == 201  # fmt: skip
    assert client.get("/api/evaluation/surveys", headers=headers).json() == []


def test_offer_authors_add_questions_answered_in_the_survey(client, net):
    from preau.core.testing import TEST_PASSWORD
    from preau.evaluation.models import OfferQuestion

    session, _people = held_session(net, attended=1, missed=0)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    client.login(email=manager.email, password=TEST_PASSWORD)
    client.post(
        f"/catalogue/gestion/{session.offer_id}/questionnaire/", {"text": "Un exemple à partager ?"}
    )
    question = OfferQuestion.objects.get()
    invitation = Invitation.objects.get()
    client.logout()
    url = links.url(invitation).split(":8000", 1)[1]
    assert "Un exemple à partager ?" in client.get(url).content.decode()
    client.post(url, {"satisfaction": 4, "transfer": 4, f"q{question.pk}": "Les cartes mentales"})
    assert Answer.objects.get().extra == {"Un exemple à partager ?": "Les cartes mentales"}
    outsider = user_with_role(Role.ATELIER_MANAGER, atelier=net.x2)
    client.login(email=outsider.email, password=TEST_PASSWORD)
    client.post(f"/catalogue/gestion/{session.offer_id}/questionnaire/", {"remove": question.pk})
    assert OfferQuestion.objects.exists()
