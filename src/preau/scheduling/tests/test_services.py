from datetime import time, timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from preau.accounts.roles import Role
from preau.catalog import services as catalog_services
from preau.catalog.testing import offer_data
from preau.core.testing import user_with_role
from preau.scheduling import services
from preau.scheduling.models import Room, TrainingSession
from preau.scheduling.services import SlotSpec
from preau.scheduling.signals import session_cancelled
from preau.scheduling.testing import afternoon, morning, next_weekday, session_spec

pytestmark = pytest.mark.django_db
Status = TrainingSession.Status


@pytest.fixture
def planner(net):
    return user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)


def test_a_two_half_day_session_in_the_ateliers_time_zone(net, planner):
    net.y1.timezone = "America/Guadeloupe"
    net.y1.save()
    day = next_weekday()
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.y1)
    session = services.session_create(
        actor=manager, spec=session_spec(net.y1, slots=(morning(day), afternoon(day)))
    )
    slots = list(session.slots.all())
    assert len(slots) == 2 and session.status == Status.PLANNED
    local = timezone.localtime(slots[0].starts_at, session.zone)
    assert (local.date(), local.time()) == (day, time(9))
    assert slots[0].starts_at.utcoffset() == timedelta(0)  # stored in UTC
    assert (session.territory, session.academie) == (net.t2, net.b1)
    assert session.starts_at == slots[0].starts_at and session.ends_at == slots[1].ends_at


def test_bad_sessions_are_refused_with_the_reason(net, planner):
    day = next_weekday()
    room = Room.objects.create(atelier=net.x2, name="Salle B", capacity=10)
    cases: dict[str, dict] = {
        "slots": {"slots": ()},
        "capacity": {"capacity": 0},
        "room": {"room": room},
        "online_url": {"venue": "online"},
        "school": {"venue": "school"},
        "registration_closes_at": {"registration_closes_at": timezone.now() + timedelta(weeks=10)},
    }
    for field, overrides in cases.items():
        with pytest.raises(ValidationError) as err:
            services.session_create(actor=planner, spec=session_spec(net.x1, **overrides))
        assert field in err.value.message_dict, field
    with pytest.raises(ValidationError, match=r"demi-journée|half-day"):
        services.session_create(
            actor=planner, spec=session_spec(net.x1, slots=(SlotSpec(day, time(8), time(17)),))
        )
    assert not TrainingSession.objects.exists()


def test_room_and_trainer_double_booking_is_refused(net, planner):
    day = next_weekday()
    room = Room.objects.create(atelier=net.x1, name="Salle A", capacity=30)
    trainer = user_with_role(Role.TRAINER, atelier=net.x1)
    first = services.session_create(
        actor=planner,
        spec=session_spec(net.x1, room=room, trainers=(trainer,), slots=(morning(day),)),
    )
    overlapping = SlotSpec(day, time(11), time(12, 30))
    with pytest.raises(ValidationError) as err:
        services.session_create(
            actor=planner, spec=session_spec(net.x1, room=room, slots=(overlapping,))
        )
    assert "Salle A" in err.value.message_dict["room"][0]
    with pytest.raises(ValidationError) as err:
        services.session_create(
            actor=planner, spec=session_spec(net.x1, trainers=(trainer,), slots=(overlapping,))
        )
    assert "trainers" in err.value.message_dict
    # The afternoon is free, and a cancelled session frees its room.
    services.session_create(
        actor=planner, spec=session_spec(net.x1, room=room, slots=(afternoon(day),))
    )
    services.session_cancel(actor=planner, session=first, reason="Formateur malade")
    services.session_create(
        actor=planner, spec=session_spec(net.x1, room=room, slots=(overlapping,))
    )


def test_planning_is_scoped(net):
    for outsider in (
        user_with_role(Role.ATELIER_MANAGER, atelier=net.x2),
        user_with_role(Role.TRAINER, atelier=net.x1),
        user_with_role(Role.PARTNER, academie=net.a1),
    ):
        with pytest.raises(PermissionDenied):
            services.session_create(actor=outsider, spec=session_spec(net.x1))
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    services.session_create(actor=director, spec=session_spec(net.x3))


def test_weekly_series_and_duplicate(net, planner):
    spec = session_spec(net.x1)
    series = services.session_series_create(actor=planner, spec=spec, weeks=4)
    starts = [s.starts_at for s in series]
    assert [b - a for a, b in pairwise(starts)] == [timedelta(weeks=1)] * 3
    copy = services.session_duplicate(actor=planner, session=series[-1])
    assert copy.starts_at - series[-1].starts_at == timedelta(weeks=1)
    assert copy.offer == spec.offer and copy.status == Status.PLANNED


def test_a_series_is_all_or_nothing(net, planner):
    room = Room.objects.create(atelier=net.x1, name="Salle A", capacity=30)
    day = next_weekday()
    services.session_create(
        actor=planner,
        spec=session_spec(net.x1, room=room, slots=(morning(day + timedelta(weeks=2)),)),
    )
    with pytest.raises(ValidationError):
        services.session_series_create(
            actor=planner, spec=session_spec(net.x1, room=room, slots=(morning(day),)), weeks=4
        )
    assert TrainingSession.objects.count() == 1


def test_open_needs_a_published_offer_and_cancel_notifies(net, planner):
    draft = catalog_services.offer_create(actor=planner, data=offer_data(), atelier=net.x1)
    session = services.session_create(actor=planner, spec=session_spec(net.x1, offer=draft))
    with pytest.raises(ValidationError):
        services.session_open(actor=planner, session=session)
    heard = []

    def listener(**kwargs):
        heard.append(kwargs["reason"])

    session_cancelled.connect(listener)
    try:
        with pytest.raises(ValidationError):
            services.session_cancel(actor=planner, session=session, reason=" ")
        services.session_cancel(actor=planner, session=session, reason="Salle inondée")
    finally:
        session_cancelled.disconnect(listener)
    assert heard == ["Salle inondée"]
