"""The catalog's facets: what each one counts and how its values are labelled."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from preau.catalog import choices

NATIONAL = "national"
ONLINE = "online"  # a "where" value: sessions held online


@dataclass(frozen=True)
class Facet:
    key: str  # query-string parameter and EntryFacet.facet
    label: Promise
    values: Callable[[dict[str, Any]], list[str]]  # from a published snapshot
    choices: dict[str, Any] | None = None  # fixed labels; None = looked up in the database


def _many(field: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda content: list(content.get(field) or [])


def _one(field: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda content: [content[field]] if content.get(field) else []


def _labels(cls: Any) -> dict[str, Any]:
    return dict(cls.choices)


# Place facets read the owner codes that indexing adds to the snapshot.
FACETS: tuple[Facet, ...] = (
    Facet("theme", _("Theme"), _many("themes")),
    # From upcoming open sessions, not from the offer's text: see facet_index.
    Facet("slot", _("When"), lambda content: [], _labels(choices.TimeSlot)),
    # Where upcoming open sessions take place: online, or an Atelier's département.
    Facet("where", _("Where"), lambda content: []),
    Facet("modality", _("Modality"), _one("modality"), _labels(choices.Modality)),
    Facet("format", _("Format"), _one("format"), _labels(choices.Format)),
    Facet("audience", _("Audience"), _many("audiences"), _labels(choices.Audience)),
    Facet("level", _("Level"), _one("level"), _labels(choices.Level)),
    Facet("career", _("Career stage"), _one("career_stage"), _labels(choices.CareerStage)),
    Facet("rhythm", _("Rhythm"), _one("rhythm"), _labels(choices.Rhythm)),
    Facet("programme", _("Programme"), _many("programmes")),
    Facet("price", _("Price"), _one("price_model"), _labels(choices.PriceModel)),
    Facet("territory", _("Territory"), _one("owner_territory")),
    Facet("academie", _("Académie"), _one("owner_academie")),
    Facet("atelier", _("Atelier"), _one("owner_atelier")),
)
FACETS_BY_KEY = {f.key: f for f in FACETS}
