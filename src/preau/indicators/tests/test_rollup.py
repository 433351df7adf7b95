"""The roll-up equals the raw computation for every scope; it follows changes;
days are local days (overseas Ateliers); drill-down and records stay in scope."""

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.evaluation.models import Invitation
from preau.evaluation.selectors import Rate
from preau.evaluation.services import survey_answer
from preau.indicators import selectors
from preau.indicators.breakdowns import GROUPS, breakdown, monthly
from preau.indicators.engine import key_figures
from preau.indicators.periods import calendar_year, school_year
from preau.indicators.rollup import period_key, rollup_build
from preau.registrations.services import registration_create
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session
from preau.selftraining.selectors import consultations_count, learners_count

from .test_engine import run

pytestmark = pytest.mark.django_db


def _answer(session, person, satisfaction, transfer):
    invitation = Invitation.objects.get(
        registration__session=session, registration__user=person, kind=Invitation.Kind.HOT
    )
    survey_answer(invitation=invitation, data={"satisfaction": satisfaction, "transfer": transfer})


def _year_of_activity(net):
    """Sessions in three Ateliers of two territories, in person and online, one
    spanning two days, one person in two sessions, a no-show, survey answers."""
    day = next_weekday(2)
    people = [user_with_role() for _ in range(6)]
    sessions = []
    for atelier, venue, persons in (
        (net.x1, "atelier", people[:3]),
        (net.x3, "online", people[2:5]),
        (net.y1, "atelier", people[4:]),
    ):
        extra = {"online_url": "https://visio.example.org/r"} if venue == "online" else {}
        session = open_session(
            atelier, venue=venue,
            slots=(SlotSpec(day, time(9), time(12)),
                   SlotSpec(day + timedelta(days=1), time(13, 30), time(16, 30))),
            **extra,
        )  # fmt: skip
        manager = user_with_role(Role.ATELIER_MANAGER, atelier=atelier)
        for person in persons:
            registration_create(session=session, user=person)
        marks = {p: ["present", "present" if i % 2 else "absent"] for i, p in enumerate(persons)}
        marks[persons[-1]] = ["absent", "absent"]  # a no-show
        run(session, manager, marks)
        sessions.append(session)
    _answer(sessions[0], people[0], 4, 3)
    _answer(sessions[0], people[1], 2, 1)
    _answer(sessions[2], people[4], 3, 4)
    _consultations(day, [people[0], people[3], None], net)
    return day, sessions


def _consultations(day, learners, net):
    from preau.lrs.services import statements_store
    from preau.selftraining.models import Resource

    people = [p for p in learners if p]
    for person, academie in zip(people, (net.a1, net.b1), strict=False):
        person.academie = academie
        person.save()
    video = Resource.objects.create(code="v", title="Vidéo", kind="video", iri="https://v.test/1")
    statements_store(
        actor=user_with_role(Role.NATIONAL_ADMIN),
        statements=[
            {"verb": {"id": "http://adlnet.gov/expapi/verbs/launched"}, "object": {"id": video.iri},
             "timestamp": f"{day.isoformat()}T10:00:00+01:00",
             "actor": {"mbox": f"mailto:{p.email if p else 'anonyme@example.org'}"}}
            for p in learners
        ],
    )  # fmt: skip


def test_rollup_equals_the_raw_computation_for_every_scope(net):
    day, _sessions = _year_of_activity(net)
    for period in (
        calendar_year(day.year),
        school_year(day.year if day.month >= 9 else day.year - 1),
    ):
        rollup_build(period)
        for place in (None, net.t1, net.t2, net.a1, net.a2, net.b1, net.x1, net.x2, net.x3, net.y1):
            raw = key_figures(selectors.place_sessions(place), period)
            rolled = selectors.figures(place, period)
            assert replace(rolled, consultations=None, learners=None) == raw, place
            assert rolled.consultations == consultations_count(place, period)
            assert rolled.learners == learners_count(place, period)
            for by in GROUPS:
                assert selectors.groups(place, period, by) == breakdown(
                    selectors.place_sessions(place), period, by
                ), (place, by)
            assert selectors.months(place, period) == monthly(
                selectors.place_sessions(place), period
            )
    national = selectors.figures(None, calendar_year(day.year))
    assert (national.sessions, national.participations, national.persons) == (3, 5, 5)
    assert national.consultations == 3 and national.learners == 3
    assert selectors.figures(net.t2, calendar_year(day.year)).consultations == 1
    assert national.satisfaction == Rate(66.7, 3)
    assert national.transferability == Rate(66.7, 3)


