"""Text that goes into the PDFs we build with ReportLab.

ReportLab's ``Paragraph`` reads its text as markup: ``<img src=…>`` embeds any
file the server can read, ``<font>``, ``<para>`` or an unbalanced ``<b>`` change
the page or make the build fail. Every value that comes from a person (an
Atelier's or an offer's name, a trainer's, the operator's wording) therefore
goes through this module before it reaches a PDF:

- ``paragraph(value, style)`` — a Paragraph showing ``value`` as plain text;
- ``markup(template, **values)`` — our own markup (a bold label…) built from
  escaped parts: only ``template`` is read as markup;
- ``plain(value)`` — for text drawn on a canvas (``drawString`` never reads
  markup): control characters, which would print as boxes, become spaces;
- ``fill(wording, **values)`` — an editable wording with ``{name}``-style
  placeholders: only the known placeholders are replaced, any other brace is
  text (``str.format`` would fail on a stray brace or read attributes).
"""

import re
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from reportlab.platypus import Paragraph

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def escape(value: Any) -> str:
    """``value`` as Paragraph text that shows exactly what it says."""
    text = _CONTROL.sub(" ", str(value))
    return _xml_escape(text, {'"': "&quot;", "'": "&#39;"}).replace("\n", "<br/>")


def paragraph(value: Any, style: Any) -> Paragraph:
    return Paragraph(escape(value), style)


def markup(template: str, **values: Any) -> str:
    """``template`` (ours, trusted) with each ``{key}`` replaced by an escaped value."""
    return template.format(**{key: escape(value) for key, value in values.items()})


def plain(value: Any) -> str:
    return _CONTROL.sub(" ", str(value)).replace("\n", " ").replace("\t", " ")


def fill(wording: str, **values: Any) -> str:
    """Replace ``{key}`` placeholders known in ``values``; leave anything else as typed."""

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        return str(values[key]) if key in values else match.group(0)

    return _PLACEHOLDER.sub(one, wording)
