"""Proofs are never destroyed by ordinary actions: editing a session, re-importing
its GAIA plan, lowering its capacity. And imports grant nothing and touch nothing
beyond what the importer could do by hand."""

from dataclasses import replace
from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.utils import timezone

from preau.accounts.models import RoleAssignment
from preau.accounts.roles import Role
from preau.attendance.models import Attendance, SlotRecord
from preau.attendance.services import attendance_mark, session_close, slot_sign
from preau.catalog.models import Offer
from preau.core.testing import UserFactory, user_with_role
from preau.credentials.models import Attestation
from preau.registrations.gaia.importer import gaia_import
from preau.registrations.imported import registrations_sync_imported
from preau.registrations.models import Registration
from preau.registrations.services import registration_create
from preau.scheduling import services
from preau.scheduling.models import Slot, TrainingSession
from preau.scheduling.services import SlotSpec, spec_of
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db
SIGNATURE = "M10 10 L20 20 L30 15"


def started_session(net, people=2):
    """A session whose first slot was yesterday (marked and signed) and whose
    second is next week."""
    today = timezone.localdate()
    past, later = today - timedelta(days=1), today + timedelta(days=7)
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    session = open_session(
        net.x1, trainers=(trainer,),
        slots=(SlotSpec(past, time(9), time(12)), SlotSpec(later, time(9), time(12))),
    )  # fmt: skip
    folks = [UserFactory() for _ in range(people)]
    registrations_sync_imported(session=session, people=folks, actor=None)
    first = session.slots.order_by("starts_at").first()
    for person in folks:
        attendance_mark(actor=trainer, slot=first, user=person, status="present",
                        method=Attendance.Method.SIGNATURE, signature=SIGNATURE)  # fmt: skip
    slot_sign(actor=trainer, slot=first, signature=SIGNATURE)
    return session, trainer, folks


def marks(session):
    return sorted(
        Attendance.objects.filter(slot__session=session).values_list(
            "pk", "slot_id", "user_id", "status", "signature"
        )
    )


def planner(net):
    return user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)


def test_editing_capacity_venue_and_a_later_slot_keeps_past_attendance(net):
    session, _trainer, _folks = started_session(net)
    before, slot_ids = marks(session), sorted(session.slots.values_list("pk", flat=True))
    spec = spec_of(session)
    later = spec.slots[1]
    spec = replace(
        spec, capacity=12, venue_details="Salle B",
        slots=(spec.slots[0], replace(later, start=time(13, 30), end=time(16, 30))),
    )  # fmt: skip
    services.session_update(actor=planner(net), session=session, spec=spec)

    assert marks(session) == before  # every mark and signature is still there
    assert sorted(session.slots.values_list("pk", flat=True)) == slot_ids  # same slots, moved
    assert SlotRecord.objects.filter(slot__session=session).count() == 1
    moved = session.slots.order_by("starts_at").last()
    assert timezone.localtime(moved.starts_at, session.zone).time() == time(13, 30)


def test_a_started_slot_cannot_be_moved_or_removed_and_nothing_changes(net):
    session, _trainer, _folks = started_session(net)
    before = marks(session)
    spec = spec_of(session)
    past = spec.slots[0]
    for slots in (
        (replace(past, start=time(8)), spec.slots[1]),  # moved
        (spec.slots[1],),  # removed
    ):
        with pytest.raises(ValidationError) as refused:
            services.session_update(
                actor=planner(net), session=session, spec=replace(spec, slots=slots, capacity=9)
            )
        assert "déjà" in " ".join(refused.value.messages)  # already started / taken place
        session.refresh_from_db()
        assert session.capacity == 20 and marks(session) == before


def test_a_future_slot_with_attendance_cannot_be_removed_but_a_bare_one_can(net):
    session, _trainer, folks = started_session(net)
    spec = spec_of(session)
    later = session.slots.order_by("starts_at").last()
    extra = SlotSpec(spec.slots[1].day + timedelta(days=1), time(9), time(12))
    services.session_update(
        actor=planner(net), session=session, spec=replace(spec, slots=(*spec.slots, extra))
    )
    assert session.slots.count() == 3
    # An excused absence given in advance hangs on the later slot.
    Attendance.objects.create(slot=later, user=folks[0], status="excused", method="roster")
    with pytest.raises(ValidationError, match="émargements"):
        services.session_update(
            actor=planner(net), session=session, spec=replace(spec, slots=(spec.slots[0],))
        )
    assert session.slots.count() == 3
    services.session_update(actor=planner(net), session=session, spec=spec)  # drop the extra
    assert session.slots.count() == 2 and Attendance.objects.filter(slot=later).exists()


