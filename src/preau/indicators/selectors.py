"""What dashboards, exports and the API read: the figures of a place (None for
national) over a period, from the roll-up for calendar and school years, from
raw records for any other range. Both give the same numbers (tested)."""

from dataclasses import replace
from typing import Any

from django.db.models import QuerySet

from preau.indicators.breakdowns import (
    GroupRow,
    breakdown,
    month_series,
    monthly,
    sort_rows,
)  # fmt: skip
from preau.indicators.engine import KeyFigures, key_figures, rate
from preau.indicators.periods import Period
from preau.indicators.rollup import rollup_doc
from preau.network.models import Academie, Atelier, Territory
from preau.scheduling.hours import hours_from_minutes
from preau.scheduling.models import TrainingSession
from preau.selftraining.selectors import consultations_count, learners_count

Place = Territory | Academie | Atelier | None


def scope_key(place: Place) -> str:
    if place is None:
        return "all"
    prefix = {Territory: "t", Academie: "a", Atelier: "w"}[type(place)]
    return f"{prefix}{place.pk}"


def place_sessions(place: Place) -> QuerySet[TrainingSession]:
    sessions = TrainingSession.objects.all()
    if isinstance(place, Territory):
        return sessions.filter(territory=place)
    if isinstance(place, Academie):
        return sessions.filter(academie=place)
    if isinstance(place, Atelier):
        return sessions.filter(atelier=place)
    return sessions


def _hours(minutes: int) -> float:
    return hours_from_minutes(minutes)


def figures_from_doc(doc: dict[str, Any], period: Period) -> KeyFigures:
    s = doc["sums"]
    return KeyFigures(
        period=period,
        sessions=s["sessions"],
        participations=s["participations"],
        persons=doc["persons"],
        registrations=s["registrations"],
        no_shows=s["no_shows"],
        hours_delivered=_hours(s["minutes_delivered"]),
        participant_hours=_hours(s["participant_minutes"]),
        participant_hours_in_person=_hours(s["participant_minutes_in_person"]),
        sessions_in_person=s["sessions_in_person"],
        participations_in_person=s["participations_in_person"],
        satisfaction=rate(s["satisfied"], s["satisfaction_n"]),
        transferability=rate(s["transfer_yes"], s["transfer_n"]),
        consultations=doc.get("consultations", 0),
        learners=doc.get("learners", 0),
    )


def figures(place: Place, period: Period) -> KeyFigures:
    doc = rollup_doc(period, scope_key(place))
    if doc is None:
        raw = key_figures(place_sessions(place), period)
        return replace(
            raw, consultations=consultations_count(place, period),
            learners=learners_count(place, period),
        )  # fmt: skip
    found = figures_from_doc(doc, period)
    if isinstance(place, Atelier):
        return replace(found, consultations=None, learners=None)
    return found


def groups(place: Place, period: Period, by: str) -> list[GroupRow]:
    doc = rollup_doc(period, scope_key(place))
    if doc is None or by not in doc["groups"]:
        return breakdown(place_sessions(place), period, by)
    return sort_rows([GroupRow(*row) for row in doc["groups"][by]], by)


def months(place: Place, period: Period) -> list[tuple[str, float]]:
    doc = rollup_doc(period, scope_key(place))
    if doc is None:
        return monthly(place_sessions(place), period)
    return month_series(doc["months"], period)
