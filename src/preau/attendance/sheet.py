"""The printable sign-in sheet of a slot (PDF): hours, course title, trainer
names and signature, one line per trainee with a signature box."""

import io
import re
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from preau.attendance.models import Attendance, SlotRecord
from preau.core.pdftext import plain
from preau.registrations.models import Registration

ROW = 14 * mm
POINT = re.compile(r"([ML])\s*(-?\d+(?:\.\d+)?)[ ,]\s*(-?\d+(?:\.\d+)?)")


def _draw_signature(canvas: Canvas, path: str, x: float, y: float, w: float, h: float) -> None:
    """Fit an on-screen signature (SVG path, y down) into a box (y up)."""
    points = [(c, float(a), float(b)) for c, a, b in POINT.findall(path)]
    if not points:
        return
    xs, ys = [p[1] for p in points], [p[2] for p in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    scale = min(w / span, h / span) * 0.9
    pen = canvas.beginPath()
    for command, px, py in points:
        tx, ty = x + (px - min(xs)) * scale, y + h - (py - min(ys)) * scale
        (pen.moveTo if command == "M" else pen.lineTo)(tx, ty)
    canvas.drawPath(pen, stroke=1, fill=0)


def sign_in_sheet(slot: Any) -> bytes:
    session = slot.session
    zone = session.zone
    start, end = timezone.localtime(slot.starts_at, zone), timezone.localtime(slot.ends_at, zone)
    people = [
        r.user
        for r in Registration.objects.filter(session=session, status=Registration.Status.CONFIRMED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]
    marks = {a.user_id: a for a in Attendance.objects.filter(slot=slot)}
    record = SlotRecord.objects.filter(slot=slot).first()
    trainers = ", ".join(t.get_full_name() or t.email for t in session.trainers.all()) or "—"

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.setTitle(plain(_("Sign-in sheet") + f" — {session.offer.title}"))
    height = A4[1]

    def header() -> float:
        y = height - 20 * mm
        canvas.setFont("Helvetica-Bold", 14)
        canvas.drawString(20 * mm, y, plain(_("Sign-in sheet") + f" — {settings.OPERATOR_NAME}"))
        canvas.setFont("Helvetica", 10)
        lines = [
            _("Training: %(title)s") % {"title": session.offer.title},
            _("Date: %(day)s   Hours: %(start)s–%(end)s")
            % {"day": f"{start:%d/%m/%Y}", "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"},
            _("Place: %(place)s") % {"place": session.online_url or session.place_label},
            _("Trainer(s): %(names)s") % {"names": trainers},
        ]
        for line in lines:
            # wrapped to the page's width: a long title was cut after 110 characters
            for j, part in enumerate(simpleSplit(plain(line), "Helvetica", 10, 170 * mm)):
                y -= (6 if j == 0 else 4.5) * mm
                canvas.drawString(20 * mm, y, part)
        y -= 10 * mm
        canvas.setFont("Helvetica-Bold", 10)
        canvas.drawString(20 * mm, y, _("Name"))
        canvas.drawString(110 * mm, y, _("Signature"))
        canvas.setFont("Helvetica", 10)
        return y - 3 * mm

    y = header()
    for person in people:
        if y < 45 * mm:
            canvas.showPage()
            y = header()
        y -= ROW
        canvas.rect(20 * mm, y, 170 * mm, ROW, stroke=1, fill=0)
        canvas.line(105 * mm, y, 105 * mm, y + ROW)
        _draw_name(canvas, plain(person.get_full_name() or person.email), 22 * mm, y, 81 * mm)
        mark = marks.get(person.pk)
        if mark and mark.signature:
            _draw_signature(canvas, mark.signature, 107 * mm, y + 1 * mm, 60 * mm, ROW - 2 * mm)
        elif mark and mark.status not in Attendance.ATTENDED:
            canvas.drawString(107 * mm, y + ROW / 2 - 1.5 * mm, mark.get_status_display())
    y -= 20 * mm
    canvas.drawString(20 * mm, y + 12 * mm, _("Trainer's signature:"))
    canvas.rect(20 * mm, y - 8 * mm, 80 * mm, 18 * mm, stroke=1, fill=0)
    if record and record.trainer_signature:
        _draw_signature(canvas, record.trainer_signature, 22 * mm, y - 7 * mm, 76 * mm, 16 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw_name(canvas: Canvas, name: str, x: float, y: float, width: float) -> None:
    """A name whole in its box: one line, else two, else three in a smaller size
    (names were cut after 48 characters)."""
    for size in (10, 9, 8, 7):
        lines = simpleSplit(name, "Helvetica", size, width)
        if len(lines) * size * 1.15 <= ROW - 2 * mm or size == 7:
            break
    canvas.setFont("Helvetica", size)
    leading = size * 1.15
    first = y + ROW / 2 + (len(lines) - 1) * leading / 2 - size * 0.35
    for i, line in enumerate(lines):
        canvas.drawString(x, first - i * leading, line)
    canvas.setFont("Helvetica", 10)
