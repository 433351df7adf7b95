"""How attestations say dates and hours, on the PDF and the verification page."""

from datetime import date
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from preau.scheduling.hours import hours_text


def day_text(day: date) -> str:
    """“3 mars 2025”, “1er mars 2025” in French; “3 March 2025” in English."""
    text = date_format(day, "j F Y")
    if day.day == 1 and (translation.get_language() or "fr").startswith("fr"):
        text = "1er" + text[1:]
    return text


def period_text(start: str | None, end: str | None) -> str:
    """“du 3 mars 2025 au 4 mars 2025”, or “le 3 mars 2025” for a single day."""
    if not start:
        return ""
    first = date.fromisoformat(start)
    last = date.fromisoformat(end) if end else first
    if last == first:
        return _("on %(day)s") % {"day": day_text(first)}
    return _("from %(a)s to %(b)s") % {"a": day_text(first), "b": day_text(last)}


def hours_label(hours: Any) -> str:
    """“6 heures”, “1 heure”, “1,5 heure” (French: singular below 2), “1.5 hours”."""
    text = hours_text(hours)
    french = (translation.get_language() or "fr").startswith("fr")
    if text == "1" or (french and float(hours or 0) < 2):
        return _("%(h)s hour") % {"h": text}
    return _("%(h)s hours") % {"h": text}
