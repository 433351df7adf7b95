"""The certificat de réalisation, on the labour ministry's model.

The ministry's model for actions concourant au développement des compétences
names: the provider (dispensateur) and its legal representative who signs; the
beneficiary and their employer; the title of the action; its nature (action de
formation, bilan de compétences, VAE, apprentissage); the dates; the duration
actually attended; the place and date of signature, with the signature and
stamp; and the provider's commitment to keep the evidence behind it. The page
is always French (a French administrative document). Every value people typed
goes through core/pdftext.py; text is wrapped to its column, each line moving
the cursor down, so that nothing is printed over anything else.
"""

from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from preau.core.pdftext import fill, plain
from preau.credentials.texts import day_text, hours_label, period_text
from preau.scheduling.hours import hours_text

WIDTH, HEIGHT = A4
LEFT, RIGHT = 20 * mm, WIDTH - 20 * mm
LABEL_W = 62 * mm
VALUE_X = LEFT + LABEL_W + 4 * mm

NATURES = (
    ("action de formation", lambda: _("Training action")),
    ("bilan de compétences", lambda: _("Skills assessment (bilan de compétences)")),
    ("validation des acquis de l'expérience", lambda: _("Validation of prior experience (VAE)")),
    ("apprentissage", lambda: _("Training action through apprenticeship")),
)


def provider_lines(layout: Any) -> list[str]:
    """The provider's identity: name, address, SIRET, declaration of activity."""
    lines = [settings.OPERATOR_NAME]
    if layout.provider and layout.provider != settings.OPERATOR_NAME:
        lines = [layout.provider]
    if settings.PREAU_OPERATOR_ADDRESS:
        lines += settings.PREAU_OPERATOR_ADDRESS.split("\n")
    if settings.PREAU_OPERATOR_SIRET:
        lines.append(_("SIRET: %(n)s") % {"n": settings.PREAU_OPERATOR_SIRET})
    if settings.PREAU_OPERATOR_NDA:
        lines.append(_("Declaration of activity no. %(n)s") % {"n": settings.PREAU_OPERATOR_NDA})
    return [plain(line).strip() for line in lines if line.strip()]


class _Cursor:
    """Writes wrapped lines downwards from ``y``."""

    def __init__(self, canvas: Canvas, y: float) -> None:
        self.canvas, self.y = canvas, y

    def lines(self, text: str, x: float, width: float, font: str, size: float) -> int:
        wrapped = simpleSplit(plain(text), font, size, width) or [""]
        self.canvas.setFont(font, size)
        for i, line in enumerate(wrapped):
            self.canvas.drawString(x, self.y - i * size * 1.3, line)
        return len(wrapped)

    def paragraph(self, text: str, size: float = 10.5, font: str = "Helvetica") -> None:
        n = self.lines(text, LEFT, RIGHT - LEFT, font, size)
        self.y -= n * size * 1.3 + 3 * mm

    def field(self, label: str, value: str, size: float = 10) -> None:
        n_label = self.lines(f"{label} :", LEFT, LABEL_W, "Helvetica-Bold", size)
        n_value = self.lines(value or "—", VALUE_X, RIGHT - VALUE_X, "Helvetica", size)
        self.y -= max(n_label, n_value) * size * 1.3 + 2.5 * mm


def _natures(cur: _Cursor, chosen: str) -> None:
    canvas = cur.canvas
    size = 10
    n = cur.lines(
        _("Nature of the action concourant au développement des compétences") + " :",
        LEFT, RIGHT - LEFT, "Helvetica-Bold", size,
    )  # fmt: skip
    cur.y -= n * size * 1.3 + 1 * mm
    for value, label in NATURES:
        box = 3.2 * mm
        canvas.rect(LEFT + 2 * mm, cur.y - 0.6 * mm, box, box, stroke=1, fill=0)
        if value == chosen:
            canvas.setFont("Helvetica-Bold", 9)
            canvas.drawCentredString(LEFT + 2 * mm + box / 2, cur.y, "X")
        lines = cur.lines(label(), LEFT + 8 * mm, RIGHT - LEFT - 8 * mm, "Helvetica", size)
        cur.y -= lines * size * 1.3 + 1.5 * mm
    cur.y -= 2 * mm


def draw_certificate(
    canvas: Canvas, attestation: Any, layout: Any, site: str, qr: Any, default_text: Any
) -> None:
    with translation.override("fr"):
        _draw(canvas, attestation, layout, site, qr, default_text)