def test_a_change_is_seen_once_the_roll_up_may_be_rebuilt(
    net, django_capture_on_commit_callbacks, settings
):
    from preau.indicators.rollup import computed_at

    day = next_weekday(2)
    period = calendar_year(day.year)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    first, second = user_with_role(), user_with_role()
    session = open_session(net.x1, slots=(SlotSpec(day, time(9), time(12)),))
    registration_create(session=session, user=first)
    run(session, manager, {first: ["present"]})
    assert selectors.figures(None, period).participations == 1  # builds the roll-up

    with django_capture_on_commit_callbacks(execute=True):
        later = open_session(net.x2, slots=(SlotSpec(day, time(14), time(17)),))
        registration_create(session=later, user=second)
        run(later, user_with_role(Role.ATELIER_MANAGER, atelier=net.x2), {second: ["present"]})
    built = computed_at(period)
    # Within PREAU_ROLLUP_MAX_AGE_SECONDS the page may show the figures as computed…
    assert selectors.figures(None, period).participations == 1
    assert computed_at(period) == built
    settings.PREAU_ROLLUP_MAX_AGE_SECONDS = 0  # …after it, they are rebuilt before showing.
    assert selectors.figures(None, period).participations == 2
    assert computed_at(period) > built
    assert selectors.figures(net.x2, period).participant_hours == 3.0


def test_custom_ranges_are_computed_from_raw_records(net):
    day = next_weekday(2)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    person = user_with_role()
    session = open_session(net.x1, slots=(SlotSpec(day, time(9), time(12)),))
    registration_create(session=session, user=person)
    run(session, manager, {person: ["present"]})
    from preau.indicators.periods import Period

    week = Period(day - timedelta(days=3), day + timedelta(days=3), "semaine")
    assert period_key(week) is None
    assert selectors.figures(net.x1, week).participant_hours == 3.0


def test_an_overseas_session_counts_on_its_own_calendar_day(net):
    """New Year's morning in Réunion is still 31 December in Paris; New Year's
    Eve evening in Tahiti is already 1 January in Paris."""
    new_year = date(timezone.localdate().year + 1, 1, 1)
    net.x3.timezone = "Indian/Reunion"
    net.x3.save()
    net.y1.timezone = "Pacific/Tahiti"
    net.y1.save()
    reunion = open_session(net.x3, slots=(SlotSpec(new_year, time(1), time(4)),))
    tahiti = open_session(
        net.y1, slots=(SlotSpec(new_year - timedelta(days=1), time(19), time(22)),)
    )
    for session, atelier in ((reunion, net.x3), (tahiti, net.y1)):
        person = user_with_role()
        registration_create(session=session, user=person)
        run(session, user_with_role(Role.ATELIER_MANAGER, atelier=atelier), {person: ["present"]})
    assert timezone.localtime(reunion.starts_at).date() == new_year - timedelta(days=1)
    assert timezone.localtime(tahiti.starts_at).date() == new_year
    this_year, next_year = calendar_year(new_year.year - 1), calendar_year(new_year.year)
    assert selectors.figures(net.x3, next_year).sessions == 1
    assert selectors.figures(net.x3, this_year).sessions == 0
    assert selectors.figures(net.y1, this_year).participant_hours == 3.0
    assert key_figures(selectors.place_sessions(None), next_year).sessions == 1


def test_a_territorial_director_sees_only_their_territory_and_drills_down(client, net):
    day, sessions = _year_of_activity(net)
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    client.login(email=director.email, password=TEST_PASSWORD)
    page = client.get("/pilotage/", {"annee": day.year})
    assert page.context["chosen"].place == net.t1  # their territory by default
    assert page.context["by"] == "academie"
    links = {g.label: link for g, link in page.context["groups"]}
    assert set(links) == {"Académie A1", "Académie A2"}
    drilled = client.get(links["Académie A1"])
    assert drilled.context["chosen"].place == net.a1 and drilled.context["by"] == "atelier"
    atelier = client.get({g.label: url for g, url in drilled.context["groups"]}["Atelier x1"])
    assert next(g.label for g, _l in atelier.context["groups"]).endswith(sessions[0].offer.title)
    for other in ({"territoire": net.t2.code}, {"atelier": net.y1.code}):
        assert client.get("/pilotage/", {"annee": day.year, **other}).status_code == 403
    assert client.get("/pilotage/seances/", {"atelier": net.y1.code}).status_code == 403
    assert client.get("/pilotage/", {"academie": "nowhere"}).status_code == 404

    records = client.get("/pilotage/seances/", {"annee": day.year, "indicateur": "no_shows"})
    listed = [r.session for r in records.context["page"]]
    assert set(listed) == {sessions[0], sessions[1]}  # not the other territory's session
    assert records.context["page"][0].no_shows == 1