def test_the_database_refuses_to_delete_a_slot_with_attendance(net):
    session, _trainer, _folks = started_session(net)
    with pytest.raises(ProtectedError):
        Slot.objects.filter(session=session).delete()
    with pytest.raises(ProtectedError):
        TrainingSession.objects.filter(pk=session.pk).delete()


def test_capacity_cannot_drop_below_the_seats_held_and_says_who(net):
    session = open_session(net.x1, capacity=4)
    folks = [UserFactory(first_name=f"P{i}", last_name="Test") for i in range(3)]
    for person in folks:
        registration_create(session=session, user=person)
    with pytest.raises(ValidationError) as refused:
        services.session_update(
            actor=planner(net), session=session, spec=replace(spec_of(session), capacity=2)
        )
    text = " ".join(refused.value.messages)
    assert "3" in text and "P2 Test" in text
    session.refresh_from_db()
    assert session.capacity == 4
    services.session_update(
        actor=planner(net), session=session, spec=replace(spec_of(session), capacity=3)
    )


# --- GAIA ---------------------------------------------------------------------


def gaia(day, *, trainees=(), trainers=(), session_id="280001", hours=("09:00", "12:00")):
    d = day.strftime("%d/%m/%Y")
    formations = (
        f"PAF|28A1|Dispositif|28A1M1|Module de test|{session_id}|1|{d}|{hours[0]}|{d}|"
        f"{hours[1]}|A|Atelier|\n"
    )
    stagiaires = "".join(f"PAF|{session_id}|NOM|Prénom|{e}\n" for e in trainees)
    intervenants = "".join(f"PAF|28A1M1|FORMATEUR|Paul|{e}|\n" for e in trainers)
    return {
        "formations": formations.encode("cp1252"),
        "intervenants": intervenants.encode("cp1252"),
        "stagiaires": stagiaires.encode("cp1252"),
    }


def test_reimporting_after_the_session_was_held_changes_nothing(net):
    yesterday = timezone.localdate() - timedelta(days=1)
    plan = gaia(yesterday, trainees=["a@ac-test.fr", "b@ac-test.fr"])
    gaia_import(actor=None, atelier=net.x1, **plan)
    session = TrainingSession.objects.get(external_ref="gaia:280001-1")
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    session.trainers.add(trainer)
    slot = session.slots.get()
    for registration in session.registrations.all():
        attendance_mark(actor=trainer, slot=slot, user=registration.user, status="present")
    session_close(actor=trainer, session=session)
    before = marks(session), sorted(Attestation.objects.values_list("pk", "code"))

    report = gaia_import(actor=None, atelier=net.x1, **plan)
    assert (marks(session), sorted(Attestation.objects.values_list("pk", "code"))) == before
    assert report.sessions_unchanged == 1 and not report.rejected
    moved = gaia(yesterday, trainees=["a@ac-test.fr"], hours=("14:00", "17:00"))
    report = gaia_import(actor=None, atelier=net.x1, **moved)
    assert report.rejected and "déjà eu lieu" in report.rejected[0].reason
    assert (marks(session), sorted(Attestation.objects.values_list("pk", "code"))) == before
    assert session.registrations.filter(status="confirmed").count() == 2


def test_reimport_keeps_capacity_and_never_oversells(net):
    day = timezone.localdate() + timedelta(days=20)
    gaia_import(actor=None, atelier=net.x1, **gaia(day, trainees=["t0@ac-test.fr"]))
    session = TrainingSession.objects.get(external_ref="gaia:280001-1")
    assert session.capacity == 25
    others = [UserFactory() for _ in range(24)]
    for person in others:  # the session fills by other means
        Registration.objects.create(session=session, user=person, status="confirmed",
                                    source="self", queued_at=timezone.now())  # fmt: skip
    newcomers = [f"t{i}@ac-test.fr" for i in range(6)]
    report = gaia_import(actor=None, atelier=net.x1, **gaia(day, trainees=newcomers))
    session.refresh_from_db()
    held = session.registrations.filter(status__in=Registration.HOLDING).count()
    assert session.capacity == 25 and held == 25
    assert len(report.waitlisted) == 5
    assert session.registrations.filter(status="waitlisted").count() == 5


