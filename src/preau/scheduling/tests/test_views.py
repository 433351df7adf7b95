import pytest
from icalendar import Calendar

from preau.accounts.models import User
from preau.accounts.roles import Role
from preau.core.testing import TEST_PASSWORD, user_with_role
from preau.registrations.links import token_for
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession
from preau.scheduling.testing import afternoon, morning, next_weekday, open_session

pytestmark = pytest.mark.django_db


def login(client, role=None, **place):
    user = user_with_role(role, **place)
    client.login(email=user.email, password=TEST_PASSWORD)
    return user


def test_planner_plans_a_weekly_series_through_the_form(client, net):
    from preau.catalog.testing import published_offer

    offer = published_offer(atelier=net.x1)
    login(client, Role.ATELIER_MANAGER, atelier=net.x1)
    day = next_weekday()
    response = client.post(
        "/seances/planning/nouvelle/",
        {
            "offer": offer.pk, "atelier": net.x1.pk, "venue": "atelier", "capacity": "12",
            "weeks": "3", "open_now": "on",
            "slots-TOTAL_FORMS": "3", "slots-INITIAL_FORMS": "0",
            "slots-MIN_NUM_FORMS": "1", "slots-MAX_NUM_FORMS": "20",
            "slots-0-day": day.isoformat(), "slots-0-start": "09:00", "slots-0-end": "12:00",
            "slots-1-day": day.isoformat(), "slots-1-start": "13:30", "slots-1-end": "16:30",
        },
    )  # fmt: skip
    assert response.status_code == 302
    sessions = list(TrainingSession.objects.order_by("starts_at"))
    assert len(sessions) == 3 and all(s.status == "open" for s in sessions)
    assert [s.slots.count() for s in sessions] == [2, 2, 2]
    planning = client.get("/seances/planning/").content.decode()
    assert planning.count("/seances/planning/") >= 3


def test_form_shows_double_booking_on_the_field(client, net):
    from preau.scheduling.models import Room

    room = Room.objects.create(atelier=net.x1, name="Salle Lumière", capacity=20)
    first = open_session(net.x1, room=room)
    login(client, Role.ATELIER_MANAGER, atelier=net.x1)
    day = next_weekday()
    page = client.post(
        "/seances/planning/nouvelle/",
        {
            "offer": first.offer_id, "atelier": net.x1.pk, "venue": "atelier", "room": room.pk,
            "capacity": "12", "weeks": "1",
            "slots-TOTAL_FORMS": "1", "slots-INITIAL_FORMS": "0",
            "slots-MIN_NUM_FORMS": "1", "slots-MAX_NUM_FORMS": "20",
            "slots-0-day": day.isoformat(), "slots-0-start": "10:00", "slots-0-end": "11:00",
        },
    ).content.decode()  # fmt: skip
    assert "Salle Lumière est déjà réservée" in page
    assert TrainingSession.objects.count() == 1


def test_logged_in_teacher_registers_in_one_click(
    client, net, mailoutbox, django_capture_on_commit_callbacks
):
    session = open_session(net.x1, capacity=1)
    teacher = login(client)
    page = client.get(f"/seances/{session.pk}/").content.decode()
    assert "1 place libre" in page and "S’inscrire" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/inscriptions/seances/{session.pk}/inscription/")
    assert Registration.objects.get().user == teacher
    assert "Vous êtes inscrit" in client.get(f"/seances/{session.pk}/").content.decode()
    assert "Inscription confirmée" in mailoutbox[-1].subject


def test_anyone_registers_with_an_email_address(
    client, net, mailoutbox, django_capture_on_commit_callbacks
):
    session = open_session(net.x1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/inscriptions/seances/{session.pk}/inscription/",
            {"email": "Nouvelle.Prof@Example.org", "first_name": "Anne", "last_name": "Prof"},
        )
    registration = Registration.objects.get()
    assert registration.user.email == "nouvelle.prof@example.org"
    assert not registration.user.has_usable_password()
    assert "choisissez un mot de passe" in mailoutbox[-1].body


def test_cancel_from_the_email_link_needs_a_confirmation(client, net):
    session = open_session(net.x1)
    teacher = User.objects.create_user(email="t@example.org", password=None)
    from preau.registrations.services import registration_create

    registration = registration_create(session=session, user=teacher)
    url = f"/inscriptions/lien/annuler/{token_for(registration, 'annuler')}/"
    assert client.get(url).status_code == 200  # a mail scanner's GET changes nothing
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    forged = f"/inscriptions/lien/annuler/{token_for(registration, 'accepter')}/"
    assert client.get(forged).status_code == 404


def test_icalendar_feeds_parse_and_hold_every_slot(client, net):
    day = next_weekday()
    session = open_session(net.x1, slots=(morning(day), afternoon(day)))
    for url in (
        f"/catalogue/offres/{session.offer_id}/seances.ics",
        f"/reseau/ateliers/{net.x1.code}/seances.ics",
        "/catalogue/seances.ics?q=numerique",
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        assert len(events) == 2, url
        assert {str(e["UID"]) for e in events} == {
            f"slot-{s.pk}@127.0.0.1" for s in session.slots.all()
        }
        assert events[0].decoded("DTSTART") == session.slots.first().starts_at
    assert not Calendar.from_ical(client.get("/catalogue/seances.ics?q=astronomie").content).walk(
        "VEVENT"
    )


def test_offer_and_atelier_pages_list_upcoming_sessions(client, net):
    session = open_session(net.x1)
    offer_page = client.get(f"/catalogue/offres/{session.offer_id}/").content.decode()
    assert f"/seances/{session.pk}/" in offer_page
    atelier_page = client.get(f"/reseau/ateliers/{net.x1.code}").content.decode()
    assert f"/seances/{session.pk}/" in atelier_page


def test_roster_is_for_scoped_staff_and_the_sessions_trainers(client, net):
    from preau.registrations.selectors import roster

    trainer = user_with_role(Role.TRAINER, atelier=net.x2)
    session = open_session(net.x1, trainers=(trainer,))
    assert roster(trainer, session) is not None
    assert roster(user_with_role(Role.TRAINER, atelier=net.x3), session) is None
    assert roster(user_with_role(Role.ATELIER_MANAGER, atelier=net.x1), session) is not None


def test_an_existing_account_is_not_registered_by_its_address_alone(client, net):
    session = open_session(net.x1)
    owner = user_with_role()
    response = client.post(
        f"/inscriptions/seances/{session.pk}/inscription/",
        {"email": owner.email, "first_name": "X", "last_name": "Y"},
    )
    # The same answer as for a new address (registrations/tests/test_anonymous.py).
    assert response.status_code == 302
    assert response.url == f"/inscriptions/seances/{session.pk}/demande-envoyee/"
    assert not Registration.objects.exists()


def test_manager_adds_rooms_on_the_atelier_page(client, net):
    from preau.scheduling.models import Room

    login(client, Role.ATELIER_MANAGER, atelier=net.x1)
    client.post(
        f"/seances/ateliers/{net.x1.code}/salles/", {"name": "Salle Curie", "capacity": "18"}
    )
    page = client.get(f"/reseau/ateliers/{net.x1.code}").content.decode()
    assert "Salle Curie" in page and Room.objects.get().capacity == 18
    client.post(
        f"/seances/ateliers/{net.x1.code}/salles/", {"name": "salle curie", "capacity": "5"}
    )
    assert Room.objects.count() == 1
    client.post(f"/seances/ateliers/{net.x2.code}/salles/", {"name": "Ailleurs", "capacity": "5"})
    assert Room.objects.count() == 1  # not their Atelier