def test_breakdown_by_audience_and_the_partner_report(client, net):
    from preau.catalog.models import Programme
    from preau.catalog.testing import published_offer
    from preau.scheduling import services as scheduling
    from preau.scheduling.testing import session_spec

    day = next_weekday(2)
    paf, _new = Programme.objects.get_or_create(code="PAF", defaults={"name": "Plan académique"})
    offer = published_offer(atelier=net.x1, audiences=["first_degree", "parents"])
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    spec = session_spec(
        net.x1, offer=offer, slots=(SlotSpec(day, time(9), time(12)),), programme=paf,
        partner=net.a1, convention="Convention EAFC 2026",
    )  # fmt: skip
    session = scheduling.session_create(actor=manager, spec=spec, open_now=True)
    people = [user_with_role() for _ in range(3)]
    for person in people:
        registration_create(session=session, user=person)
    run(session, manager, {p: ["present"] for p in people})
    period = calendar_year(day.year)
    audiences = {g.label: g.participations for g in selectors.groups(None, period, "audience")}
    assert audiences == {"Enseignants du 1er degré": 3, "Parents": 3}

    partner = user_with_role(Role.PARTNER, academie=net.a1)
    client.login(email=partner.email, password=TEST_PASSWORD)
    page = client.get("/pilotage/conventions/", {"annee": day.year})
    (row,) = page.context["rows"]
    assert (row.partner, row.programme, row.convention) == (
        "Académie A1", paf.name, "Convention EAFC 2026",
    )  # fmt: skip
    assert (row.now.sessions, row.now.participations, row.now.trainee_days) == (1, 3, 1.5)
    csv_text = client.get(
        "/pilotage/conventions/", {"annee": day.year, "export": "csv"}
    ).content.decode("utf-8-sig")
    assert "Convention EAFC 2026;1;0;3;0;3;1,5;0" in csv_text


def test_the_annual_report_renders_as_a_page_and_as_a_pdf(client, net):
    import pypdfium2

    day, _sessions = _year_of_activity(net)
    admin = user_with_role(Role.NATIONAL_ADMIN)
    client.login(email=admin.email, password=TEST_PASSWORD)
    page = client.get("/pilotage/rapport/", {"annee": day.year})
    assert page.status_code == 200
    assert [t[1] for t in page.context["tiles"]][:2] == [5, 3]  # participations, sessions
    response = client.get("/pilotage/rapport/", {"annee": day.year, "export": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert f"Rapport d’activité {day.year}" in text
    assert "Territoire Un" in text and "Vidéo — 3" in text  # a table and the top resources
    assert "3 participants actifs ont consulté" in text


def test_a_survey_with_a_single_answer_counts_with_its_n(net):
    day = next_weekday(2)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    alone, silent = user_with_role(), user_with_role()
    session = open_session(net.x1, slots=(SlotSpec(day, time(9), time(12)),))
    for person in (alone, silent):
        registration_create(session=session, user=person)
    run(session, manager, {alone: ["present"], silent: ["present"]})
    _answer(session, alone, 2, 4)  # "rather not" satisfied, "fully" expects to use it
    figures = selectors.figures(net.x1, calendar_year(day.year))
    assert figures.satisfaction == Rate(0.0, 1) and figures.transferability == Rate(100.0, 1)
    assert not figures.satisfaction.shown  # below PREAU_RESULTS_MIN_N: never published


def test_key_figures_table_export_and_conventions_api(client, net):
    import io

    from openpyxl import load_workbook

    from preau.accounts.services import api_token_create

    day, _sessions = _year_of_activity(net)
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t2)
    client.login(email=director.email, password=TEST_PASSWORD)
    book = load_workbook(io.BytesIO(client.get(
        "/pilotage/export.xlsx", {"annee": day.year, "tableau": "chiffres"}
    ).content))  # fmt: skip
    rows = {r[0].value: r[1].value for r in book.active.iter_rows(min_row=2)}
    assert rows["Séances tenues"] == 1 and rows["Participations aux sessions synchrones"] == 1
    _t, raw = api_token_create(user=director, name="bi")
    headers = {"Authorization": f"Bearer {raw}"}
    assert (
        client.get("/api/indicators/conventions", {"year": day.year}, headers=headers).json() == []
    )
    outside = client.get(
        "/api/indicators/key-figures", {"year": day.year, "territory": net.t1.code}, headers=headers
    )
    assert outside.status_code == 403
    months = client.get("/api/indicators/monthly", {"year": day.year}, headers=headers).json()
    assert len(months) == 12 and sum(m["participant_hours"] for m in months) == 3.0


def test_records_behind_a_format_row_export_the_same_sessions(client, net):
    day, sessions = _year_of_activity(net)
    admin = user_with_role(Role.NATIONAL_ADMIN)
    client.login(email=admin.email, password=TEST_PASSWORD)
    page = client.get("/pilotage/", {"annee": day.year, "par": "format"})
    link = next(url for _g, url in page.context["groups"] if url)
    listed = client.get(link)
    assert " — " in listed.context["title"]  # says what the list is narrowed to
    count = listed.context["page"].paginator.count
    assert count == len(sessions)  # the demo offers share one format
    csv_text = client.get(link + "&export=csv").content.decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == count + 1
