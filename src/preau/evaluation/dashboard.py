"""Results within the viewer's scope, broken down by territory, Atelier or theme,
and the raw answers (without who gave them) for export."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from preau.accounts.roles import Capability
from preau.accounts.scopes import ScopePaths, filter_in_scope
from preau.catalog.models import Theme
from preau.evaluation.models import Answer
from preau.evaluation.selectors import Results, results
from preau.network.models import Atelier, Territory
from preau.scheduling.models import TrainingSession

SESSION_PATHS = ScopePaths("territory_id", "academie_id", "atelier_id")
BREAKDOWNS = ("territory", "atelier", "theme")


@dataclass(frozen=True)
class Row:
    label: str
    results: Results


def sessions_in_scope(user: Any) -> QuerySet[TrainingSession]:
    return filter_in_scope(
        TrainingSession.objects.filter(status=TrainingSession.Status.HELD),
        user,
        Capability.VIEW_INDICATORS,
        SESSION_PATHS,
    )


def breakdown(sessions: QuerySet[TrainingSession], by: str) -> list[Row]:
    if by == "atelier":
        ateliers = Atelier.objects.filter(pk__in=sessions.values("atelier_id"))
        rows = [Row(str(a), results(sessions.filter(atelier=a))) for a in ateliers]
    elif by == "theme":
        themes = Theme.objects.filter(offer__sessions__in=sessions).distinct()
        rows = [Row(str(t), results(sessions.filter(offer__themes=t))) for t in themes]
    else:
        territories = Territory.objects.filter(pk__in=sessions.values("territory_id"))
        rows = [Row(str(t), results(sessions.filter(territory=t))) for t in territories]
    return sorted(rows, key=lambda r: -r.results.satisfaction.n)


EXPORT_COLUMNS = (
    "answer_id", "kind", "session_id", "offer", "atelier", "territory", "session_date",
    "satisfaction", "transfer", "objectives_met", "impact", "changes", "comment",
)  # fmt: skip


def raw_answers(sessions: QuerySet[TrainingSession]) -> list[list[Any]]:
    """One row per answer, with nothing that identifies the person."""
    rows = (
        Answer.objects.filter(session__in=sessions)
        .select_related("session__offer", "session__atelier", "session__territory")
        .order_by("pk")
    )
    return [
        [
            a.pk,
            a.kind,
            a.session_id,
            a.session.offer.title,
            str(a.session.atelier or ""),
            str(a.session.territory),
            a.session.starts_at.date().isoformat() if a.session.starts_at else "",
            a.satisfaction,
            a.transfer,
            a.objectives_met,
            a.impact,
            a.changes,
            a.comment,
        ]
        for a in rows
    ]
