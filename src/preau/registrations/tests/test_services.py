from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from preau.accounts.roles import Role
from preau.core.testing import user_with_role
from preau.registrations import services
from preau.registrations.models import Registration
from preau.registrations.selectors import seat_counts, waitlist_position
from preau.scheduling import services as scheduling
from preau.scheduling.services import spec_of
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register(session, n=1):
    return [services.registration_create(session=session, user=user_with_role()) for _ in range(n)]


def test_seats_then_waitlist_in_order(net, mailoutbox, django_capture_on_commit_callbacks):
    session = open_session(net.x1, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        a, b, c, d = register(session, 4)
    assert [r.status for r in (a, b, c, d)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert (waitlist_position(c), waitlist_position(d), waitlist_position(a)) == (1, 2, None)
    confirmation = mailoutbox[0]
    assert confirmation.to == [a.user.email]
    assert confirmation.attachments[0][0] == "session.ics"
    assert "BEGIN:VEVENT" in confirmation.attachments[0][1]
    assert "numéro 2 sur la liste d’attente" in mailoutbox[3].body
    with pytest.raises(ValidationError):
        services.registration_create(session=session, user=a.user)


def test_a_freed_seat_is_offered_to_the_first_in_line_with_a_deadline(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    session = open_session(net.x1, capacity=1)
    a, b, c = register(session, 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=a, actor=a.user)
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.status, c.status) == (Status.OFFERED, Status.WAITLISTED)
    assert b.offer_expires_at - timezone.now() == pytest.approx(
        timedelta(hours=24), abs=timedelta(minutes=1)
    )
    assert any("/lien/accepter/" in m.body for m in mailoutbox if m.to == [b.user.email])
    # Nobody else may take it; the offered person does.
    with pytest.raises(PermissionDenied):
        services.registration_accept_seat(registration=b, actor=c.user)
    services.registration_accept_seat(registration=b, actor=b.user)
    b.refresh_from_db()
    assert b.status == Status.CONFIRMED
    assert seat_counts(session)["free"] == 0


def test_an_unanswered_offer_expires_and_passes_to_the_next(net):
    session = open_session(net.x1, capacity=1)
    a, b, c = register(session, 3)
    services.registration_cancel(registration=a, actor=a.user)
    later = timezone.now() + timedelta(hours=25)
    assert services.offers_expire_all(now=later) == 1
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.status, c.status) == (Status.EXPIRED, Status.OFFERED)
    with pytest.raises(ValidationError):
        services.registration_accept_seat(registration=b, actor=b.user, now=later)
    assert services.offers_expire_all(now=later) == 0  # no one is promoted twice


def test_raising_capacity_offers_seats(net):
    session = open_session(net.x1, capacity=1)
    _a, b, c = register(session, 3)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    spec = spec_of(session)
    from dataclasses import replace

    scheduling.session_update(actor=manager, session=session, spec=replace(spec, capacity=3))
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.status, c.status) == (Status.OFFERED, Status.OFFERED)


def test_cancelling_the_session_tells_everyone(net, mailoutbox, django_capture_on_commit_callbacks):
    session = open_session(net.x1, capacity=1)
    a, b = register(session, 2)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.session_cancel(actor=manager, session=session, reason="Intervenant absent")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, b.status) == (Status.CANCELLED, Status.CANCELLED)
    notices = [m for m in mailoutbox if "Intervenant absent" in m.body]
    assert sorted(m.to[0] for m in notices) == sorted([a.user.email, b.user.email])


def test_registration_window_and_status(net):
    session = open_session(net.x1)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    scheduling.session_cancel(actor=manager, session=session, reason="x")
    with pytest.raises(ValidationError):
        register(session)
    later = open_session(net.x1, registration_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(ValidationError):
        register(later)


def test_only_the_person_or_a_planner_cancels(net):
    session = open_session(net.x1)
    (a,) = register(session)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=a, actor=user_with_role())
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    services.registration_cancel(registration=a, actor=manager)


def test_registration_api(client, net):
    from preau.accounts.services import api_token_create

    session = open_session(net.x1, capacity=1)
    first, second = user_with_role(), user_with_role()
    headers = {}
    for person in (first, second):
        _t, raw = api_token_create(user=person, name="app")
        headers[person.pk] = {"Authorization": f"Bearer {raw}"}
    listed = client.get("/api/sessions", {"atelier": net.x1.code}).json()
    assert [s["id"] for s in listed] == [session.pk] and listed[0]["seats_left"] == 1
    url = f"/api/sessions/{session.pk}/registrations"
    assert client.post(url).status_code == 401
    assert client.post(url, headers=headers[first.pk]).json()["status"] == "confirmed"
    waiting = client.post(url, headers=headers[second.pk]).json()
    assert (waiting["status"], waiting["waitlist_position"]) == ("waitlisted", 1)
    assert client.post(url, headers=headers[second.pk]).status_code == 422
    mine = client.get("/api/registrations", headers=headers[first.pk]).json()
    client.delete(f"/api/registrations/{mine[0]['id']}", headers=headers[first.pk])
    offered = client.get("/api/registrations", headers=headers[second.pk]).json()[0]
    assert offered["status"] == "offered"
    accepted = client.post(f"/api/registrations/{offered['id']}/accept", headers=headers[second.pk])
    assert accepted.json()["status"] == "confirmed"
    assert (
        client.get(f"/api/sessions/{session.pk}/roster", headers=headers[first.pk]).status_code
        == 403
    )


def test_reminders_go_once_two_days_before(net, mailoutbox, django_capture_on_commit_callbacks):
    session = open_session(net.x1)
    (a,) = register(session)
    assert session.starts_at is not None
    early = session.starts_at - timedelta(days=3)
    assert services.reminders_send(now=early) == 0
    due = session.starts_at - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(now=due) == 1
    assert services.reminders_send(now=due) == 0
    assert mailoutbox[-1].subject.startswith("Rappel") and mailoutbox[-1].to == [a.user.email]


def test_periodic_command_runs_due_jobs(net, capsys):
    from preau.cli import main

    assert main(["periodic"]) == 0
    assert "rappels envoyés : 0" in capsys.readouterr().out


def test_reserved_seats_go_to_their_académie_first(net):
    from preau.accounts.affiliation import affiliation_verify
    from preau.scheduling.models import SeatQuota

    session = open_session(net.x1, capacity=3)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    scheduling.session_quota_set(actor=manager, session=session, academie=net.b1, seats=2)
    with pytest.raises(ValidationError):
        scheduling.session_quota_set(actor=manager, session=session, academie=net.a2, seats=2)
    outsider_1 = services.registration_create(session=session, user=user_with_role())
    outsider_2 = services.registration_create(session=session, user=user_with_role())
    local = user_with_role()
    local.academie = net.b1
    local.save()
    affiliation_verify(user=local, how="partner", actor=None, academie=True)
    inside = services.registration_create(session=session, user=local)
    assert (outsider_1.status, outsider_2.status, inside.status) == (
        "confirmed", "waitlisted", "confirmed",
    )  # fmt: skip
    assert inside.quota == SeatQuota.objects.get()
    # Releasing the reservation gives the seats to whoever waits first.
    scheduling.session_quota_set(actor=manager, session=session, academie=net.b1, seats=0)
    outsider_2.refresh_from_db()
    assert outsider_2.status == "offered"
