from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from preau.accounts.models import ApiToken, RoleAssignment, User
from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, ScopePaths, assignments_of, filter_in_scope, user_may
from preau.network.models import Academie, Atelier, Territory


def roles_of(user: User) -> QuerySet[RoleAssignment]:
    return user.role_assignments.select_related("territory", "academie", "atelier").order_by(
        "role", "id"
    )


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return user.api_tokens.all()


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def assignments_in_scope(actor: User) -> QuerySet[RoleAssignment]:
    """Role assignments held at places the actor may grant roles at."""
    qs = RoleAssignment.objects.select_related("user", "territory", "academie", "atelier")
    if user_may(actor, Capability.ADMINISTER, Location.national()):
        return qs.order_by("role", "user__email")
    territories = [
        a.territory_id
        for a in assignments_of(actor)
        if a.territory_id and user_may(actor, Capability.ASSIGN_ROLES, Location(a.territory_id))
    ]
    if not territories:
        return qs.none()
    return qs.filter(
        Q(territory_id__in=territories)
        | Q(academie__territory_id__in=territories)
        | Q(atelier__territory_id__in=territories)
    ).order_by("role", "user__email")


def grantable_places(actor: User) -> list[tuple[str, str]]:
    """(value, label) of the places where ``actor`` may grant roles, national first."""
    places: list[tuple[str, str]] = []
    if user_may(actor, Capability.ADMINISTER, Location.national()):
        places.append(("national", _("National")))
    cap = Capability.ASSIGN_ROLES
    for t in filter_in_scope(Territory.objects.all(), actor, cap, ScopePaths(territory="id")):
        places.append((f"territory:{t.pk}", str(t)))
    academies = filter_in_scope(
        Academie.objects.all(), actor, cap, ScopePaths(territory="territory_id", academie="id")
    )
    places += [(f"academie:{a.pk}", _("Académie of %(name)s") % {"name": a}) for a in academies]
    ateliers = filter_in_scope(
        Atelier.objects.all(), actor, cap, ScopePaths("territory_id", "academie_id", "id")
    )
    places += [(f"atelier:{a.pk}", str(a)) for a in ateliers]
    return places
