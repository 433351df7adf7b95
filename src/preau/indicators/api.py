"""Indicators API: the same figures as /pilotage, with the same parameters."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from preau.accounts.roles import Capability
from preau.accounts.scopes import ScopePaths, filter_in_scope, user_may_somewhere
from preau.api_auth import AUTH
from preau.indicators.breakdowns import GROUPS, breakdown
from preau.indicators.engine import KeyFigures, change, key_figures
from preau.indicators.periods import calendar_year, school_year
from preau.scheduling.models import TrainingSession

router = Router(auth=AUTH)
SESSION_PATHS = ScopePaths("territory_id", "academie_id", "atelier_id")
FIELDS = (
    "sessions", "participations", "persons", "registrations", "no_shows", "hours_delivered",
    "participant_hours", "trainee_days", "share_in_person", "attendance_rate",
)  # fmt: skip


class KeyFiguresOut(Schema):
    period: str
    start: str
    end: str
    current: dict[str, Any]
    previous: dict[str, Any]
    change_pct: dict[str, float | None]


class GroupOut(Schema):
    label: str
    sessions: int
    participations: int
    participant_hours: float
    trainee_days: float
    share_in_person: float | None


def _sessions(request: HttpRequest, territory: str | None) -> Any:
    if not user_may_somewhere(request.user, Capability.VIEW_INDICATORS):
        raise HttpError(403, "No indicator is in your scope.")
    sessions = filter_in_scope(
        TrainingSession.objects.all(), request.user, Capability.VIEW_INDICATORS, SESSION_PATHS
    )
    return sessions.filter(territory__code=territory) if territory else sessions


def _period(year: int | None, kind: str) -> Any:
    year = year or timezone.localdate().year - 1
    return school_year(year) if kind == "school" else calendar_year(year)


def _values(figures: KeyFigures) -> dict[str, Any]:
    values = {name: getattr(figures, name) for name in FIELDS}
    values["satisfaction"] = {"percent": figures.satisfaction.percent, "n": figures.satisfaction.n}
    values["transferability"] = {
        "percent": figures.transferability.percent, "n": figures.transferability.n,
    }  # fmt: skip
    return values


@router.get("/key-figures", response=KeyFiguresOut, summary="Key figures and the year before")
def key_figures_api(
    request: HttpRequest,
    year: int | None = None,
    kind: str = "calendar",
    territory: str | None = None,
) -> KeyFiguresOut:
    """``kind``: calendar or school (September–August); ``territory``: a code in your scope."""
    sessions = _sessions(request, territory)
    period = _period(year, kind)
    now, before = key_figures(sessions, period), key_figures(sessions, period.previous())
    current, previous = _values(now), _values(before)
    return KeyFiguresOut(
        period=period.label, start=period.start.isoformat(), end=period.end.isoformat(),
        current=current, previous=previous,
        change_pct={name: change(current[name], previous[name]) for name in FIELDS},
    )  # fmt: skip


@router.get("/breakdown", response=list[GroupOut], summary="Key figures by group")
def breakdown_api(
    request: HttpRequest, by: str = "territory", year: int | None = None, kind: str = "calendar",
    territory: str | None = None,
) -> list[GroupOut]:  # fmt: skip
    """``by``: territory, academie, atelier, theme, programme, modality or format."""
    if by not in GROUPS:
        raise HttpError(422, f"by: one of {', '.join(GROUPS)}")
    rows = breakdown(_sessions(request, territory), _period(year, kind), by)
    return [
        GroupOut(
            label=r.label,
            sessions=r.sessions,
            participations=r.participations,
            participant_hours=r.participant_hours,
            trainee_days=r.trainee_days,
            share_in_person=r.share_in_person,
        )
        for r in rows
    ]
