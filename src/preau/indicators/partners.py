"""Partner reports: per convention (partner académie, programme, convention),
the sessions held, teachers trained and trainee-days, beside the year before —
the shape of "2,602 sessions, 60,748 teachers, 37,435 trainee-days"."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from preau.indicators.engine import change
from preau.indicators.facts import participation_pairs, session_facts
from preau.indicators.periods import Period
from preau.indicators.selectors import Place, place_sessions

Key = tuple[str, str, str]  # partner académie, programme, convention


@dataclass(frozen=True)
class ConventionFigures:
    sessions: int = 0
    participations: int = 0
    persons: int = 0
    participant_minutes: int = 0

    @property
    def trainee_days(self) -> float:
        return round(self.participant_minutes / 60 / settings.PREAU_HOURS_PER_TRAINEE_DAY, 1)


@dataclass(frozen=True)
class ConventionRow:
    partner: str
    programme: str
    convention: str
    now: ConventionFigures
    before: ConventionFigures

    @property
    def tiles(self) -> list[tuple[Any, Any, str, float | None]]:
        """(this period, year before, label, change %) as the report shows them."""
        return [
            (getattr(self.now, name), getattr(self.before, name), str(label),
             change(getattr(self.now, name), getattr(self.before, name)))
            for name, label in (
                ("sessions", _("sessions held")),
                ("participations", _("teachers trained (participations)")),
                ("trainee_days", _("trainee-days")),
            )
        ]  # fmt: skip


def _by_convention(place: Place, period: Period) -> dict[Key, ConventionFigures]:
    sessions = place_sessions(place).filter(partner__isnull=False)
    keys: dict[int, Key] = {
        pk: (partner, programme or "—", convention or "—")
        for pk, partner, programme, convention in sessions.values_list(
            "pk", "partner__name", "programme__name", "convention"
        )
    }
    facts = session_facts(sessions, period)
    sums: dict[Key, list[int]] = defaultdict(lambda: [0, 0, 0])
    for f in facts.values():
        row = sums[keys[f.session_id]]
        row[0] += f.started
        row[1] += f.participations
        row[2] += f.participant_minutes
    people: dict[Key, set[int]] = defaultdict(set)
    for sid, uid in participation_pairs(sessions, period).iterator(5000):
        people[keys[sid]].add(uid)
    return {key: ConventionFigures(s, p, len(people[key]), m) for key, (s, p, m) in sums.items()}


def convention_rows(place: Place, period: Period) -> list[ConventionRow]:
    now, before = _by_convention(place, period), _by_convention(place, period.previous())
    rows = [
        ConventionRow(*key, now.get(key, ConventionFigures()), before.get(key, ConventionFigures()))
        for key in set(now) | set(before)
    ]
    return sorted(rows, key=lambda r: (r.partner, r.programme, r.convention))


def convention_total(rows: list[ConventionRow]) -> ConventionRow:
    """All conventions together (distinct people are not summed: left at 0)."""

    def total(which: str) -> ConventionFigures:
        figures = [getattr(r, which) for r in rows]
        return ConventionFigures(
            sessions=sum(f.sessions for f in figures),
            participations=sum(f.participations for f in figures),
            participant_minutes=sum(f.participant_minutes for f in figures),
        )

    return ConventionRow("", "", "", total("now"), total("before"))


def convention_table(rows: list[ConventionRow]) -> list[list[Any]]:
    return [
        [r.partner, r.programme, r.convention, r.now.sessions, r.before.sessions,
         r.now.participations, r.before.participations, r.now.persons,
         r.now.trainee_days, r.before.trainee_days]
        for r in rows
    ]  # fmt: skip
