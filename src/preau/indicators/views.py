"""/pilotage: the key figures ("L'essentiel") of a place and a year beside the
year before, with drill-down territory → académie → Atelier → session, and
the exports of its tables (the documents behind it: views_documents.py)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from preau.indicators import selectors
from preau.indicators.breakdowns import GROUPS, GroupRow
from preau.indicators.engine import KeyFigures, change
from preau.indicators.presentation import BELOW, BY_LABELS, bars, month_label
from preau.indicators.records import RECORD_FILTERS
from preau.indicators.rollup import computed_at
from preau.indicators.selection import Selection, selection_from_query
from preau.network.models import Academie, Atelier, Territory


def _rows(now: KeyFigures, before: KeyFigures) -> list[tuple[str, str, Any, Any, float | None]]:
    """(label, records filter, this period, previous period, change %) of the headline figures."""
    pairs = [
        (_("Participations in synchronous sessions"), "participations",
         now.participations, before.participations),
        (_("Different people trained"), "participations", now.persons, before.persons),
        (_("Sessions held"), "sessions", now.sessions, before.sessions),
        (_("Share of synchronous activity in person (%)"), "in_person",
         now.share_in_person, before.share_in_person),
        (_("Trainee-days"), "participations", now.trainee_days, before.trainee_days),
        (_("Hours of training delivered"), "sessions", now.hours_delivered, before.hours_delivered),
        (_("Registrations"), "registrations", now.registrations, before.registrations),
        (_("Attendance rate (%)"), "no_shows", now.attendance_rate, before.attendance_rate),
        (_("Self-training consultations"), "consultations", now.consultations,
         before.consultations),
        (_("Active self-training learners"), "consultations", now.learners, before.learners),
    ]  # fmt: skip
    return [(label, key, a, b, change(a, b)) for label, key, a, b in pairs]


def _by(request: HttpRequest, chosen: Selection) -> str:
    by = request.GET.get("par", "")
    return by if by in GROUPS else BELOW[type(chosen.place)]


def _link(chosen: Selection, by: str, row: GroupRow) -> str | None:
    """Where a breakdown row leads: the place below, the session, or its records."""
    params = {k: v for k, v in chosen.params.items() if k in ("annee", "type")}
    if by in ("territory", "academie", "atelier"):
        key = {"territory": "territoire", "academie": "academie", "atelier": "atelier"}[by]
        return f"{reverse('indicators:key_figures')}?{urlencode({**params, key: row.key})}"
    if by == "session":
        return reverse("scheduling:session", kwargs={"pk": int(row.key)})
    if by in RECORD_FILTERS and row.key:
        query = urlencode({**chosen.params, by: row.key})
        return f"{reverse('indicators:records')}?{query}"
    return None


def _crumbs(user: Any, chosen: Selection) -> list[tuple[str, str | None]]:
    """Key figures › territory › académie › Atelier, linked where the reader may go."""
    from preau.accounts.roles import Capability
    from preau.accounts.scopes import user_may
    from preau.indicators.selection import location_of

    keys = {Territory: "territoire", Academie: "academie", Atelier: "atelier"}
    base = {k: v for k, v in chosen.params.items() if k in ("annee", "type")}
    out: list[tuple[str, str | None]] = []
    for place in [None, *chosen.trail]:
        query = {**base, **({keys[type(place)]: place.code} if place else {})}
        allowed = user_may(user, Capability.VIEW_INDICATORS, location_of(place))
        url = f"{reverse('indicators:key_figures')}?{urlencode(query)}" if allowed else None
        out.append((str(place) if place else _("Key figures — national"), url))
    out[-1] = (out[-1][0], None)
    return out


@login_required
def key_figures_page(request: HttpRequest) -> HttpResponse:
    chosen = selection_from_query(request.user, request.GET)
    period, place = chosen.period, chosen.place
    by = _by(request, chosen)
    now, before = selectors.figures(place, period), selectors.figures(place, period.previous())
    groups = selectors.groups(place, period, by)
    by_theme = selectors.groups(place, period, "theme") if by != "theme" else []
    months = [(month_label(m), v) for m, v in selectors.months(place, period)]
    this_year = timezone.localdate().year
    return render(
        request,
        "indicators/key_figures.html",
        {
            "chosen": chosen, "figures": now, "before": before, "rows": _rows(now, before),
            "period": period, "years": range(this_year - 4, this_year + 2),
            "by": by, "by_labels": BY_LABELS.items(), "by_label": BY_LABELS[by],
            "groups": [(g, _link(chosen, by, g)) for g in groups], "bars": bars(groups),
            "months": bars(months), "split": _split(now),
            "query": urlencode({**chosen.params, "par": by}),
            "place_query": urlencode(chosen.params),
            "crumbs": _crumbs(request.user, chosen),
            "computed_at": computed_at(period),
            "theme_bars": None if by == "theme" else bars(by_theme),
        },
    )  # fmt: skip


def _split(f: KeyFigures) -> list[tuple[str, float | None, Any, Any]]:
    """The share in person on three bases: (basis, %, in person, total)."""

    def pct(part: float, whole: float) -> float | None:
        return round(100 * part / whole, 1) if whole else None

    return [
        (_("participant-hours (the definition used)"), f.share_in_person,
         f.participant_hours_in_person, f.participant_hours),
        (_("sessions"), pct(f.sessions_in_person, f.sessions), f.sessions_in_person, f.sessions),
        (_("participations"), pct(f.participations_in_person, f.participations),
         f.participations_in_person, f.participations),
    ]  # fmt: skip


def _group_table(by: str, groups: list[GroupRow]) -> tuple[list[str], list[list[Any]]]:
    header = [
        str(label)
        for label in (BY_LABELS[by], _("Sessions held"), _("Participations"),
                      _("Participant-hours"), _("Trainee-days"), _("In person (%)"))
    ]  # fmt: skip
    rows = [
        [g.label, g.sessions, g.participations, g.participant_hours, g.trainee_days,
         g.share_in_person]
        for g in groups
    ]  # fmt: skip
    return header, rows


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The breakdown table as CSV or XLSX (same filters as the page); as PDF, the report."""
    from preau.core.exports import table_response

    chosen = selection_from_query(request.user, request.GET)
    if fmt == "pdf":  # a table in a PDF is the activity report of the same place and year
        return redirect(
            f"{reverse('indicators:report')}?{urlencode({**chosen.params, 'export': 'pdf'})}"
        )
    if request.GET.get("tableau") == "chiffres":  # the key figures beside the year before
        period = chosen.period
        now = selectors.figures(chosen.place, period)
        before = selectors.figures(chosen.place, period.previous())
        header = [str(h) for h in (_("Indicator"), period.label, _("Year before"), _("Change"))]
        rows: list[list[Any]] = [[label, a, b, d] for label, _f, a, b, d in _rows(now, before)]
        rows += [
            [_("Sessions held in person"), now.sessions_in_person, before.sessions_in_person,
             change(now.sessions_in_person, before.sessions_in_person)],
            [_("Participations in person"), now.participations_in_person,
             before.participations_in_person,
             change(now.participations_in_person, before.participations_in_person)],
            [_("Participant-hours in person"), now.participant_hours_in_person,
             before.participant_hours_in_person,
             change(now.participant_hours_in_person, before.participant_hours_in_person)],
            [_("Satisfaction rate"), now.satisfaction.percent, before.satisfaction.percent, None],
            [_("Transferability rate"), now.transferability.percent,
             before.transferability.percent, None],
        ]  # fmt: skip
        return table_response(f"chiffres-cles-{chosen.file_label}", fmt, header, rows)
    by = _by(request, chosen)
    header, rows = _group_table(by, selectors.groups(chosen.place, chosen.period, by))
    return table_response(f"indicateurs-{chosen.file_label}-par-{by}", fmt, header, rows)
