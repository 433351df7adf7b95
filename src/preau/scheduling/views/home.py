"""What scheduling shows on the home page: the next sessions near the person."""

from typing import Any
from zoneinfo import ZoneInfo

from django.http import HttpRequest

from preau.scheduling.models import TrainingSession
from preau.scheduling.selectors import upcoming_public

HOME_SESSIONS = 6


def home_sessions(request: HttpRequest) -> dict[str, Any]:
    """Sessions open for registration in the person's académie when known, else anywhere."""
    user = request.user
    academie = getattr(user, "academie", None) if user.is_authenticated else None
    open_ = upcoming_public(status=TrainingSession.Status.OPEN).select_related(
        "atelier__departement"
    )
    sessions = []
    if academie is not None:
        sessions = list(open_.filter(academie=academie)[:HOME_SESSIONS])
    near = bool(sessions)
    if not sessions:
        sessions = list(open_[:HOME_SESSIONS])
    rows = []
    for s in sessions:
        if s.starts_at is None:
            continue
        zone = ZoneInfo(s.atelier.timezone if s.atelier else "Europe/Paris")
        seats = max(0, s.capacity - getattr(s, "held", 0))
        rows.append({"session": s, "starts": s.starts_at.astimezone(zone), "seats": seats})
    return {
        "home_sessions": rows,
        "home_academie": academie if near else None,
    }
