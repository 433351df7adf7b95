"""The demo accounts find a lived-in platform: attestations, a survey to answer,
an upcoming seat, a waitlist place, and for the trainer a session today."""

from datetime import timedelta

import pytest
from django.utils import timezone

from preau.accounts.models import User
from preau.attendance.models import Attendance
from preau.credentials.models import Attestation
from preau.demo.accounts import demo_accounts_create
from preau.demo.catalog import demo_catalog_create
from preau.demo.life import demo_life_create, demo_today_refresh
from preau.demo.sessions import demo_sessions_create
from preau.demo.year import demo_year_create
from preau.evaluation.models import Invitation
from preau.network.services import network_load
from preau.registrations.models import Registration
from preau.scheduling.models import Slot, TrainingSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    network_load()
    demo_accounts_create()
    demo_catalog_create(count=30)
    demo_sessions_create()
    year = timezone.localdate().year - 1
    demo_year_create(year=year, which="current", scale=0.002, seed=7)
    assert demo_life_create()
    return year


def test_demo_accounts_find_attestations_a_survey_seats_and_a_session_today(client, demo):
    teacher = User.objects.get(email="enseignante@preau.test")
    attestations = Attestation.objects.filter(user=teacher)
    # Three sessions of the demo year and last week's, two documents each.
    assert attestations.count() == 8
    assert attestations.filter(kind="realisation").count() == 4

    client.force_login(teacher)
    mine = client.get("/attestations/").content.decode()
    assert "Certificat de réalisation" in mine and "Open Badge" in mine
    one = attestations.filter(kind="realisation").first()
    verified = client.get(f"/verifier/{one.code}")
    assert verified.status_code == 200 and one.content["course"] in verified.content.decode()
    assert client.get(f"/badges/{one.code}.json").json()["type"] == "Assertion"

    pending = Invitation.objects.filter(
        registration__user=teacher, kind=Invitation.Kind.HOT, answered_at__isnull=True,
        sent_at__gte=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    assert pending.count() == 1
    # Her older surveys are answered: only last week's waits for her.
    assert not Invitation.objects.filter(
        registration__user=teacher, answered_at__isnull=True
    ).exclude(pk=pending.get().pk)
    surveys = client.get("/evaluation/questionnaires/").content.decode()
    assert surveys.count("Questionnaire à") == 1

    now = timezone.now()
    ahead = Registration.objects.filter(user=teacher, session__starts_at__gt=now)
    assert ahead.filter(status="confirmed").count() == 1
    waiting = ahead.get(status="waitlisted")
    assert waiting.session.registrations.filter(status="confirmed").count() == (
        waiting.session.capacity
    )
    assert waiting.session.registrations.filter(
        status="waitlisted", queued_at__lt=waiting.queued_at
    ).exists()  # second in line

    # Last week's session: closed, with late, excused and absent marks.
    recent = TrainingSession.objects.get(external_ref="demo:life:recent")
    assert recent.status == TrainingSession.Status.HELD
    assert recent.ends_at < timezone.now() and recent.start_day.year == timezone.localdate().year
    statuses = set(Attendance.objects.filter(slot__session=recent).values_list("status", flat=True))
    assert statuses == {"present", "late", "excused", "absent"}
    no_show = recent.registrations.filter(attended_minutes=0).count()
    assert no_show == 2  # the excused and the absent ones get no attestation
    assert Attestation.objects.filter(registration__session=recent).count() == 2 * (12 - no_show)

    # The trainer has a session today, and another is placed on a later day.
    trainer = User.objects.get(email="formatrice21@preau.test")
    today = timezone.localdate()
    slots = Slot.objects.filter(session__trainers=trainer, day=today)
    assert slots.count() == 2
    session = slots.first().session
    assert session.status == "open"
    assert session.registrations.filter(status="confirmed").count() == 11
    assert demo_today_refresh() is None  # already there: nothing added

    tomorrow = timezone.now() + timedelta(days=1)
    later = demo_today_refresh(now=tomorrow)
    assert later is not None
    assert later.start_day == timezone.localtime(tomorrow).date()
    # She also runs the next sessions of her Atelier, and the demo year's of her académie.
    assert TrainingSession.objects.filter(
        trainers=trainer, status="open", starts_at__gt=tomorrow, atelier__code="21"
    ).exists()
    assert not TrainingSession.objects.filter(
        external_ref__startswith=f"demo:{demo}:", academie__code="dijon"
    ).exclude(trainers=trainer)
