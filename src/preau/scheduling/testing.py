"""Test helpers for sessions, built through the services."""

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from preau.accounts.roles import Role
from preau.catalog.testing import published_offer
from preau.core.testing import user_with_role
from preau.network.models import Atelier
from preau.scheduling import services
from preau.scheduling.models import TrainingSession
from preau.scheduling.services import SessionSpec, SlotSpec


def next_weekday(weekday: int = 2, weeks_ahead: int = 3) -> date:
    """A date ``weeks_ahead`` weeks from now that falls on ``weekday`` (0 = Monday)."""
    day = timezone.localdate() + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def morning(day: date) -> SlotSpec:
    return SlotSpec(day, time(9), time(12))


def afternoon(day: date) -> SlotSpec:
    return SlotSpec(day, time(13, 30), time(16, 30))


def session_spec(atelier: Atelier, **overrides: Any) -> SessionSpec:
    values: dict[str, Any] = {
        "offer": overrides.pop("offer", None) or published_offer(atelier=atelier),
        "venue": TrainingSession.Venue.ATELIER,
        "capacity": 20,
        "slots": (morning(next_weekday()),),
        "atelier": atelier,
    }
    values.update(overrides)
    return SessionSpec(**values)


def open_session(atelier: Atelier, **overrides: Any) -> TrainingSession:
    planner = user_with_role(Role.ATELIER_MANAGER, atelier=atelier)
    return services.session_create(
        actor=planner, spec=session_spec(atelier, **overrides), open_now=True
    )
