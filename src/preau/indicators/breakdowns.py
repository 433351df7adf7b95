"""Key figures broken down by a dimension of sessions, and month by month:
sums of per-session facts (see facts.py)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from preau.catalog import choices
from preau.indicators.facts import SessionFact, session_facts
from preau.indicators.periods import Period
from preau.scheduling.hours import hours_from_minutes
from preau.scheduling.models import TrainingSession

GROUPS = (
    "territory", "academie", "atelier", "theme", "programme", "modality", "format", "audience",
    "session",
)  # fmt: skip
LABELS: dict[str, dict[str, Any]] = {
    "modality": dict(choices.Modality.choices),
    "format": dict(choices.Format.choices),
    "audience": dict(choices.Audience.choices),
}


@dataclass(frozen=True)
class GroupRow:
    key: str  # a code (territory, académie, Atelier, theme…) or a session id
    label: str
    sessions: int
    participations: int
    participant_minutes: int
    participant_minutes_in_person: int

    @property
    def participant_hours(self) -> float:
        return hours_from_minutes(self.participant_minutes)

    @property
    def trainee_days(self) -> float:
        return round(self.participant_hours / settings.PREAU_HOURS_PER_TRAINEE_DAY, 1)

    @property
    def share_in_person(self) -> float | None:
        if not self.participant_minutes:
            return None
        return round(100 * self.participant_minutes_in_person / self.participant_minutes, 1)

    def as_list(self) -> list[Any]:
        return [self.key, self.label, self.sessions, self.participations,
                self.participant_minutes, self.participant_minutes_in_person]  # fmt: skip


def group(facts: Iterable[SessionFact], by: str) -> list[GroupRow]:
    """One row per value of ``by`` (labels as stored: see sort_rows). A session
    with two themes (or audiences) counts in each."""
    acc: dict[str, list[Any]] = {}
    for f in facts:
        for key, label in f.dims[by]:
            row = acc.setdefault(key, [label, 0, 0, 0, 0])
            row[1] += f.started
            row[2] += f.participations
            row[3] += f.participant_minutes
            row[4] += f.participant_minutes if f.in_person else 0
    return [GroupRow(key, label, *values) for key, (label, *values) in acc.items()]


def sort_rows(rows: list[GroupRow], by: str) -> list[GroupRow]:
    """Rows to show: choice labels in the reader's language, largest first."""
    labels = LABELS.get(by)
    if labels:
        rows = [GroupRow(r.key, str(labels.get(r.key, r.key)), *r.as_list()[2:]) for r in rows]
    rows = [r if r.label else GroupRow(r.key, "—", *r.as_list()[2:]) for r in rows]
    return sorted(rows, key=lambda r: (-r.participant_minutes, r.label))


def breakdown(sessions: QuerySet[TrainingSession], period: Period, by: str) -> list[GroupRow]:
    return sort_rows(group(session_facts(sessions, period).values(), by), by)


def months_of(period: Period) -> list[str]:
    """Every month the period touches, YYYY-MM, in order."""
    out, day = [], date(period.start.year, period.start.month, 1)
    while day <= period.end:
        out.append(f"{day:%Y-%m}")
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return out


def month_series(minutes_by_month: dict[str, int], period: Period) -> list[tuple[str, float]]:
    """Participant-hours per month of the period, months without activity included."""
    return [(m, hours_from_minutes(minutes_by_month.get(m, 0))) for m in months_of(period)]


def monthly(sessions: QuerySet[TrainingSession], period: Period) -> list[tuple[str, float]]:
    totals: dict[str, int] = {}
    for f in session_facts(sessions, period).values():
        for month, value in f.months.items():
            totals[month] = totals.get(month, 0) + value
    return month_series(totals, period)
