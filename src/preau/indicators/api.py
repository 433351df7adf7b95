"""Indicators API: the same figures as /pilotage, with the same parameters."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from preau.api_auth import AUTH
from preau.indicators import selectors
from preau.indicators.breakdowns import GROUPS
from preau.indicators.engine import KeyFigures, change
from preau.indicators.selection import Selection, UnknownYear, selection

router = Router(auth=AUTH)
FIELDS = (
    "sessions", "participations", "persons", "registrations", "no_shows", "hours_delivered",
    "participant_hours", "trainee_days", "share_in_person", "attendance_rate",
    "sessions_in_person", "participations_in_person", "consultations", "learners",
)  # fmt: skip


class KeyFiguresOut(Schema):
    period: str
    start: str
    end: str
    place: str
    current: dict[str, Any]
    previous: dict[str, Any]
    change_pct: dict[str, float | None]


class GroupOut(Schema):
    key: str
    label: str
    sessions: int
    participations: int
    participant_hours: float
    trainee_days: float
    share_in_person: float | None


class MonthOut(Schema):
    month: str
    participant_hours: float


def _chosen(
    request: HttpRequest, year: int | None, kind: str, territory: str | None,
    academie: str | None, atelier: str | None,
) -> Selection:  # fmt: skip
    if kind not in ("calendar", "school"):
        raise HttpError(422, "kind: calendar or school")
    try:
        return selection(
            request.user, year=year, school=kind == "school", territory=territory,
            academie=academie, atelier=atelier,
        )  # fmt: skip
    except PermissionDenied as e:
        raise HttpError(403, "This place is not in your indicators scope.") from e
    except UnknownYear as e:
        raise HttpError(422, str(e)) from e
    except Http404 as e:
        raise HttpError(404, str(e)) from e


def _values(figures: KeyFigures) -> dict[str, Any]:
    values = {name: getattr(figures, name) for name in FIELDS}
    for name, rate in (("satisfaction", figures.satisfaction),
                       ("transferability", figures.transferability)):  # fmt: skip
        values[name] = {"percent": rate.percent, "n": rate.n}
    return values


@router.get("/key-figures", response=KeyFiguresOut, summary="Key figures and the year before")
def key_figures_api(
    request: HttpRequest, year: int | None = None, kind: str = "calendar",
    territory: str | None = None, academie: str | None = None, atelier: str | None = None,
) -> KeyFiguresOut:  # fmt: skip
    """``kind``: calendar or school (September–August); ``territory``, ``academie``,
    ``atelier``: a code in your scope (default: the widest place you may see)."""
    chosen = _chosen(request, year, kind, territory, academie, atelier)
    period = chosen.period
    now = selectors.figures(chosen.place, period)
    before = selectors.figures(chosen.place, period.previous())
    current, previous = _values(now), _values(before)
    return KeyFiguresOut(
        period=period.label, start=period.start.isoformat(), end=period.end.isoformat(),
        place=str(chosen.place or "national"), current=current, previous=previous,
        change_pct={name: change(current[name], previous[name]) for name in FIELDS},
    )  # fmt: skip


@router.get("/breakdown", response=list[GroupOut], summary="Key figures by group")
def breakdown_api(
    request: HttpRequest, by: str = "territory", year: int | None = None,
    kind: str = "calendar", territory: str | None = None, academie: str | None = None,
    atelier: str | None = None,
) -> list[GroupOut]:  # fmt: skip
    """``by``: territory, academie, atelier, theme, programme, modality, format,
    audience or session."""
    if by not in GROUPS:
        raise HttpError(422, f"by: one of {', '.join(GROUPS)}")
    chosen = _chosen(request, year, kind, territory, academie, atelier)
    return [
        GroupOut(
            key=r.key,
            label=r.label,
            sessions=r.sessions,
            participations=r.participations,
            participant_hours=r.participant_hours,
            trainee_days=r.trainee_days,
            share_in_person=r.share_in_person,
        )
        for r in selectors.groups(chosen.place, chosen.period, by)
    ]


@router.get("/monthly", response=list[MonthOut], summary="Participant-hours month by month")
def monthly_api(
    request: HttpRequest, year: int | None = None, kind: str = "calendar",
    territory: str | None = None, academie: str | None = None, atelier: str | None = None,
) -> list[MonthOut]:  # fmt: skip
    chosen = _chosen(request, year, kind, territory, academie, atelier)
    return [
        MonthOut(month=m, participant_hours=v)
        for m, v in selectors.months(chosen.place, chosen.period)
    ]


class ConventionOut(Schema):
    partner: str
    programme: str
    convention: str
    sessions: int
    participations: int
    persons: int
    trainee_days: float
    previous: dict[str, float]


@router.get("/conventions", response=list[ConventionOut], summary="Partner reports")
def conventions_api(
    request: HttpRequest, year: int | None = None, kind: str = "calendar",
    territory: str | None = None, academie: str | None = None, atelier: str | None = None,
) -> list[ConventionOut]:  # fmt: skip
    """Per convention (partner académie, programme, convention): sessions held,
    teachers trained (participations), distinct people, trainee-days, and the
    same figures the year before."""
    from preau.indicators.partners import convention_rows

    chosen = _chosen(request, year, kind, territory, academie, atelier)
    return [
        ConventionOut(
            partner=r.partner,
            programme=r.programme,
            convention=r.convention,
            sessions=r.now.sessions,
            participations=r.now.participations,
            persons=r.now.persons,
            trainee_days=r.now.trainee_days,
            previous={
                "sessions": r.before.sessions,
                "participations": r.before.participations,
                "persons": r.before.persons,
                "trainee_days": r.before.trainee_days,
            },
        )
        for r in convention_rows(chosen.place, chosen.period)
    ]
