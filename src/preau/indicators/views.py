"""/pilotage: the key figures ("L'essentiel") for a year and a scope, beside the year before."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import ScopePaths, filter_in_scope, user_may_somewhere
from preau.indicators.breakdowns import GROUPS, breakdown, monthly
from preau.indicators.engine import KeyFigures, change, key_figures
from preau.indicators.periods import calendar_year, school_year
from preau.network.models import Territory
from preau.scheduling.models import TrainingSession

SESSION_PATHS = ScopePaths("territory_id", "academie_id", "atelier_id")


def _rows(now: KeyFigures, before: KeyFigures) -> list[tuple[str, object, object, float | None]]:
    """(label, this period, previous period, change %) for the headline figures."""
    pairs = [
        (_("Participations in synchronous sessions"), now.participations, before.participations),
        (_("Different people trained"), now.persons, before.persons),
        (_("Sessions held"), now.sessions, before.sessions),
        (
            _("Share of synchronous activity in person (%)"),
            now.share_in_person,
            before.share_in_person,
        ),
        (_("Trainee-days"), now.trainee_days, before.trainee_days),
        (_("Hours of training delivered"), now.hours_delivered, before.hours_delivered),
        (_("Registrations"), now.registrations, before.registrations),
        (_("Attendance rate (%)"), now.attendance_rate, before.attendance_rate),
    ]
    return [(label, a, b, change(a, b)) for label, a, b in pairs]


BY_LABELS = {
    "territory": _("Territory"), "academie": _("Académie"), "atelier": _("Atelier"),
    "theme": _("Theme"), "programme": _("Programme"), "modality": _("Modality"),
    "format": _("Format"),
}  # fmt: skip


def _selection(request: HttpRequest) -> tuple[Any, Any, Any, int, str]:
    """The scoped sessions, territories, chosen territory, year and kind from GET."""
    if not user_may_somewhere(request.user, Capability.VIEW_INDICATORS):
        raise PermissionDenied
    sessions = filter_in_scope(
        TrainingSession.objects.all(), request.user, Capability.VIEW_INDICATORS, SESSION_PATHS
    )
    territories = Territory.objects.filter(pk__in=sessions.values("territory_id")).order_by("name")
    territory = territories.filter(code=request.GET.get("territoire", "")).first()
    if territory is not None:
        sessions = sessions.filter(territory=territory)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("annee", today.year - 1))  # the last complete year
    except ValueError:
        year = today.year - 1
    kind = request.GET.get("type", "civile")
    return sessions, territories, territory, year, kind


@login_required
def key_figures_page(request: HttpRequest) -> HttpResponse:
    sessions, territories, territory, year, kind = _selection(request)
    period = school_year(year) if kind == "scolaire" else calendar_year(year)
    by = request.GET.get("par", "territory")
    by = by if by in GROUPS else "territory"
    groups = breakdown(sessions, period, by)
    months = monthly(sessions, period)
    now = key_figures(sessions, period)
    before = key_figures(sessions, period.previous())
    return render(
        request,
        "indicators/key_figures.html",
        {
            "figures": now, "rows": _rows(now, before), "period": period, "year": year,
            "kind": kind,
            "years": range(timezone.localdate().year - 4, timezone.localdate().year + 2),
            "territories": territories,
            "territory": territory, "by": by, "by_labels": BY_LABELS.items(),
            "by_label": BY_LABELS[by], "groups": groups, "bars": _bars(groups),
            "months": _bars(months), "query": request.GET.urlencode(),
        },
    )  # fmt: skip


ROW_PX, BAR_PX = 24, 330


def _bars(rows: Any) -> dict[str, Any]:
    """A horizontal bar chart as SVG geometry (attributes only: the CSP forbids
    inline styles). The table beside it gives the same numbers as text."""
    pairs = [(r.label, r.participant_hours) if hasattr(r, "label") else r for r in rows][:30]
    top = max((v for _l, v in pairs), default=0) or 1
    bars = [
        {"label": str(label)[:34], "value": value, "width": round(BAR_PX * value / top, 1),
         "value_x": round(BAR_PX * value / top + 236, 1), "y": i * ROW_PX,
         "text_y": i * ROW_PX + 16}
        for i, (label, value) in enumerate(pairs)
    ]  # fmt: skip
    return {"bars": bars, "height": len(bars) * ROW_PX + 4}


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The breakdown table as CSV or XLSX (same filters as the page)."""
    from preau.core.exports import table_response

    sessions, _territories, _territory, year, kind = _selection(request)
    period = school_year(year) if kind == "scolaire" else calendar_year(year)
    by = request.GET.get("par", "territory")
    by = by if by in GROUPS else "territory"
    header = [
        str(label)
        for label in (BY_LABELS[by], _("Sessions held"), _("Participations"),
                      _("Participant-hours"), _("Trainee-days"), _("In person (%)"))
    ]  # fmt: skip
    rows = [
        [
            g.label,
            g.sessions,
            g.participations,
            g.participant_hours,
            g.trainee_days,
            g.share_in_person,
        ]
        for g in breakdown(sessions, period, by)
    ]
    return table_response(f"indicateurs-{period.label}-{by}", fmt, header, rows, delimiter=";")


@login_required
def annual_report(request: HttpRequest) -> HttpResponse:
    """The activity report's key-figures pages for a year and a scope, printable."""
    from django.conf import settings

    sessions, _territories, territory, year, kind = _selection(request)
    period = school_year(year) if kind == "scolaire" else calendar_year(year)
    now, before = key_figures(sessions, period), key_figures(sessions, period.previous())
    return render(
        request,
        "indicators/report.html",
        {
            "period": period, "figures": now, "territory": territory,
            "operator": settings.OPERATOR_NAME,
            "tiles": [
                (_("people trained in synchronous sessions"), now.participations,
                 change(now.participations, before.participations)),
                (_("sessions"), now.sessions, change(now.sessions, before.sessions)),
                (_("of synchronous activity in person"), now.share_in_person,
                 change(now.share_in_person, before.share_in_person)),
                (_("trainee-days"), now.trainee_days,
                 change(now.trainee_days, before.trainee_days)),
            ],
            "by_territory": breakdown(sessions, period, "territory"),
            "by_theme": breakdown(sessions, period, "theme"),
            "months": _bars(monthly(sessions, period)),
        },
    )  # fmt: skip
