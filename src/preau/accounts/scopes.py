"""The scope rule, in one place: who may do what, where.

A role assignment covers its place and everything below it
(national ⊃ territory ⊃ académie ⊃ Atelier). Every scoped object is described
by a :class:`Location` (for single checks) or by the lookup paths to its
territory, académie and Atelier (for querysets); later apps reuse both.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet

from preau.accounts.roles import ROLE_CAPABILITIES, roles_with

if TYPE_CHECKING:
    from preau.accounts.models import RoleAssignment

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Location:
    """Where an object sits. An Atelier-level object knows all three ids."""

    territory_id: int | None = None
    academie_id: int | None = None
    atelier_id: int | None = None

    @classmethod
    def national(cls) -> "Location":
        return cls()

    @classmethod
    def of(cls, place: Any) -> "Location":
        """Location of a Territory, Academie or Atelier instance."""
        label = place._meta.label_lower
        if label == "network.territory":
            return cls(territory_id=place.pk)
        if label == "network.academie":
            return cls(territory_id=place.territory_id, academie_id=place.pk)
        if label == "network.atelier":
            return cls(
                territory_id=place.territory_id,
                academie_id=place.academie_id,
                atelier_id=place.pk,
            )
        raise TypeError(f"not a network place: {label}")


@dataclass(frozen=True)
class ScopePaths:
    """Lookup paths from a model to its place; None where the model has no such level."""

    territory: str | None = None
    academie: str | None = None
    atelier: str | None = None


def assignments_of(user: Any) -> list["RoleAssignment"]:
    """The user's role assignments, fetched once per user object (i.e. per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_preau_assignments", None)
    if cached is None:
        cached = list(user.role_assignments.all())
        user._preau_assignments = cached
    return cached


def forget_assignments(user: Any) -> None:
    if hasattr(user, "_preau_assignments"):
        del user._preau_assignments


def covers(assignment: "RoleAssignment", location: Location) -> bool:
    if assignment.atelier_id:
        return assignment.atelier_id == location.atelier_id
    if assignment.academie_id:
        return assignment.academie_id == location.academie_id
    if assignment.territory_id:
        return assignment.territory_id == location.territory_id
    return True  # national


def user_may(user: Any, capability: str, location: Location) -> bool:
    """May ``user`` exercise ``capability`` on an object at ``location``?"""
    return any(
        capability in ROLE_CAPABILITIES[a.role] and covers(a, location)
        for a in assignments_of(user)
    )


def user_may_somewhere(user: Any, capability: str) -> bool:
    """Does ``user`` hold ``capability`` anywhere (to show a menu entry, say)?"""
    return any(capability in ROLE_CAPABILITIES[a.role] for a in assignments_of(user))


def scope_q(user: Any, capability: str, paths: ScopePaths) -> Q | None:
    """A filter selecting the objects ``user`` may act on with ``capability``.

    Returns None when nothing is in scope (the caller returns an empty queryset)
    and an empty ``Q()`` when everything is.
    """
    allowed_roles = roles_with(capability)
    q: Q | None = None
    for a in assignments_of(user):
        if a.role not in allowed_roles:
            continue
        if a.atelier_id:
            path, value = paths.atelier, a.atelier_id
        elif a.academie_id:
            path, value = paths.academie, a.academie_id
        elif a.territory_id:
            path, value = paths.territory, a.territory_id
        else:
            return Q()
        if path is None:
            continue
        term = Q(**{path: value})
        q = term if q is None else q | term
    return q


def filter_in_scope(
    queryset: QuerySet[M], user: Any, capability: str, paths: ScopePaths
) -> QuerySet[M]:
    q = scope_q(user, capability, paths)
    if q is None:
        return queryset.none()
    return queryset.filter(q) if q else queryset