def test_an_import_cannot_touch_another_ateliers_session(net):
    day = timezone.localdate() + timedelta(days=20)
    gaia_import(actor=None, atelier=net.x1, **gaia(day, trainees=["a@ac-test.fr"]))
    theirs = TrainingSession.objects.get(external_ref="gaia:280001-1")
    intruder = user_with_role(Role.ATELIER_MANAGER, atelier=net.x2)
    report = gaia_import(actor=intruder, atelier=net.x2, **gaia(day, trainees=["z@ac-test.fr"]))

    theirs.refresh_from_db()
    assert theirs.atelier == net.x1
    assert list(
        theirs.registrations.filter(status="confirmed").values_list("user__email", flat=True)
    ) == ["a@ac-test.fr"]
    assert report.sessions_created == 0 and report.rejected
    assert "Atelier x1" in report.rejected[0].reason
    assert not Offer.objects.filter(atelier=net.x2).exists()


def test_an_import_grants_no_role_the_importer_could_not_grant(net):
    day = timezone.localdate() + timedelta(days=20)
    manager = planner(net)
    boss = gaia(day, trainers=["boss@example.org"])
    for confirmed in (frozenset(), frozenset({"boss@example.org"})):  # even if she confirms
        report = gaia_import(actor=manager, atelier=net.x1, trainers=confirmed, **boss)
        assert not RoleAssignment.objects.filter(user__email="boss@example.org").exists()
        assert report.trainers == 0
        assert [(t.email, t.may_grant) for t in report.trainers_to_confirm] == [
            ("boss@example.org", False)
        ]
    assert TrainingSession.objects.get(external_ref="gaia:280001-1").trainers.count() == 0
    # A trainer already of this Atelier is named: no confirmation needed.
    existing = user_with_role(Role.TRAINER, atelier=net.x1)
    report = gaia_import(actor=manager, atelier=net.x1, **gaia(day, trainers=[existing.email]))
    assert report.trainers == 1 and not report.trainers_to_confirm
    # A director may grant the role, but only what she confirmed: never silently.
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    new = gaia(day, trainers=["new@example.org"])
    report = gaia_import(actor=director, atelier=net.x1, **new)
    assert [(t.email, t.may_grant) for t in report.trainers_to_confirm] == [
        ("new@example.org", True)
    ]
    assert not RoleAssignment.objects.filter(user__email="new@example.org").exists()
    gaia_import(actor=director, atelier=net.x1, trainers=frozenset({"new@example.org"}), **new)
    session = TrainingSession.objects.get(external_ref="gaia:280001-1")
    assert {u.email for u in session.trainers.all()} == {existing.email, "new@example.org"}


def test_an_import_whose_every_line_is_rejected_writes_nothing(net):
    day = timezone.localdate() + timedelta(days=20)
    too_long = gaia(day, hours=("06:00", "11:45"))  # one slot of 5 h 45: not a half-day
    report = gaia_import(actor=None, atelier=net.x1, **too_long)
    assert report.rejected and "5 heures" in report.rejected[0].reason
    assert not Offer.objects.exists() and not TrainingSession.objects.exists()


def test_a_refused_session_in_an_import_leaves_no_offer_behind(net, monkeypatch):
    day = timezone.localdate() + timedelta(days=20)

    def refuse(*args, **kwargs):
        raise ValidationError({"slots": ["refused"]})

    monkeypatch.setattr(services, "_validate", refuse)
    report = gaia_import(actor=None, atelier=net.x1, **gaia(day))
    assert report.rejected[0].reason == "refused"
    assert not Offer.objects.exists() and not TrainingSession.objects.exists()


