"""The demo year reproduces the 2023 key figures (scaled) within 1 %."""

import pytest
from django.db.models import Count

from preau.demo.accounts import demo_accounts_create
from preau.demo.catalog import demo_catalog_create
from preau.demo.year import TARGETS, demo_year_create
from preau.indicators.engine import change, key_figures
from preau.indicators.periods import calendar_year
from preau.network.services import network_load
from preau.scheduling.models import TrainingSession

pytestmark = pytest.mark.django_db
SCALE = 0.01


def near(value, target, tolerance=0.01):
    return abs(value - target) <= tolerance * target


def test_demo_year_is_calibrated_and_deterministic():
    network_load()
    demo_accounts_create()
    demo_catalog_create(count=40)
    demo_year_create(year=2022, which="previous", scale=SCALE, seed=7)
    counts = demo_year_create(year=2023, which="current", scale=SCALE, seed=7)
    assert counts["sessions"] == round(9581 * SCALE)

    sessions = TrainingSession.objects.all()
    now, before = (
        key_figures(sessions, calendar_year(2023)),
        key_figures(sessions, calendar_year(2022)),
    )
    target = TARGETS["current"]
    assert now.sessions == round(target["sessions"] * SCALE)
    assert near(now.participations, target["participations"] * SCALE)
    assert near(now.trainee_days, target["trainee_days"] * SCALE)
    assert abs(now.share_in_person - target["in_person"]) <= 0.5
    assert abs(now.satisfaction.percent - 95.5) <= 0.5 and now.satisfaction.n > 500
    assert abs(now.transferability.percent - 83.5) <= 0.5
    assert abs(change(now.participations, before.participations) - 14.0) <= 1.0
    assert abs(change(now.sessions, before.sessions) - 18.5) <= 1.5
    assert now.persons < now.participations  # people come back: persons ≠ participations
    assert now.no_shows > 0 and now.attendance_rate < 100
    assert counts["consultations"] == round(target["consultations"] * SCALE)

    # /pilotage reads the roll-up: the same figures, plus consultations and partners.
    from preau.indicators import selectors
    from preau.indicators.partners import convention_rows

    rolled = selectors.figures(None, calendar_year(2023))
    assert (rolled.participations, rolled.trainee_days) == (now.participations, now.trainee_days)
    assert rolled.consultations == counts["consultations"]
    assert near(rolled.learners, 74887 * SCALE, 0.02)  # the report's active learners
    from preau.lrs.models import Statement
    from preau.selftraining.models import Consultation

    # Each demo consultation comes with the statement the platform sent to the LRS.
    assert (
        Statement.objects.filter(id__in=Consultation.objects.values("statement_id")).count()
        == Consultation.objects.count()
    )
    plans = convention_rows(None, calendar_year(2023))
    held_under_plans = sum(r.now.sessions for r in plans)
    assert held_under_plans == round(2602 / 9581 * counts["sessions"])
    assert all(r.partner for r in plans)


def test_the_demo_year_issues_attestations_and_marks_absences_without_moving_the_figures():
    from preau.accounts.models import User
    from preau.attendance.models import Attendance
    from preau.credentials.models import Attestation
    from preau.registrations.models import Registration

    network_load()
    demo_accounts_create()
    demo_catalog_create(count=40)
    counts = demo_year_create(year=2023, which="current", scale=SCALE, seed=7)
    figures = key_figures(TrainingSession.objects.all(), calendar_year(2023))
    target = TARGETS["current"]
    assert figures.sessions == counts["sessions"] == round(target["sessions"] * SCALE)
    assert near(figures.participations, target["participations"] * SCALE)
    assert near(figures.trainee_days, target["trainee_days"] * SCALE)

    # Every attended registration has both documents, dated at its session's end.
    attended = Registration.objects.filter(session__status="held", attended_minutes__gt=0)
    assert counts["attestations"] == Attestation.objects.count() == 2 * attended.count()
    sample = Attestation.objects.select_related("registration__session").first()
    assert sample.issued_at == sample.registration.session.ends_at
    assert sample.number.startswith("2023-")

    # Trainers mark every slot: late, absent and excused appear; attended = present or late.
    marks = dict(Attendance.objects.values_list("status").annotate(n=Count("pk")).order_by())
    assert set(marks) == {"present", "late", "absent", "excused"}
    assert marks["late"] > 0.03 * marks["present"]
    no_show = Registration.objects.filter(session__status="held", attended_minutes=0).first()
    assert set(no_show.attendances.values_list("status", flat=True)) <= {"absent", "excused"}

    # A few sessions were cancelled, with their registrations; they count nowhere.
    cancelled = TrainingSession.objects.filter(status="cancelled")
    assert cancelled.count() == counts["cancelled"] >= 1
    assert not Registration.objects.filter(session__in=cancelled).exclude(status="cancelled")

    # The demo teacher took three seats of generated people in the year.
    teacher = User.objects.get(email="enseignante@preau.test")
    assert Attestation.objects.filter(user=teacher, kind="realisation").count() == 3
