"""The activity report as a PDF (ReportLab): the same content as the printable
page — headline tiles with the change on a year, the monthly chart, tables."""

import io
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as Style

from preau.core.pdftext import escape, markup, paragraph

BLUE = colors.HexColor("#000091")
GREY = colors.HexColor("#f6f6f6")


def _n(value: Any) -> str:
    if value is None:
        return "—"
    return str(number_format(value, force_grouping=True))


def _tiles(tiles: list[tuple[str, Any, float | None, str]], styles: Any) -> Table:
    # The figure's own size and leading: a 20 pt figure set in a 10 pt style
    # kept the 10 pt baseline, so the figure sat on its label.
    big = ParagraphStyle("figure", parent=styles["Normal"], fontName="Helvetica-Bold",
                         fontSize=20, leading=24, textColor=BLUE, spaceAfter=2)  # fmt: skip
    cells = []
    for label, value, delta, unit in tiles:
        shown = _n(value) + (f" {unit}" if unit and value is not None else "")
        change = ""
        if delta is not None:
            sign = "+" if delta > 0 else ""
            change = markup("<br/><b>{delta} %</b> {words}", delta=f"{sign}{_n(delta)}",
                            words=_("compared with the year before"))  # fmt: skip
        cells.append([paragraph(shown, big), Paragraph(escape(label) + change, styles["Normal"])])
    rows = [cells[i : i + 3] for i in range(0, len(cells), 3)]
    table = Table(rows, colWidths=[58 * mm] * 3)
    table.setStyle(
        Style([("BOX", (0, 0), (-1, -1), 0.5, colors.lightgrey),
               ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.lightgrey),
               ("VALIGN", (0, 0), (-1, -1), "TOP"),
               ("BOTTOMPADDING", (0, 0), (-1, -1), 8)])
    )  # fmt: skip
    return table


def _months(months: list[tuple[str, float]]) -> Drawing:
    height = 14 * len(months) + 20
    drawing = Drawing(170 * mm, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 10, 150 * mm - 40, height - 20
    chart.data = [[v for _m, v in reversed(months)] or [0]]
    chart.categoryAxis.categoryNames = [m for m, _v in reversed(months)]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BLUE
    drawing.add(chart)
    return drawing


def _table(label: str, rows: list[Any], styles: Any) -> Table:
    # Headings wrap inside their column ("Journées stagiaires" ran into "Participations").
    left = ParagraphStyle("head", parent=styles["Normal"], fontName="Helvetica-Bold",
                          fontSize=8, leading=10)  # fmt: skip
    right = ParagraphStyle("head-right", parent=left, alignment=TA_RIGHT)
    cell = ParagraphStyle("cell", parent=styles["Normal"], fontSize=8, leading=10)
    titles = [_("Sessions held"), _("Participations"), _("Trainee-days"), _("In person (%)")]
    head = [paragraph(label, left), *(paragraph(t, right) for t in titles)]
    body = [
        [paragraph(g.label, cell), _n(g.sessions), _n(g.participations),
         _n(g.trainee_days), _n(g.share_in_person)]
        for g in rows
    ]  # fmt: skip
    table = Table([head, *body], colWidths=[70 * mm, 25 * mm, 27 * mm, 27 * mm, 25 * mm],
                  repeatRows=1)  # fmt: skip
    table.setStyle(
        Style([("FONT", (0, 1), (-1, -1), "Helvetica", 8),
               ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, GREY]),
               ("LINEBELOW", (0, 0), (-1, 0), 1, BLUE),
               ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
               ("VALIGN", (0, 0), (-1, 0), "BOTTOM")])
    )  # fmt: skip
    return table


def report_pdf(ctx: dict[str, Any]) -> bytes:
    styles = getSampleStyleSheet()
    buffer = io.BytesIO()
    title = _("Activity report %(y)s") % {"y": ctx["period"].label}
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author=ctx["operator"],
        leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
    )  # fmt: skip
    f = ctx["figures"]
    story: list[Any] = [
        paragraph(ctx["operator"] + (f" — {ctx['place']}" if ctx["place"] else ""),
                  styles["Normal"]),
        paragraph(title, styles["Title"]),
        paragraph(_("The essentials — the training offer"), styles["Heading2"]),
        _tiles(ctx["tiles"], styles),
        Spacer(0, 4 * mm),
        paragraph(
            _("Satisfaction rate: %(s)s %% (%(n)s answers).") % {
                "s": _n(f.satisfaction.percent), "n": _n(f.satisfaction.n)}
            + " " + _("Transferability to class: %(t)s %% (%(n)s answers).") % {
                "t": _n(f.transferability.percent), "n": _n(f.transferability.n)},
            styles["Normal"],
        ),
        KeepTogether([paragraph(_("Participant-hours by month"), styles["Heading2"]),
                      _months(ctx["month_values"])]),
    ]  # fmt: skip
    if ctx["top_resources"]:
        story.append(paragraph(_("Most consulted self-training resources"), styles["Heading2"]))
        if f.learners:
            story.append(paragraph(
                _("%(n)s active learners consulted the self-training resources.")
                % {"n": _n(f.learners)}, styles["Normal"],
            ))  # fmt: skip
        for i, (name, n) in enumerate(ctx["top_resources"], 1):
            story.append(paragraph(f"{i}. {name} — {_n(n)}", styles["Normal"]))
    for heading, label, rows in ctx["sections"]:
        if rows:
            # a heading never ends a page alone (KeepTogether splits a table too long for one)
            story.append(KeepTogether([paragraph(heading, styles["Heading2"]),
                                       _table(label, rows, styles)]))  # fmt: skip
    story += [
        Spacer(0, 6 * mm),
        paragraph(_("Computed by Préau from attendance records; definitions in "
                    "docs/indicators.md."), styles["Italic"]),
    ]  # fmt: skip
    doc.build(story)
    return buffer.getvalue()