def test_the_planners_form_edits_a_started_session_without_losing_attendance(client, net):
    from preau.core.testing import TEST_PASSWORD

    session, _trainer, _folks = started_session(net)
    manager = planner(net)
    client.login(email=manager.email, password=TEST_PASSWORD)
    page = client.get(f"/seances/planning/{session.pk}/modifier/").content.decode()
    assert page.count('aria-readonly="true"') == 3  # the started slot's date, start and end
    before = marks(session)
    past, later = session.slots.order_by("starts_at")
    zone = session.zone
    data = {
        "offer": session.offer.pk, "atelier": net.x1.pk, "venue": "atelier", "capacity": "15",
        "venue_details": "Salle B",
        "slots-TOTAL_FORMS": "2", "slots-INITIAL_FORMS": "2",
        "slots-MIN_NUM_FORMS": "1", "slots-MAX_NUM_FORMS": "20",
    }  # fmt: skip
    for i, slot in enumerate((past, later)):
        start, end = (timezone.localtime(t, zone) for t in (slot.starts_at, slot.ends_at))
        data |= {
            f"slots-{i}-id": slot.pk, f"slots-{i}-day": start.date().isoformat(),
            f"slots-{i}-start": f"{start:%H:%M}", f"slots-{i}-end": f"{end:%H:%M}",
        }  # fmt: skip
    data["slots-1-start"] = "10:00"
    response = client.post(f"/seances/planning/{session.pk}/modifier/", data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.capacity == 15 and marks(session) == before
    assert sorted(session.slots.values_list("pk", flat=True)) == sorted([past.pk, later.pk])
    data["slots-0-DELETE"] = "on"  # removing the started slot is refused, on the page
    response = client.post(f"/seances/planning/{session.pk}/modifier/", data)
    assert response.status_code == 200 and "déjà eu lieu" in response.content.decode()
    assert marks(session) == before


def test_a_started_slot_is_corrected_only_with_a_reason_and_audited(client, net):
    from preau.core.models import AuditEvent
    from preau.core.testing import TEST_PASSWORD

    session, _trainer, _folks = started_session(net)
    past = session.slots.order_by("starts_at").first()
    manager = planner(net)
    with pytest.raises(ValidationError):
        services.slot_times_correct(actor=manager, slot=past, start=time(9), end=time(12, 30),
                                    reason=" ")  # fmt: skip
    client.login(email=manager.email, password=TEST_PASSWORD)
    page = client.get(f"/seances/planning/{session.pk}/").content.decode()
    assert 'id="slot-correction"' in page
    before = marks(session)
    response = client.post(
        f"/seances/planning/{session.pk}/corriger-creneau/",
        {"slot": past.pk, "start": "09:15", "end": "12:30", "reason": "début retardé"},
    )
    assert response.status_code == 302
    past.refresh_from_db()
    assert timezone.localtime(past.starts_at, session.zone).time() == time(9, 15)
    assert marks(session) == before
    event = AuditEvent.objects.get(action="slot.corrected")
    assert event.data["reason"] == "début retardé" and event.actor == manager
    session_close_at = session.slots.order_by("starts_at").last()
    assert session_close_at.starts_at > timezone.now()  # the later slot is not correctable
    response = client.post(
        f"/seances/planning/{session.pk}/corriger-creneau/",
        {"slot": session_close_at.pk, "start": "09:00", "end": "12:00", "reason": "x"},
    )
    session_close_at.refresh_from_db()
    assert timezone.localtime(session_close_at.starts_at, session.zone).time() == time(9)


def test_people_are_told_when_their_sessions_dates_move(
    net, mailoutbox, django_capture_on_commit_callbacks
):
    session = open_session(net.x1, capacity=4)
    folks = [UserFactory() for _ in range(2)]
    for person in folks:
        registration_create(session=session, user=person)
    mailoutbox.clear()
    spec = spec_of(session)
    moved = replace(spec, slots=(replace(spec.slots[0], start=time(14), end=time(17)),))
    with django_capture_on_commit_callbacks(execute=True):
        saved = services.session_update(actor=planner(net), session=session, spec=moved)
    assert saved.people_told == 2
    told = [m for m in mailoutbox if m.subject.startswith("Séance modifiée")]
    assert sorted(m.to[0] for m in told) == sorted(p.email for p in folks)
    assert all(m.attachments for m in told)  # the calendar file
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(actor=planner(net), session=session,
                                spec=replace(moved, venue_details="Salle 2"))  # fmt: skip
    # A new place is a change people are told about too, with the place in the message.
    told = [m for m in mailoutbox if m.subject.startswith("Séance modifiée")]
    assert sorted(m.to[0] for m in told) == sorted(p.email for p in folks)
    assert all("Salle 2" in m.body for m in told), told[0].body
