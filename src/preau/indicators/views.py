"""/pilotage: the key figures ("L'essentiel") of a place and a year beside the
year before, drill-down territory → académie → Atelier → session, the records
behind each figure, exports and the printable activity report."""

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from preau.indicators import selectors
from preau.indicators.breakdowns import GROUPS, GroupRow
from preau.indicators.engine import KeyFigures, change
from preau.indicators.records import RECORD_FILTERS, record_rows
from preau.indicators.rollup import computed_at
from preau.indicators.selection import Selection, selection_from_query
from preau.network.models import Academie, Atelier, Territory
from preau.selftraining.selectors import top_resources

BY_LABELS = {
    "territory": gettext_lazy("Territory"), "academie": gettext_lazy("Académie"),
    "atelier": gettext_lazy("Atelier"), "theme": gettext_lazy("Theme"),
    "programme": gettext_lazy("Programme"), "modality": gettext_lazy("Modality"),
    "format": gettext_lazy("Format"), "audience": gettext_lazy("Audience"),
    "session": gettext_lazy("Session"),
}  # fmt: skip
# The level below each kind of place: what its table drills down to.
BELOW = {type(None): "territory", Territory: "academie", Academie: "atelier", Atelier: "session"}


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
    ]  # fmt: skip
    return [(label, key, a, b, change(a, b)) for label, key, a, b in pairs]


def _by(request: HttpRequest, chosen: Selection) -> str:
    by = request.GET.get("par", "")
    return by if by in GROUPS else BELOW[type(chosen.place)]