def _draw(
    canvas: Canvas, attestation: Any, layout: Any, site: str, qr: Any, default_text: Any
) -> None:
    content = attestation.content
    top = HEIGHT - 18 * mm
    if layout.logo:
        canvas.drawImage(layout.logo, LEFT, top - 20 * mm, 40 * mm, 20 * mm,
                         preserveAspectRatio=True, mask="auto")  # fmt: skip
    identity = provider_lines(layout)
    y = top - 3 * mm
    for line in identity[:7]:
        for part in simpleSplit(line, "Helvetica", 9, 85 * mm)[:2]:
            canvas.setFont("Helvetica", 9)
            canvas.drawRightString(RIGHT, y, part)
            y -= 4 * mm
    cur = _Cursor(canvas, min(y, top - 24 * mm) - 10 * mm)
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawCentredString(WIDTH / 2, cur.y, _("CERTIFICAT DE RÉALISATION"))
    cur.y -= 7 * mm
    canvas.setFont("Helvetica", 9)
    canvas.drawCentredString(
        WIDTH / 2, cur.y, _("Actions concourant au développement des compétences")
    )
    cur.y -= 12 * mm
    signatory = layout.signatory or settings.OPERATOR_NAME
    who = signatory + (f", {layout.signatory_title}" if layout.signatory_title else "")
    if layout.signatory and layout.signatory != identity[0]:
        intro = _("The provider of the action, %(provider)s, represented by %(who)s, certifies "
                  "that the person named below took part in this action:")  # fmt: skip
    else:
        intro = _("The provider of the action, %(provider)s, certifies that the person named "
                  "below took part in this action:")  # fmt: skip
    cur.paragraph(intro % {"who": who, "provider": identity[0]})
    wording = layout.texts.get("realisation", "")
    if wording and wording != default_text("realisation"):  # the operator's own wording
        cur.paragraph(fill(wording, name=content.get("name", ""), course=content.get("course", ""),
                           dates=period_text(content.get("start"), content.get("end")),
                           hours=hours_text(content.get("attended_hours")),
                           action=content.get("action", "")))  # fmt: skip
    cur.field(_("Beneficiary"), content.get("name", ""))
    cur.field(_("Employer"), content.get("employer", ""))
    cur.field(_("Title of the action"), content.get("course", ""))
    _natures(cur, content.get("action", "action de formation"))
    cur.field(_("Dates of the action"), period_text(content.get("start"), content.get("end")))
    cur.field(
        _("Duration completed"),
        _("%(attended)s (of %(planned)s planned)")
        % {"attended": hours_label(content.get("attended_hours")),
           "planned": hours_label(content.get("planned_hours"))},
    )  # fmt: skip
    cur.field(_("Modality"), content.get("modality", ""))
    cur.field(_("Place"), content.get("place", ""))
    cur.y -= 2 * mm
    cur.paragraph(
        _("The provider keeps the evidence from which this certificate was drawn up (signed "
          "attendance sheets, connection records) and holds it at the disposal of funders and "
          "inspection services for the legal retention period."),
        size=9,
    )  # fmt: skip
    issued = timezone.localtime(attestation.issued_at).date() if attestation.issued_at else None
    town = settings.PREAU_OPERATOR_TOWN
    made = (
        _("Made at %(town)s, on %(day)s") % {"town": town, "day": day_text(issued)}
        if town and issued
        else (_("Made on %(day)s") % {"day": day_text(issued)} if issued else "")
    )
    sign_x = 112 * mm
    sign_top = min(cur.y - 2 * mm, 95 * mm)
    cur.y = sign_top
    cur.lines(made, sign_x, RIGHT - sign_x, "Helvetica", 10)
    cur.y -= 6 * mm
    n = cur.lines(_("Signature and stamp of the provider's representative"), sign_x,
                  RIGHT - sign_x, "Helvetica-Oblique", 8)  # fmt: skip
    cur.y -= n * 8 * 1.3 + 1 * mm
    if layout.signature:
        canvas.drawImage(layout.signature, sign_x, cur.y - 20 * mm, 50 * mm, 20 * mm,
                         preserveAspectRatio=True, mask="auto")  # fmt: skip
    cur.y -= 24 * mm
    cur.lines(signatory, sign_x, RIGHT - sign_x, "Helvetica-Bold", 10)
    if layout.signatory_title:
        cur.y -= 5 * mm
        cur.lines(layout.signatory_title, sign_x, RIGHT - sign_x, "Helvetica", 9)
    url = f"{site}{attestation.verification_path}"
    qr(canvas, f"{site.upper()}/V/{attestation.code}", LEFT, 18 * mm, 28 * mm)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(LEFT + 32 * mm, 38 * mm, f"{_('No.')} {attestation.number}")
    canvas.drawString(LEFT + 32 * mm, 33 * mm, _("Check it at:"))
    for i, part in enumerate(simpleSplit(url, "Helvetica", 8, sign_x - LEFT - 36 * mm)[:3]):
        canvas.drawString(LEFT + 32 * mm, 28 * mm - i * 4 * mm, part)
    canvas.setTitle(f"{_('Certificat de réalisation')} {attestation.number}")
