"""Attestation PDFs with ReportLab: one page, a QR code to the verification page.

The layout (logo, signature, signatory, wording) comes from AttestationLayout,
edited in the administration; images are decoded once per batch.
"""

import io
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen.canvas import Canvas

from preau.core.pdftext import fill, plain
from preau.credentials.certificate import draw_certificate
from preau.credentials.models import Attestation, AttestationLayout
from preau.credentials.texts import period_text
from preau.scheduling.hours import hours_text

WIDTH, HEIGHT = A4


def _default_text(kind: str) -> str:
    if kind == Attestation.Kind.PRESENCE:
        return _(
            "We certify that {name} attended the training “{course}” ({dates}), for {hours} hours."
        )
    return _(
        "We certify that {name} completed the {action} “{course}” ({dates}), "
        "for {hours} hours of training."
    )


@dataclass
class Layout:
    logo: ImageReader | None
    signature: ImageReader | None
    signatory: str
    signatory_title: str
    provider: str
    texts: dict[str, str]

    @classmethod
    def current(cls) -> "Layout":
        row = AttestationLayout.objects.first()

        def image(field: Any) -> ImageReader | None:
            return ImageReader(field.path) if field else None

        return cls(
            logo=image(row.logo) if row else None,
            signature=image(row.signature) if row else None,
            signatory=(row.signatory if row else "") or settings.OPERATOR_NAME,
            signatory_title=row.signatory_title if row else "",
            provider=(row.provider if row else "") or settings.OPERATOR_NAME,
            texts={
                kind: ((getattr(row, f"{kind}_text", "") if row else "") or _default_text(kind))
                for kind in Attestation.Kind.values
            },
        )


def _dates(content: dict[str, Any]) -> str:
    return period_text(content.get("start"), content.get("end"))


def draw(canvas: Canvas, attestation: Attestation, layout: Layout, site: str) -> None:
    if attestation.kind == Attestation.Kind.REALISATION:
        draw_certificate(canvas, attestation, layout, site, _qr, _default_text)
        canvas.showPage()
        return
    content = attestation.content
    if layout.logo:
        canvas.drawImage(layout.logo, 20 * mm, HEIGHT - 40 * mm, 40 * mm, 20 * mm,
                         preserveAspectRatio=True, mask="auto")  # fmt: skip
    canvas.setFont("Helvetica", 9)
    for i, line in enumerate(simpleSplit(plain(layout.provider), "Helvetica", 9, 80 * mm)[:4]):
        canvas.drawRightString(WIDTH - 20 * mm, HEIGHT - 22 * mm - i * 4 * mm, line)
    canvas.setFont("Helvetica-Bold", 20)
    canvas.drawCentredString(WIDTH / 2, HEIGHT - 70 * mm, attestation.get_kind_display())
    canvas.setFont("Helvetica", 11)
    text = fill(
        layout.texts[attestation.kind],
        name=content["name"], course=content["course"], dates=_dates(content),
        hours=hours_text(content["attended_hours"]), action=content.get("action", ""),
    )  # fmt: skip
    y = HEIGHT - 90 * mm
    for line in simpleSplit(plain(text), "Helvetica", 11, WIDTH - 50 * mm):
        canvas.drawString(25 * mm, y, line)
        y -= 6 * mm
    y -= 6 * mm
    facts = [
        (_("Trainee"), content["name"]),
        (_("Training"), content["course"]),
        (_("Type of action"), content.get("action", "")),
        (_("Dates"), _dates(content)),
        (
            _("Duration attended"),
            f"{hours_text(content['attended_hours'])} h / {hours_text(content['planned_hours'])} h",
        ),
        (_("Modality"), content.get("modality", "")),
    ]
    for label, value in facts:
        canvas.setFont("Helvetica-Bold", 10)
        canvas.drawString(25 * mm, y, f"{label} :")
        canvas.setFont("Helvetica", 10)
        canvas.drawString(70 * mm, y, plain(value)[:80])
        y -= 6 * mm
    canvas.setFont("Helvetica", 10)
    canvas.drawString(120 * mm, 70 * mm, plain(layout.signatory))
    if layout.signatory_title:
        canvas.drawString(120 * mm, 65 * mm, plain(layout.signatory_title))
    if layout.signature:
        canvas.drawImage(layout.signature, 120 * mm, 40 * mm, 50 * mm, 22 * mm,
                         preserveAspectRatio=True, mask="auto")  # fmt: skip
    url = f"{site}{attestation.verification_path}"
    _qr(canvas, f"{site.upper()}/V/{attestation.code}", 20 * mm, 25 * mm, 30 * mm)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(55 * mm, 40 * mm, f"{_('No.')} {attestation.number}")
    canvas.drawString(55 * mm, 35 * mm, _("Check it at:"))
    canvas.drawString(55 * mm, 30 * mm, url)
    canvas.setTitle(f"{attestation.get_kind_display()} {attestation.number}")
    canvas.showPage()


def _qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code as one filled path of horizontal runs. The mask is fixed: every
    mask is valid, and choosing the "best" one costs most of the encoding time."""
    matrix = segno.make_qr(data, error="m", boost_error=False, mask=0).matrix
    n = len(matrix)
    cell = size / n
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                path.rect(x + start * cell, y + size - (r + 1) * cell, (col - start) * cell, cell)
            else:
                col += 1
    canvas.drawPath(path, stroke=0, fill=1)


def render(attestations: list[Attestation], layout: Layout | None = None) -> bytes:
    """One PDF holding the given attestations, a page each."""
    layout = layout or Layout.current()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=0)
    site = settings.SITE_URL.rstrip("/")
    for attestation in attestations:
        draw(canvas, attestation, layout, site)
    canvas.save()
    return buffer.getvalue()
