"""The rotating QR code, its grace, personal links, "everyone is here", closing's summary."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError

from preau.accounts.roles import Role
from preau.attendance import checkin, selectors, services
from preau.attendance.models import Attendance
from preau.core.testing import user_with_role
from preau.registrations.links import check_in_token, read_check_in_token
from preau.registrations.models import Registration
from preau.registrations.services import registration_create
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rotation(settings):
    settings.PREAU_QR_ROTATION_SECONDS = 45
    settings.PREAU_QR_GRACE_SECONDS = 20
    settings.PREAU_QR_PASS_MINUTES = 10


@pytest.fixture
def session(net):
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    day = next_weekday()
    s = open_session(
        net.x1, trainers=(trainer,),
        slots=(SlotSpec(day, time(9), time(12)), SlotSpec(day, time(13, 30), time(15, 33))),
    )  # fmt: skip
    s.trainer = trainer  # type: ignore[attr-defined]
    s.people = [  # type: ignore[attr-defined]
        registration_create(session=s, user=user_with_role()).user for _ in range(3)
    ]
    return s


def morning(session):
    return session.slots.order_by("starts_at").first()


def test_the_code_changes_at_each_window_and_the_previous_one_has_a_short_grace(session):
    slot = morning(session)
    t0 = slot.starts_at + timedelta(minutes=10)
    change = checkin.qr_next_rotation(t0)
    assert timedelta(0) < change - t0 <= timedelta(seconds=45)
    old = checkin.qr_token(slot, now=t0)
    assert checkin.qr_token(slot, now=change - timedelta(seconds=1)) == old  # same window
    new = checkin.qr_token(slot, now=change)
    assert new != old  # a new token every 45 s
    assert checkin.qr_read(old, now=change + timedelta(seconds=19)) == slot  # grace
    with pytest.raises(ValidationError, match="expiré"):
        checkin.qr_read(old, now=change + timedelta(seconds=21))  # a forwarded photo
    assert checkin.qr_read(new, now=change + timedelta(seconds=21)) == slot
    with pytest.raises(ValidationError):  # two windows later: refused even within "grace"
        checkin.qr_read(old, now=change + timedelta(seconds=45 + 5))
    with pytest.raises(ValidationError):  # a token from the future is not one we showed
        checkin.qr_read(new, now=t0)
    with pytest.raises(ValidationError, match="pas valide"):
        checkin.qr_read(old[:-2] + "xx", now=t0)


def test_a_valid_scan_leaves_time_to_log_in_but_not_forever(session):
    slot = morning(session)
    person = session.people[0]
    scanned = slot.starts_at + timedelta(minutes=5)
    token = checkin.qr_token(slot, now=scanned)
    later = scanned + timedelta(minutes=4)  # typed a password meanwhile
    with pytest.raises(ValidationError):
        checkin.qr_check_in(user=person, token=token, now=later)  # no scan remembered
    record = checkin.qr_check_in(user=person, token=token, now=later, scanned_at=scanned)
    assert (record.status, record.method, record.signed_at) == ("present", "qr", later)
    with pytest.raises(ValidationError):  # a scan "remembered" too long is not trusted
        checkin.qr_check_in(
            user=session.people[1], token=token, now=scanned + timedelta(minutes=11),
            scanned_at=scanned,
        )  # fmt: skip


def test_a_personal_link_checks_its_owner_in_during_a_slot_only(session):
    slot = morning(session)
    person = session.people[1]
    registration = Registration.objects.get(session=session, user=person)
    token = check_in_token(registration)
    assert read_check_in_token(token) == registration.pk
    assert read_check_in_token(token + "x") is None
    with pytest.raises(ValidationError, match="Aucun créneau"):
        checkin.link_check_in(registration=registration, now=slot.starts_at - timedelta(hours=2))
    record = checkin.link_check_in(registration=registration, now=slot.starts_at)
    assert (record.user, record.slot, record.method) == (person, slot, "link")
    afternoon = session.slots.order_by("starts_at").last()
    again = checkin.link_check_in(registration=registration, now=afternoon.starts_at)
    assert again.slot == afternoon
    services.session_close(actor=session.trainer, session=session, now=afternoon.ends_at)
    with pytest.raises(ValidationError, match="clôturée"):  # corrections go through the trainer
        checkin.link_check_in(registration=registration, now=afternoon.ends_at)


def test_everyone_is_here_marks_only_the_unmarked_then_exceptions_stay(session):
    slot = morning(session)
    a, b, c = session.people
    during = slot.starts_at + timedelta(minutes=3)
    services.attendance_mark(actor=session.trainer, slot=slot, user=b, status="excused", now=during)
    assert selectors.roster_count(slot).marked == 1
    assert services.attendance_mark_all(actor=session.trainer, slot=slot, now=during) == 2
    statuses = dict(Attendance.objects.filter(slot=slot).values_list("user_id", "status"))
    assert statuses == {a.pk: "present", b.pk: "excused", c.pk: "present"}
    count = selectors.roster_count(slot)
    assert (count.marked, count.attended, count.total) == (3, 2, 3)
    assert services.attendance_mark_all(actor=session.trainer, slot=slot, now=during) == 0
    with pytest.raises(ValidationError):
        services.attendance_mark_all(
            actor=session.trainer, slot=slot, now=slot.starts_at - timedelta(hours=2)
        )


def test_closing_summary_lists_the_never_marked_and_hours_as_attestations_write_them(session):
    first, second = session.slots.order_by("starts_at")
    a, b, c = session.people
    for slot in (first, second):
        services.attendance_mark(actor=session.trainer, slot=slot, user=a, status="present",
                                 now=slot.starts_at)  # fmt: skip
    services.attendance_mark(actor=session.trainer, slot=second, user=b, status="late",
                             now=second.starts_at)  # fmt: skip
    summary = selectors.closing_summary(session)
    unmarked = {slot: {r.user for r in people} for slot, people in summary.unmarked}
    assert unmarked == {first: {b, c}, second: {c}}
    hours = {row.registration.user: row.hours for row in summary.rows}
    assert hours == {a: "5,05", b: "2,05", c: "0"}  # 3 h + 2 h 03; 2 h 03
    services.session_close(actor=session.trainer, session=session,
                           now=second.ends_at + timedelta(minutes=1))  # fmt: skip
    minutes = dict(
        Registration.objects.filter(session=session).values_list("user_id", "attended_minutes")
    )
    assert minutes == {a.pk: 303, b.pk: 123, c.pk: 0}
