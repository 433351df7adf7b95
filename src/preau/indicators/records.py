"""The records behind a figure: the sessions of a place and period (optionally of
one theme, programme, modality or format), each with its own figures. The
people behind them are on each session's own page, for those allowed there."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, overload

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from preau.indicators.engine import IN_PERSON, held, started_in
from preau.indicators.facts import session_facts
from preau.indicators.selection import Selection
from preau.indicators.selectors import place_sessions
from preau.registrations.models import Registration
from preau.scheduling.hours import hours_from_minutes
from preau.scheduling.models import TrainingSession

RECORD_FILTERS = {
    "theme": "offer__themes__code", "programme": "programme__code",
    "modality": "offer__modality", "format": "offer__format",
}  # fmt: skip


@dataclass(frozen=True)
class RecordRow:
    session: TrainingSession
    day: date | None
    title: str
    place: str
    venue: str
    registrations: int
    participations: int
    participant_hours: float
    no_shows: int


def _titles() -> dict[str, str]:
    return {
        "sessions": _("Sessions held"),
        "participations": _("Sessions held and their participants"),
        "in_person": _("Sessions held in person"),
        "registrations": _("Sessions held and their registrations"),
        "no_shows": _("Sessions held with no-shows"),
    }


def record_sessions(chosen: Selection, figure: str, query: Any) -> QuerySet[TrainingSession]:
    sessions = started_in(held(place_sessions(chosen.place)), chosen.period)
    for key, lookup in RECORD_FILTERS.items():
        if query.get(key):
            sessions = sessions.filter(**{lookup: query[key]})
    if figure == "in_person":
        sessions = sessions.filter(venue__in=IN_PERSON)
    if figure == "no_shows":
        no_show = Registration.objects.filter(
            session=OuterRef("pk"), status=Registration.Status.CONFIRMED, attended_minutes=0
        )
        sessions = sessions.filter(Exists(no_show))
    return sessions.distinct().order_by("-start_day", "pk")


class LazyRows(Sequence[RecordRow]):
    """Rows computed only for the slice asked for (a page), in one pass of facts."""

    def __init__(self, sessions: QuerySet[TrainingSession], chosen: Selection) -> None:
        self.sessions, self.chosen = sessions, chosen

    def __len__(self) -> int:
        return self.sessions.count()

    @overload
    def __getitem__(self, index: int) -> RecordRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[RecordRow]: ...
    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int):
            return self[index : index + 1][0]
        chosen = list(
            self.sessions[index].select_related("offer", "atelier", "school")
        )  # fmt: skip
        facts = session_facts(
            TrainingSession.objects.filter(pk__in=[s.pk for s in chosen]), self.chosen.period
        )
        rows = []
        for s in chosen:
            f = facts.get(s.pk)
            rows.append(
                RecordRow(
                    session=s, day=s.start_day, title=s.offer.title, place=s.place_label,
                    venue=s.get_venue_display(),
                    registrations=f.registrations if f else 0,
                    participations=f.participations if f else 0,
                    participant_hours=hours_from_minutes(f.participant_minutes) if f else 0.0,
                    no_shows=f.no_shows if f else 0,
                )
            )  # fmt: skip
        return rows

    def __iter__(self) -> Iterator[RecordRow]:
        return iter(self[0 : len(self)])


def _filter_label(query: Any) -> str:
    """What the list is narrowed to, in words ("Coéducation", "Hybrid"…)."""
    from preau.catalog import choices
    from preau.catalog.models import Programme, Theme

    labels = []
    for key, model in (("theme", Theme), ("programme", Programme)):
        if query.get(key):
            labels.append(str(model.objects.filter(code=query[key]).first() or query[key]))
    for key, options in (("modality", choices.Modality), ("format", choices.Format)):
        if query.get(key):
            labels.append(str(dict(options.choices).get(query[key], query[key])))
    return " · ".join(labels)


def record_rows(chosen: Selection, figure: str, query: Any) -> tuple[LazyRows, str]:
    figure = figure if figure in _titles() else "sessions"
    title = _titles()[figure]
    narrowed = _filter_label(query)
    return LazyRows(record_sessions(chosen, figure, query), chosen), (
        f"{title} — {narrowed}" if narrowed else title
    )
