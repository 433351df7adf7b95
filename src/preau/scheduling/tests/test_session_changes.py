"""A change of dates, place or trainers reaches participants with a calendar
update (same UID, SEQUENCE + 1); trainers assigned or removed are told;
cancellation sends METHOD:CANCEL."""

import pytest
from icalendar import Calendar

from preau.accounts.roles import Role
from preau.core.testing import user_with_role
from preau.registrations import services as registrations
from preau.scheduling import services
from preau.scheduling.services import spec_of
from preau.scheduling.testing import afternoon, next_weekday, open_session

pytestmark = pytest.mark.django_db


def _calendar(mail):
    (ics,) = [a for a in mail.attachments if a[0] == "session.ics"]
    return Calendar.from_ical(ics[1])


def _setup(net, mailoutbox, capture):
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    session = open_session(net.x1, trainers=(trainer,))
    person = user_with_role()
    with capture(execute=True):
        registrations.registration_create(session=session, user=person)
    return session, manager, trainer, person


def test_a_place_change_sends_a_calendar_update(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    session, manager, _trainer, person = _setup(net, mailoutbox, django_capture_on_commit_callbacks)
    first = _calendar(mailoutbox[-1])
    (event,) = first.walk("VEVENT")
    assert first["METHOD"] == "REQUEST" and event["SEQUENCE"] == 0
    mailoutbox.clear()
    spec = spec_of(session)
    from dataclasses import replace

    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=manager, session=session, spec=replace(spec, venue_details="Bâtiment B")
        )
    session.refresh_from_db()
    assert session.sequence == 1
    (mail,) = [m for m in mailoutbox if m.to == [person.email]]
    assert mail.subject.startswith("Séance modifiée") and "- le lieu" in mail.body
    (update,) = _calendar(mail).walk("VEVENT")
    assert update["UID"] == event["UID"] and update["SEQUENCE"] == 1
    assert _calendar(mail)["METHOD"] == "REQUEST"
    assert "mailto:" + person.email in str(update["ATTENDEE"])


def test_trainers_added_and_removed_are_told_and_participants_too(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    session, manager, trainer, person = _setup(net, mailoutbox, django_capture_on_commit_callbacks)
    newcomer = user_with_role(Role.TRAINER, atelier=net.x1)
    mailoutbox.clear()
    from dataclasses import replace

    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=manager, session=session, spec=replace(spec_of(session), trainers=(newcomer,))
        )
    by = {m.to[0]: m for m in mailoutbox}
    assert by[newcomer.email].subject.startswith("Vous animez")
    assert by[trainer.email].subject.startswith("Vous n’animez plus")
    assert _calendar(by[trainer.email])["METHOD"] == "CANCEL"
    assert "- le formateur ou la formatrice" in by[person.email].body


def test_a_removed_slot_is_cancelled_in_calendars(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    from dataclasses import replace

    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    day = next_weekday()
    session = open_session(net.x1, trainers=(trainer,))
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    services.session_update(
        actor=manager, session=session,
        spec=replace(spec_of(session), slots=(*spec_of(session).slots, afternoon(day))),
    )  # fmt: skip
    person = user_with_role()
    registrations.registration_create(session=session, user=person)
    gone = session.slots.order_by("starts_at").last()
    mailoutbox.clear()
    spec = spec_of(session)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=manager, session=session, spec=replace(spec, slots=spec.slots[:1])
        )
    (mail,) = [m for m in mailoutbox if m.to == [person.email]]
    (removed,) = [a for a in mail.attachments if a[0] == "removed.ics"]
    cancel = Calendar.from_ical(removed[1])
    assert cancel["METHOD"] == "CANCEL"
    (event,) = cancel.walk("VEVENT")
    assert str(event["UID"]).startswith(f"slot-{gone.pk}@") and event["STATUS"] == "CANCELLED"


def test_cancelling_the_session_sends_method_cancel(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    session, manager, trainer, person = _setup(net, mailoutbox, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(actor=manager, session=session, reason="Formatrice malade")
    (to_trainer,) = [m for m in mailoutbox if m.to == [trainer.email]]
    assert (
        to_trainer.subject.startswith("Séance annulée") and "Formatrice malade" in to_trainer.body
    )
    assert _calendar(to_trainer)["METHOD"] == "CANCEL"
    (mail,) = [m for m in mailoutbox if m.to == [person.email]]
    calendar = _calendar(mail)
    (event,) = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert 'text/calendar; method="CANCEL"' in mail.message().as_string()
