"""What changed between two versions of an offer, field by field, readable.

Short values are shown before → after; long texts as a word diff (difflib)
with the removed and added words marked; lists (objectives, themes…) as the
items removed and added. Codes are shown by their labels.
"""

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats

from preau.catalog.content import field_label
from preau.catalog.models import CONTENT_FIELDS, Offer, OfferEvent, OfferVersion, Programme, Theme
from preau.catalog.selectors import CHOICE_FIELDS

LONG_TEXT = 80  # characters: above this, a text is compared word by word
CHOICES = CHOICE_FIELDS  # the same labels the catalog's filters show


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "del" or "ins"
    text: str


@dataclass
class FieldDiff:
    name: str
    label: str
    kind: str  # "value", "text" or "list"
    before: str = ""
    after: str = ""
    segments: list[Segment] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def _labels(name: str) -> dict[str, str]:
    if name == "themes":
        return dict(Theme.objects.values_list("code", "name"))
    if name == "programmes":
        return dict(Programme.objects.values_list("code", "name"))
    if name in CHOICES:
        return {k: str(v) for k, v in CHOICES[name].choices}
    return {}


NUMBERS = ("duration_hours", "price")


def _show(value: Any, labels: dict[str, str], number: bool = False) -> str:
    if value in (None, ""):
        return "—"
    if number:
        return str(formats.localize(Decimal(str(value)), use_l10n=True))  # 3,0 in French
    return labels.get(str(value), str(value))


def word_diff(before: str, after: str) -> list[Segment]:
    """Word-level differences; whitespace stays attached to the words it follows."""
    a, b = re.findall(r"\S+\s*", before), re.findall(r"\S+\s*", after)
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("ins", "".join(b[j1:j2])))
    return out


def field_diff(name: str, before: Any, after: Any) -> FieldDiff:
    labels = _labels(name)
    diff = FieldDiff(name=name, label=field_label(name), kind="value")
    if isinstance(before, list) or isinstance(after, list):
        old, new = [str(v) for v in before or []], [str(v) for v in after or []]
        diff.kind = "list"
        diff.removed = [_show(v, labels) for v in old if v not in new]
        diff.added = [_show(v, labels) for v in new if v not in old]
        if not diff.removed and not diff.added:  # same items, new order
            diff.kind = "value"
            diff.before = "; ".join(_show(v, labels) for v in old)
            diff.after = "; ".join(_show(v, labels) for v in new)
        return diff
    number = name in NUMBERS
    diff.before, diff.after = _show(before, labels, number), _show(after, labels, number)
    long = max(len(str(before or "")), len(str(after or ""))) > LONG_TEXT
    if long and before and after and not labels:
        diff.kind = "text"
        diff.segments = word_diff(str(before), str(after))
    return diff


def content_diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldDiff]:
    """Every field that differs, in the form's order."""
    return [
        field_diff(name, before.get(name), after.get(name))
        for name in CONTENT_FIELDS
        if before.get(name) != after.get(name)
    ]


@dataclass
class SentBack:
    """The last time the committee sent an offer back, and what changed since."""

    event: OfferEvent
    version: OfferVersion
    latest: OfferVersion
    changes: list[FieldDiff]


def since_sent_back(offer: Offer) -> SentBack | None:
    """When the offer's last decision was "changes requested" and it was edited
    since: the version the committee read then, compared with the latest."""
    last = (
        offer.events.filter(kind__in=_DECISIONS)
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    if last is None or last.kind != OfferEvent.Kind.CHANGES_REQUESTED:
        return None
    rows = {v.number: v for v in offer.versions.filter(number__in=[last.version, offer.version])}
    if last.version not in rows or offer.version not in rows or last.version == offer.version:
        return None
    old, new = rows[last.version], rows[offer.version]
    return SentBack(last, old, new, content_diff(old.content, new.content))


_DECISIONS = (
    OfferEvent.Kind.ACCEPTED,
    OfferEvent.Kind.CHANGES_REQUESTED,
    OfferEvent.Kind.REJECTED,
    OfferEvent.Kind.MINOR_CHECKED,
)
