"""Signatures drawn on screen, kept as SVG path data (small, vector, printable)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Only move/line commands with numbers: nothing that could carry script or markup.
PATH = re.compile(r"^(?:[ML]\s*-?\d+(?:\.\d+)?[ ,]\s*-?\d+(?:\.\d+)?\s*)+$")
MAX_LENGTH = 20_000


def clean_signature(path: str) -> str:
    path = " ".join(path.split())
    if not path:
        return ""
    if len(path) > MAX_LENGTH or not PATH.match(path):
        raise ValidationError({"signature": _("This signature could not be read; sign again.")})
    return path
