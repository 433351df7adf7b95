"""/pilotage: the key figures ("L'essentiel") for a year and a scope, beside the year before."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import ScopePaths, filter_in_scope, user_may_somewhere
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


@login_required
def key_figures_page(request: HttpRequest) -> HttpResponse:
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
        year = int(request.GET.get("annee", today.year))
    except ValueError:
        year = today.year
    kind = request.GET.get("type", "civile")
    period = school_year(year) if kind == "scolaire" else calendar_year(year)
    now = key_figures(sessions, period)
    before = key_figures(sessions, period.previous())
    return render(
        request,
        "indicators/key_figures.html",
        {
            "figures": now, "rows": _rows(now, before), "period": period, "year": year,
            "kind": kind,
            "years": range(today.year - 4, today.year + 2), "territories": territories,
            "territory": territory,
        },
    )  # fmt: skip
