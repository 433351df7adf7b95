"""Test helpers: factories and a small network with a known shape.

Imported by tests only (factory_boy is a development dependency).
"""

from dataclasses import dataclass
from typing import Any, cast

import factory
from django.utils import timezone

from preau.accounts.models import User
from preau.accounts.services import role_assign
from preau.network.models import Academie, Atelier, Departement, Territory

TEST_PASSWORD = "correct-horse-42"  # noqa: S105 - test accounts only


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(TEST_PASSWORD)
    email_verified_at = factory.LazyFunction(timezone.now)


@dataclass
class MiniNetwork:
    """Two territories. T1 ⊃ A1 (ateliers X1, X2) and A2 (atelier X3); T2 ⊃ B1 (atelier Y1)."""

    t1: Territory
    t2: Territory
    a1: Academie
    a2: Academie
    b1: Academie
    x1: Atelier
    x2: Atelier
    x3: Atelier
    y1: Atelier


def _atelier(code: str, dep: Departement) -> Atelier:
    return Atelier.objects.create(
        code=code,
        name=f"Atelier {code}",
        departement=dep,
        academie=dep.academie,
        territory=dep.academie.territory,
        town=f"Ville {code}",
    )


def build_mini_network() -> MiniNetwork:
    t1 = Territory.objects.create(code="DT-ONE", kind="DT", name="Territoire Un")
    t2 = Territory.objects.create(code="DA-TWO", kind="DA", name="Territoire Deux")
    a1 = Academie.objects.create(code="a1", name="Académie A1", territory=t1)
    a2 = Academie.objects.create(code="a2", name="Académie A2", territory=t1)
    b1 = Academie.objects.create(code="b1", name="Académie B1", territory=t2)
    d1 = Departement.objects.create(code="01", name="Dép. 01", academie=a1)
    d2 = Departement.objects.create(code="02", name="Dép. 02", academie=a1)
    d3 = Departement.objects.create(code="03", name="Dép. 03", academie=a2)
    d4 = Departement.objects.create(code="971", name="Dép. 971", academie=b1)
    return MiniNetwork(
        t1,
        t2,
        a1,
        a2,
        b1,
        _atelier("x1", d1),
        _atelier("x2", d2),
        _atelier("x3", d3),
        _atelier("y1", d4),
    )


def user_with_role(role: str | None = None, **place: Any) -> User:
    """A new user holding ``role`` at ``place`` (territory=…, academie=… or atelier=…)."""
    user = cast(User, UserFactory())
    if role:
        role_assign(actor=None, user=user, role=role, **place)
    return user
