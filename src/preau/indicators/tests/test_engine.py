"""Hand-built records with known answers for every headline figure."""

from datetime import time, timedelta

import pytest

from preau.accounts.roles import Role
from preau.attendance.services import attendance_mark, session_close
from preau.core.testing import user_with_role
from preau.indicators.engine import change, key_figures
from preau.indicators.periods import Period, school_year
from preau.registrations.services import registration_create
from preau.scheduling import services as scheduling
from preau.scheduling.models import TrainingSession
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db


def run(session, manager, marks):
    """marks: {person: [status of slot 1, status of slot 2, …]}; then close."""
    slots = list(session.slots.order_by("starts_at"))
    for person, statuses in marks.items():
        for slot, status in zip(slots, statuses, strict=False):
            if status:
                attendance_mark(
                    actor=manager, slot=slot, user=person, status=status, now=slot.starts_at
                )
    session_close(actor=manager, session=session, now=slots[-1].ends_at)


def test_key_figures_on_known_records(net):
    day = next_weekday(2)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    p1, p2, p3, p5, p6 = (user_with_role() for _ in range(5))

    in_person = open_session(
        net.x1, slots=(SlotSpec(day, time(9), time(12)), SlotSpec(day, time(13), time(16)))
    )
    online = open_session(net.x1, venue="online", online_url="https://visio.example.org/x",
                          slots=(SlotSpec(day, time(17, 30), time(19)),))  # fmt: skip
    tomorrow = day + timedelta(days=1)
    spanning = open_session(
        net.x1, slots=(SlotSpec(day, time(9), time(12)), SlotSpec(tomorrow, time(9), time(12)))
    )
    cancelled = open_session(net.x1, slots=(SlotSpec(day, time(9), time(12)),))
    for session, people in (
        (in_person, (p1, p2, p3)),
        (online, (p1, p5)),
        (spanning, (p6,)),
        (cancelled, (p2,)),
    ):
        for person in people:
            registration_create(session=session, user=person)
    run(
        in_person,
        manager,
        {p1: ["present", "late"], p2: ["present", "absent"], p3: ["absent", "absent"]},
    )
    run(online, manager, {p1: ["present"], p5: ["present"]})
    run(spanning, manager, {p6: ["present", "present"]})
    scheduling.session_cancel(actor=manager, session=cancelled, reason="Annulée")

    figures = key_figures(TrainingSession.objects.all(), Period(day, day, "jour"))
    assert figures.sessions == 3  # the cancelled one is not held
    assert (figures.participations, figures.persons) == (5, 4)  # p1 counts twice as a participation
    assert (figures.registrations, figures.no_shows) == (6, 1)  # p3 registered, never came
    assert figures.hours_delivered == 10.5  # the spanning session's second day is outside
    assert figures.participant_hours == 15.0  # p2 attended half of a two-slot session
    assert figures.trainee_days == 2.5
    assert figures.share_in_person == 80.0
    assert (figures.sessions_in_person, figures.participations_in_person) == (2, 3)
    assert figures.attendance_rate == 83.3

    next_day = key_figures(
        TrainingSession.objects.all(),
        Period(day + timedelta(days=1), day + timedelta(days=1), "j+1"),
    )
    assert (next_day.sessions, next_day.participant_hours) == (0, 3.0)  # counted where its slot is


def test_periods_and_year_over_year():
    year = school_year(2023)
    assert (year.start.isoformat(), year.end.isoformat()) == ("2023-09-01", "2024-08-31")
    assert year.previous().start.isoformat() == "2022-09-01"
    assert change(241187, 211568) == 14.0
    assert change(10, 0) is None and change(None, 5) is None


def test_key_figures_page_is_scoped(client, net):
    from preau.core.testing import TEST_PASSWORD

    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    day = next_weekday(2)
    mine, theirs = (user_with_role() for _ in range(2))
    here = open_session(net.x1, slots=(SlotSpec(day, time(9), time(12)),))
    there = open_session(net.y1, slots=(SlotSpec(day, time(9), time(12)),))
    registration_create(session=here, user=mine)
    registration_create(session=there, user=theirs)
    run(here, manager, {mine: ["present"]})
    run(there, user_with_role(Role.ATELIER_MANAGER, atelier=net.y1), {theirs: ["present"]})

    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    client.login(email=director.email, password=TEST_PASSWORD)
    page = client.get("/pilotage/", {"annee": day.year})
    rows = {label: value for label, _figure, value, *_rest in page.context["rows"]}
    assert rows["Séances tenues"] == 1  # not the other territory's session
    assert page.context["figures"].participant_hours == 3.0
    teacher = user_with_role()
    client.login(email=teacher.email, password=TEST_PASSWORD)
    assert client.get("/pilotage/").status_code == 403


