"""What the indicator pages share: labels, the level a place drills down to,
month names and SVG bar geometry."""

from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from preau.network.models import Academie, Atelier, Territory

BY_LABELS = {
    "territory": gettext_lazy("Territory"), "academie": gettext_lazy("Académie"),
    "atelier": gettext_lazy("Atelier"), "theme": gettext_lazy("Theme"),
    "programme": gettext_lazy("Programme"), "modality": gettext_lazy("Modality"),
    "format": gettext_lazy("Format"), "audience": gettext_lazy("Audience"),
    "session": gettext_lazy("Session"),
}  # fmt: skip
# The level below each kind of place: what its table drills down to.
BELOW = {type(None): "territory", Territory: "academie", Academie: "atelier", Atelier: "session"}


def month_label(month: str) -> str:
    """ "juin 2025", "juil. 2025": Django's three-letter French months ("M") write
    both June and July "Jui"."""
    year, number = month.split("-")
    return date_format(date(int(year), int(number), 1), "N Y")


ROW_PX, BAR_PX = 24, 330


def _short(label: str, width: int = 34) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def bars(rows: Any) -> dict[str, Any]:
    """A horizontal bar chart as SVG geometry (attributes only: the CSP forbids
    inline styles). The table beside it gives the same numbers as text."""
    pairs = [(r.label, r.participant_hours) if hasattr(r, "label") else r for r in rows][:30]
    top = max((v for _l, v in pairs), default=0) or 1
    bars = [
        {"label": _short(str(label)), "full": str(label), "value": value,
         "width": round(BAR_PX * value / top, 1),
         "value_x": round(BAR_PX * value / top + 236, 1), "y": i * ROW_PX,
         "text_y": i * ROW_PX + 16}
        for i, (label, value) in enumerate(pairs)
    ]  # fmt: skip
    return {"bars": bars, "height": len(bars) * ROW_PX + 4}
