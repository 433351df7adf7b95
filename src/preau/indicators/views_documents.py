"""The documents behind /pilotage: the sessions behind a figure, the
resources behind consultations, partner reports and the annual report."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from preau.core.exports import FORMATS
from preau.core.filenames import content_disposition
from preau.indicators import selectors
from preau.indicators.engine import change
from preau.indicators.presentation import BELOW, BY_LABELS, bars, month_label
from preau.indicators.records import record_rows
from preau.indicators.selection import selection_from_query
from preau.network.models import Atelier
from preau.selftraining.selectors import top_resources


@login_required
def records(request: HttpRequest) -> HttpResponse:
    """The sessions behind a figure (within the reader's scope), with their own figures."""
    chosen = selection_from_query(request.user, request.GET)
    figure = request.GET.get("indicateur", "sessions")
    rows, title = record_rows(chosen, figure, request.GET)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        from preau.core.exports import table_response

        table = [[r.day, r.title, r.place, r.venue, r.registrations, r.participations,
                  r.participant_hours, r.no_shows] for r in rows]  # fmt: skip
        header = [str(h) for h in (_("Day"), _("Offer"), _("Place"), _("Kind of venue"),
                  _("Registrations"), _("Participations"), _("Participant-hours"),
                  _("No-shows"))]  # fmt: skip
        return table_response(f"seances-{chosen.file_label}", fmt, header, table)
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
    printable page, or a PDF with ``export=pdf``."""
    from django.conf import settings

    chosen = selection_from_query(request.user, request.GET)
    period, place = chosen.period, chosen.place
    now, before = selectors.figures(place, period), selectors.figures(place, period.previous())
    month_values = [(month_label(m), v) for m, v in selectors.months(place, period)]
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
        "months": bars(month_values), "month_values": month_values,
        "pdf_query": urlencode({**chosen.params, "export": "pdf"}),
    }  # fmt: skip
    if request.GET.get("export") == "pdf":
        from preau.indicators.report_pdf import report_pdf

        context["sections"] = [
            (_("By %(by)s") % {"by": BY_LABELS[below]}, str(BY_LABELS[below]), by_place),
            (_("By theme"), _("Theme"), context["by_theme"]),
            (_("By audience"), _("Audience"), context["by_audience"]),
        ]
        response = HttpResponse(report_pdf(context), content_type="application/pdf")
        name = f"rapport-activite-{period.label}.pdf"
        response["Content-Disposition"] = content_disposition(name, inline=True)
        return response
    return render(request, "indicators/report.html", context)


@login_required
def partners(request: HttpRequest) -> HttpResponse:
    """One line per convention delivered in the place, beside the year before."""
    from preau.indicators.partners import convention_rows, convention_table, convention_total

    chosen = selection_from_query(request.user, request.GET)
    rows = convention_rows(chosen.place, chosen.period)
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        from preau.core.exports import table_response

        header = [str(h) for h in (
            _("Partner"), _("Programme"), _("Convention"), _("Sessions held"),
            _("Sessions held, year before"), _("Teachers trained (participations)"),
            _("Teachers trained, year before"), _("Different people"), _("Trainee-days"),
            _("Trainee-days, year before"))]  # fmt: skip
        name = f"conventions-{chosen.file_label}"
        return table_response(name, fmt, header, convention_table(rows))
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
    fmt = request.GET.get("export")
    if fmt in FORMATS:
        from preau.core.exports import table_response

        header = [str(h) for h in (_("Resource"), _("Kind"), _("Theme"), chosen.period.label,
                                    _("Year before"))]  # fmt: skip
        table = [[r.title, r.get_kind_display(), str(r.theme or ""), n, b] for r, n, b in rows]
        return table_response(f"consultations-{chosen.file_label}", fmt, header, table)
    return render(
        request,
        "indicators/consultations.html",
        {"chosen": chosen, "rows": rows, "total": sum(n for _r, n, _b in rows),
         "attributable": not isinstance(chosen.place, Atelier),
         "place_query": urlencode(chosen.params)},
    )  # fmt: skip