def _month_label(month: str) -> str:
    year, number = month.split("-")
    return date_format(date(int(year), int(number), 1), "M Y")


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
    months = [(_month_label(m), v) for m, v in selectors.months(place, period)]
    this_year = timezone.localdate().year
    return render(
        request,
        "indicators/key_figures.html",
        {
            "chosen": chosen, "figures": now, "before": before, "rows": _rows(now, before),
            "period": period, "years": range(this_year - 4, this_year + 2),
            "by": by, "by_labels": BY_LABELS.items(), "by_label": BY_LABELS[by],
            "groups": [(g, _link(chosen, by, g)) for g in groups], "bars": _bars(groups),
            "months": _bars(months), "split": _split(now),
            "query": urlencode({**chosen.params, "par": by}),
            "place_query": urlencode(chosen.params),
            "crumbs": _crumbs(request.user, chosen),
            "computed_at": computed_at(period),
            "theme_bars": None if by == "theme" else _bars(by_theme),
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
    """The breakdown table as CSV or XLSX (same filters as the page)."""
    from preau.core.exports import table_response

    chosen = selection_from_query(request.user, request.GET)
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
        return table_response(f"chiffres-cles-{period.label}", fmt, header, rows, delimiter=";")
    by = _by(request, chosen)
    header, rows = _group_table(by, selectors.groups(chosen.place, chosen.period, by))
    name = f"indicateurs-{chosen.period.label}-{by}"
    return table_response(name, fmt, header, rows, delimiter=";")


@login_required
def records(request: HttpRequest) -> HttpResponse:
    """The sessions behind a figure (within the reader's scope), with their own figures."""
    chosen = selection_from_query(request.user, request.GET)
    figure = request.GET.get("indicateur", "sessions")
    rows, title = record_rows(chosen, figure, request.GET)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        from preau.core.exports import table_response

        table = [[r.day, r.title, r.place, r.venue, r.registrations, r.participations,
                  r.participant_hours, r.no_shows] for r in rows]  # fmt: skip
        header = [str(h) for h in (_("Day"), _("Offer"), _("Place"), _("Venue"),
                  _("Registrations"), _("Participations"), _("Participant-hours"),
                  _("No-shows"))]  # fmt: skip
        return table_response(f"seances-{chosen.period.label}", fmt, header, table, delimiter=";")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "indicators/records.html",
        {"chosen": chosen, "page": page, "title": title, "query": query.urlencode(),
         "back": urlencode(chosen.params)},
    )  # fmt: skip


@login_required
def annual_report(request: HttpRequest) -> HttpResponse:
    """The activity report's key-figures pages for a year and a place: a
    printable page, or a PDF with ``format=pdf``."""
    from django.conf import settings

    chosen = selection_from_query(request.user, request.GET)
    period, place = chosen.period, chosen.place
    now, before = selectors.figures(place, period), selectors.figures(place, period.previous())
    month_values = [(_month_label(m), v) for m, v in selectors.months(place, period)]
    below = BELOW[type(place)]
    by_place = selectors.groups(place, period, below) if below != "session" else []
    context = {
        "period": period, "figures": now, "place": place, "chosen": chosen,
        "operator": settings.OPERATOR_NAME,
        "tiles": [
            (label, value, change(value, previous), unit)
            for label, value, previous, unit in (
                (_("people trained in synchronous sessions"), now.participations,
                 before.participations, ""),
                (_("sessions"), now.sessions, before.sessions, ""),
                (_("of synchronous activity in person"), now.share_in_person,
                 before.share_in_person, "%"),
                (_("trainee-days"), now.trainee_days, before.trainee_days, ""),
                (_("self-training consultations"), now.consultations, before.consultations, ""),
                (_("satisfaction rate"), now.satisfaction.percent, None, "%"),
            )
        ],
        "top_resources": top_resources(place, period),
        "by_place": by_place, "place_label": BY_LABELS[below],
        "by_theme": selectors.groups(place, period, "theme"),
        "by_audience": selectors.groups(place, period, "audience"),
        "months": _bars(month_values), "month_values": month_values,
        "pdf_query": urlencode({**chosen.params, "format": "pdf"}),
    }  # fmt: skip
    if request.GET.get("format") == "pdf":
        from preau.indicators.report_pdf import report_pdf

        context["sections"] = [
            (_("By %(by)s") % {"by": BY_LABELS[below]}, str(BY_LABELS[below]), by_place),
            (_("By theme"), _("Theme"), context["by_theme"]),
            (_("By audience"), _("Audience"), context["by_audience"]),
        ]
        response = HttpResponse(report_pdf(context), content_type="application/pdf")
        name = f"rapport-activite-{period.label}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
    return render(request, "indicators/report.html", context)


@login_required
def partners(request: HttpRequest) -> HttpResponse:
    """One line per convention delivered in the place, beside the year before."""
    from preau.indicators.partners import convention_rows, convention_table, convention_total

    chosen = selection_from_query(request.user, request.GET)
    rows = convention_rows(chosen.place, chosen.period)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        from preau.core.exports import table_response

        header = [str(h) for h in (
            _("Partner"), _("Programme"), _("Convention"), _("Sessions held"),
            _("Sessions held, year before"), _("Teachers trained (participations)"),
            _("Teachers trained, year before"), _("Different people"), _("Trainee-days"),
            _("Trainee-days, year before"))]  # fmt: skip
        name = f"conventions-{chosen.period.label}"
        return table_response(name, fmt, header, convention_table(rows), delimiter=";")
    return render(
        request,
        "indicators/partners.html",
        {"chosen": chosen, "rows": rows, "period": chosen.period,
         "total": convention_total(rows), "place_query": urlencode(chosen.params)},
    )  # fmt: skip


@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    """The records behind the consultations figure: each resource, now and a year before."""
    from preau.selftraining.selectors import by_resource

    chosen = selection_from_query(request.user, request.GET)
    rows = by_resource(chosen.place, chosen.period)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        from preau.core.exports import table_response

        header = [str(h) for h in (_("Resource"), _("Kind"), _("Theme"), chosen.period.label,
                                    _("Year before"))]  # fmt: skip
        table = [[r.title, r.get_kind_display(), str(r.theme or ""), n, b] for r, n, b in rows]
        name = f"consultations-{chosen.period.label}"
        return table_response(name, fmt, header, table, delimiter=";")
    return render(
        request,
        "indicators/consultations.html",
        {"chosen": chosen, "rows": rows, "total": sum(n for _r, n, _b in rows),
         "attributable": not isinstance(chosen.place, Atelier),
         "place_query": urlencode(chosen.params)},
    )  # fmt: skip
