"""Which place and period a reader asks for, checked against their scope.

A reader sees one place at a time: national, a territory, an académie or an
Atelier they hold the indicators capability for (by default the widest one).
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from preau.accounts.roles import ROLE_CAPABILITIES, Capability
from preau.accounts.scopes import Location, assignments_of, user_may
from preau.indicators.periods import BadYear, Period, calendar_year, checked_year, school_year
from preau.indicators.selectors import Place
from preau.network.models import Academie, Atelier, Territory


class UnknownYear(Http404):
    """A year outside the ones indicators exist for: a 404 page, 422 in the API."""


@dataclass(frozen=True)
class Selection:
    place: Place
    year: int
    school: bool  # school year (September–August) rather than calendar year

    @property
    def period(self) -> Period:
        return school_year(self.year) if self.school else calendar_year(self.year)

    @property
    def trail(self) -> list[Any]:
        """The place and the places above it, widest first (national is None)."""
        place, out = self.place, []
        if isinstance(place, Atelier):
            out = [place.territory, place.academie, place]
        elif isinstance(place, Academie):
            out = [place.territory, place]
        elif isinstance(place, Territory):
            out = [place]
        return out

    @property
    def file_label(self) -> str:
        """Place and period for a file name: ``dt-bfc-2025-2026``, ``national-2025``."""
        where = slugify(self.place.code) if self.place is not None else "national"
        return f"{where}-{slugify(self.period.label)}"

    @property
    def params(self) -> dict[str, str]:
        """The place as query parameters (for links and forms)."""
        keys = {Territory: "territoire", Academie: "academie", Atelier: "atelier"}
        out = {"annee": str(self.year), "type": "scolaire" if self.school else "civile"}
        if self.place is not None:
            out[keys[type(self.place)]] = self.place.code
        return out


def location_of(place: Place) -> Location:
    return Location.national() if place is None else Location.of(place)


def widest_place(user: Any) -> Place:
    """National if the reader may, else the widest place of their assignments."""
    if user_may(user, Capability.VIEW_INDICATORS, Location.national()):
        return None
    held = [
        a for a in assignments_of(user) if Capability.VIEW_INDICATORS in ROLE_CAPABILITIES[a.role]
    ]
    if not held:
        raise PermissionDenied
    a = min(held, key=lambda a: (bool(a.academie_id), bool(a.atelier_id), a.pk))
    return a.atelier or a.academie or a.territory


def _by_code(model: Any, code: str | None) -> Any:
    if not code:
        return None
    place = model.objects.select_related(*_above(model)).filter(code=code).first()
    if place is None:
        raise Http404(f"unknown {model._meta.model_name}: {code}")
    return place


def _above(model: Any) -> tuple[str, ...]:
    return {Atelier: ("territory", "academie"), Academie: ("territory",)}.get(model, ())


def selection(
    user: Any, *, year: Any = None, school: bool = False, territory: str | None = None,
    academie: str | None = None, atelier: str | None = None,
) -> Selection:  # fmt: skip
    """The reader's selection; PermissionDenied when the place is outside their scope."""
    place = (
        _by_code(Atelier, atelier) or _by_code(Academie, academie) or _by_code(Territory, territory)
    )
    if place is None:
        place = widest_place(user)
    if not user_may(user, Capability.VIEW_INDICATORS, location_of(place)):
        raise PermissionDenied
    if year is None or year == "":
        year = timezone.localdate().year - 1  # the last complete year
    try:
        year = checked_year(year)
    except BadYear as e:
        raise UnknownYear(str(e)) from e
    return Selection(place, year, school)


def selection_from_query(user: Any, query: Any) -> Selection:
    """From /pilotage's query: annee, type (civile|scolaire), territoire, academie, atelier."""
    return selection(
        user, year=query.get("annee"), school=query.get("type") == "scolaire",
        territory=query.get("territoire"), academie=query.get("academie"),
        atelier=query.get("atelier"),
    )  # fmt: skip