def test_breakdowns_add_up_to_the_key_figures(net):
    from preau.indicators.breakdowns import breakdown, monthly

    day = next_weekday(2)
    manager_x, manager_y = (
        user_with_role(Role.ATELIER_MANAGER, atelier=a) for a in (net.x1, net.y1)
    )
    a, b, c = (user_with_role() for _ in range(3))
    here = open_session(
        net.x1, slots=(SlotSpec(day, time(9), time(12)), SlotSpec(day, time(13), time(16)))
    )
    online = open_session(net.y1, venue="online", online_url="https://visio.example.org/y",
                          slots=(SlotSpec(day, time(17, 30), time(19)),))  # fmt: skip
    for session, people in ((here, (a, b)), (online, (a, c))):
        for person in people:
            registration_create(session=session, user=person)
    run(here, manager_x, {a: ["present", "present"], b: ["present", None]})
    run(online, manager_y, {a: ["present"], c: ["late"]})

    period = Period(day, day, "jour")
    by_territory = {
        r.label: r for r in breakdown(TrainingSession.objects.all(), period, "territory")
    }
    assert by_territory["Territoire Un"].participant_hours == 9.0
    assert by_territory["Territoire Un"].share_in_person == 100.0
    assert (
        by_territory["Territoire Deux"].participations,
        by_territory["Territoire Deux"].sessions,
    ) == (2, 1)
    total = key_figures(TrainingSession.objects.all(), period)
    assert (
        sum(r.participant_hours for r in by_territory.values()) == total.participant_hours == 12.0
    )
    modality = {
        r.label: r.participations
        for r in breakdown(TrainingSession.objects.all(), period, "modality")
    }
    assert sum(modality.values()) == total.participations == 4
    assert monthly(TrainingSession.objects.all(), period) == [(day.strftime("%Y-%m"), 12.0)]


def test_pilotage_shows_charts_and_exports_open_in_a_spreadsheet(client, net):
    import io

    from openpyxl import load_workbook

    from preau.core.testing import TEST_PASSWORD

    day = next_weekday(2)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    person = user_with_role()
    session = open_session(net.x1, slots=(SlotSpec(day, time(9), time(12)),))
    registration_create(session=session, user=person)
    run(session, manager, {person: ["present"]})
    admin = user_with_role(Role.NATIONAL_ADMIN)
    client.login(email=admin.email, password=TEST_PASSWORD)
    page = client.get("/pilotage/", {"annee": day.year, "par": "atelier"}).content.decode()
    assert "<svg" in page and "Atelier x1" in page
    assert 'width="330.0"' in page  # SVG numbers are never localised ("330,0" draws nothing)
    book = load_workbook(
        io.BytesIO(
            client.get("/pilotage/export.xlsx", {"annee": day.year, "par": "atelier"}).content
        )
    )
    sheet = book.active
    assert [c.value for c in sheet[2]][:4] == ["Atelier x1", 1, 1, 3.0]
    csv_text = client.get("/pilotage/export.csv", {"annee": day.year}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[1].startswith("Territoire Un;1;1;3")  # French: 3,5 not 3.5
    plain = client.get("/pilotage/export.csv-plain", {"annee": day.year}).content.decode()
    assert plain.splitlines()[1].startswith("Territoire Un,1,1,3.0")  # for programs
    response = client.get("/pilotage/export.csv", {"annee": day.year, "territoire": net.t1.code})
    assert (
        f'filename="indicateurs-{net.t1.code.lower()}-{day.year}' in response["Content-Disposition"]
    )
    pdf = client.get("/pilotage/export.pdf", {"annee": day.year})
    assert pdf.status_code == 302 and "/pilotage/rapport/" in pdf["Location"]
    assert "export=pdf" in pdf["Location"]
    assert client.get("/pilotage/export.exe", {"annee": day.year}).status_code == 404


def test_indicators_api_uses_the_same_figures_and_scope(client, net):
    from preau.accounts.services import api_token_create

    day = next_weekday(2)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    person = user_with_role()
    session = open_session(net.x1, slots=(SlotSpec(day, time(9), time(12)),))
    registration_create(session=session, user=person)
    run(session, manager, {person: ["present"]})
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t2)
    _t, raw = api_token_create(user=director, name="app")
    headers = {"Authorization": f"Bearer {raw}"}
    data = client.get("/api/indicators/key-figures", {"year": day.year}, headers=headers).json()
    assert data["current"]["participant_hours"] == 0  # the session is in another territory
    admin = user_with_role(Role.NATIONAL_ADMIN)
    _t, raw = api_token_create(user=admin, name="app")
    headers = {"Authorization": f"Bearer {raw}"}
    data = client.get("/api/indicators/key-figures", {"year": day.year}, headers=headers).json()
    assert (data["current"]["participant_hours"], data["current"]["trainee_days"]) == (3.0, 0.5)
    rows = client.get(
        "/api/indicators/breakdown", {"year": day.year, "by": "atelier"}, headers=headers
    ).json()
    assert rows[0]["label"] == "Atelier x1" and rows[0]["participations"] == 1
    teacher = user_with_role()
    _t, raw = api_token_create(user=teacher, name="app")
    assert (
        client.get(
            "/api/indicators/key-figures", headers={"Authorization": f"Bearer {raw}"}
        ).status_code
        == 403
    )


def test_annual_report_renders_the_key_figures(client, net):
    from preau.core.testing import TEST_PASSWORD

    day = next_weekday(2)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    person = user_with_role()
    session = open_session(net.x1, slots=(SlotSpec(day, time(9), time(12)),))
    registration_create(session=session, user=person)
    run(session, manager, {person: ["present"]})
    admin = user_with_role(Role.NATIONAL_ADMIN)
    client.login(email=admin.email, password=TEST_PASSWORD)
    page = client.get("/pilotage/rapport/", {"annee": day.year}).content.decode()
    assert f"Rapport d’activité {day.year}" in page
    assert "personnes formées en synchrone" in page and "Territoire Un" in page
