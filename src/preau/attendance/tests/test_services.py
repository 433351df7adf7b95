from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from preau.accounts.roles import Role
from preau.attendance import checkin, services
from preau.attendance.models import Attendance, AttendanceChange
from preau.attendance.webinar import webinar_log_import
from preau.core.testing import user_with_role
from preau.registrations.models import Registration
from preau.registrations.services import registration_create
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db
Status = Attendance.Status


@pytest.fixture
def day():
    return next_weekday()


@pytest.fixture
def session(net, day):
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    s = open_session(
        net.x1,
        trainers=(trainer,),
        slots=(SlotSpec(day, time(9), time(12)), SlotSpec(day, time(13, 30), time(16, 30))),
    )
    s.trainer = trainer  # type: ignore[attr-defined]
    s.people = [  # type: ignore[attr-defined]
        registration_create(session=s, user=user_with_role()).user for _ in range(3)
    ]
    return s


def slots(session):
    return list(session.slots.order_by("starts_at"))


def test_trainer_marks_a_slot_and_closing_sets_hours_and_no_shows(session):
    morning, afternoon = slots(session)
    during = morning.starts_at + timedelta(minutes=10)
    a, b, c = session.people
    trainer = session.trainer
    services.attendance_mark(actor=trainer, slot=morning, user=a, status="present", now=during,
                             signature="M 10 10 L 20 20 L 30 15")  # fmt: skip
    services.attendance_mark(actor=trainer, slot=morning, user=b, status="late", now=during)
    services.attendance_mark(
        actor=trainer, slot=afternoon, user=a, status="present", now=afternoon.starts_at
    )
    services.attendance_mark(
        actor=trainer, slot=afternoon, user=b, status="excused", now=afternoon.starts_at
    )
    with pytest.raises(ValidationError):  # too early: the slot has not started
        services.attendance_mark(
            actor=trainer, slot=afternoon, user=c, status="present", now=during - timedelta(hours=2)
        )
    services.session_close(
        actor=trainer, session=session, now=afternoon.ends_at + timedelta(minutes=5)
    )
    minutes = dict(
        Registration.objects.filter(session=session).values_list("user_id", "attended_minutes")
    )
    assert minutes == {a.pk: 360, b.pk: 180, c.pk: 0}
    assert Registration.objects.get(user=c, session=session).no_show


def test_corrections_after_closing_need_a_reason_and_are_kept(session):
    morning, _afternoon = slots(session)
    a = session.people[0]
    after = morning.ends_at + timedelta(hours=8)
    services.attendance_mark(
        actor=session.trainer, slot=morning, user=a, status="absent", now=after
    )
    services.session_close(actor=session.trainer, session=session, now=after)
    with pytest.raises(ValidationError):
        services.attendance_mark(
            actor=session.trainer, slot=morning, user=a, status="present", now=after
        )
    services.attendance_mark(
        actor=session.trainer, slot=morning, user=a, status="present", now=after,
        reason="Feuille papier retrouvée",
    )  # fmt: skip
    change = AttendanceChange.objects.get()
    assert (change.before, change.after, change.reason) == (
        "absent",
        "present",
        "Feuille papier retrouvée",
    )
    assert Registration.objects.get(user=a, session=session).attended_minutes == 180


def test_only_trainers_and_scoped_staff_take_attendance(session, net):
    morning, _ = slots(session)
    for outsider in (user_with_role(Role.TRAINER, atelier=net.x2), session.people[1]):
        with pytest.raises(PermissionDenied):
            services.attendance_mark(actor=outsider, slot=morning, user=session.people[0],
                                     status="present", now=morning.starts_at)  # fmt: skip
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    services.attendance_mark(actor=manager, slot=morning, user=session.people[0], status="present",
                             now=morning.starts_at)  # fmt: skip


def test_qr_check_in_only_during_the_slot_and_walk_ins_wait(session):
    morning, _ = slots(session)
    token = checkin.qr_token(morning, now=morning.starts_at)
    a = session.people[0]
    with pytest.raises(ValidationError):
        checkin.qr_check_in(
            user=a,
            token=checkin.qr_token(morning, now=morning.starts_at - timedelta(hours=2)),
            now=morning.starts_at - timedelta(hours=2),
        )
    with pytest.raises(ValidationError):
        checkin.qr_check_in(
            user=a,
            token=checkin.qr_token(morning, now=morning.ends_at + timedelta(hours=2)),
            now=morning.ends_at + timedelta(hours=2),
        )
    with pytest.raises(ValidationError):
        checkin.qr_check_in(user=a, token=token + "x", now=morning.starts_at)
    record = checkin.qr_check_in(
        user=a,
        token=token,
        now=morning.starts_at + timedelta(minutes=5),
        scanned_at=morning.starts_at,
    )
    assert (record.status, record.method) == ("present", "qr")
    stranger = user_with_role()
    walk_in = checkin.qr_check_in(user=stranger, token=token, now=morning.starts_at)
    assert walk_in.status == "walk_in" and walk_in.registration is None
    services.walk_in_accept(actor=session.trainer, attendance=walk_in)
    walk_in.refresh_from_db()
    assert walk_in.status == "present"


def test_signatures_are_plain_path_data(session):
    morning, _ = slots(session)
    with pytest.raises(ValidationError):
        services.attendance_mark(actor=session.trainer, slot=morning, user=session.people[0],
                                 status="present", now=morning.starts_at,
                                 signature='M 1 1"/><script>alert(1)</script>')  # fmt: skip
    record = services.slot_sign(actor=session.trainer, slot=morning, signature="M 0 0 L 5 5")
    assert record.signed_by == session.trainer


def test_webinar_log_gives_minutes_and_presence(session):
    morning, _ = slots(session)
    a, b, c = session.people
    d = morning.starts_at.astimezone(session.zone).date().isoformat()
    log = (
        "Nom;E-mail;Heure d'arrivée;Heure de départ\n"
        f"{a.get_full_name()};{a.email.upper()};{d} 08:50;{d} 10:00\n"
        f";{a.email};{d} 09:55;{d} 12:30\n"  # reconnects, overlapping: counted once, clipped
        f"Quelqu'un;{b.email};{d} 09:00;{d} 10:00\n"
        f"Inconnu;inconnu@example.org;{d} 09:00;{d} 12:00\n"
    ).encode()
    report = webinar_log_import(actor=session.trainer, slot=morning, raw=log, now=morning.ends_at)
    assert report.present == [(a.email, 180)]
    assert sorted(report.absent) == sorted([(b.email, 60), (c.email, 0)])
    assert report.unknown == ["inconnu@example.org"]
    assert Attendance.objects.get(user=b, slot=morning).connected_minutes == 60
    with pytest.raises(ValidationError):
        webinar_log_import(
            actor=session.trainer, slot=morning, raw=b"email,join,leave\nx@y.fr,hier,demain\n"
        )
