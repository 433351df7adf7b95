"""Every write on the network: loading the reference, editing an Atelier."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.core.services import audit_record
from preau.network.loader import NetworkSpec, read_network
from preau.network.models import Academie, Atelier, Departement, School, Territory

Progress = Callable[[int], None]


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1
        elif changed:
            self.updated[kind] = self.updated.get(kind, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(
    model: Any, lookup: dict[str, Any], structure: dict[str, Any], on_create: dict[str, Any]
) -> tuple[Any, bool, bool]:
    """Create the row, or bring its structural fields in line; editable fields
    (address, contact…) set by people are never overwritten by a reload."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **structure, **on_create), True, True
    changed = [k for k, v in structure.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, structure[k])
    if changed:
        obj.save(update_fields=changed)
    return obj, False, bool(changed)


@transaction.atomic
def network_load(
    *, spec: NetworkSpec | None = None, progress: Progress | None = None
) -> LoadReport:
    """Load the reference network: all-or-nothing, and idempotent (a second run changes nothing)."""
    spec = spec or read_network()
    report = LoadReport()
    tick = progress or (lambda n: None)
    for t in spec.territories:
        territory, c, u = _upsert(Territory, {"code": t.code}, {"kind": t.kind, "name": t.name}, {})
        report.count("territories", c, u)
        tick(1)
        for a in t.academies:
            academie, c, u = _upsert(
                Academie, {"code": a.code}, {"name": a.name, "territory": territory}, {}
            )
            report.count("academies", c, u)
            tick(1)
            deps = {}
            for code in a.departements:
                name, _prefecture, _zone = spec.departements[code]
                deps[code], c, u = _upsert(
                    Departement, {"code": code}, {"name": name, "academie": academie}, {}
                )
                report.count("departements", c, u)
                tick(1)
            for at in a.ateliers:
                _name, _prefecture, zone = spec.departements[at.departement]
                _obj, c, u = _upsert(
                    Atelier,
                    {"code": at.code},
                    {
                        "departement": deps[at.departement],
                        "academie": academie,
                        "territory": territory,
                    },
                    {
                        "name": f"Atelier {at.departement} – {at.town}",
                        "town": at.town,
                        "timezone": zone,
                    },
                )
                report.count("ateliers", c, u)
                tick(1)
    return report


ATELIER_EDITABLE_FIELDS = (
    "name",
    "town",
    "address",
    "postal_code",
    "email",
    "phone",
    "opening_hours",
    "accessibility",
)


@transaction.atomic
def atelier_update(*, actor: Any, atelier: Atelier, **changes: Any) -> Atelier:
    """Edit an Atelier's public information; only roles whose scope covers it may."""
    if not user_may(actor, Capability.MANAGE_NETWORK, Location.of(atelier)):
        raise PermissionDenied(_("You may not edit this Atelier."))
    unknown = set(changes) - set(ATELIER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    changed = [k for k, v in changes.items() if getattr(atelier, k) != v]
    for k in changed:
        setattr(atelier, k, changes[k])
    if changed:
        atelier.full_clean()
        atelier.save(update_fields=changed)
        audit_record(actor=actor, action="atelier.update", target=atelier, data={"fields": changed})
    return atelier


@transaction.atomic
def school_get_or_create(
    *, uai: str, name: str = "", town: str = "", academie: Academie | None = None
) -> School:
    """The school with this UAI code, created from what is known when new.

    Raises ValidationError naming the problem when the code is malformed.
    """
    uai = uai.strip().upper()
    school = School.objects.filter(uai=uai).first()
    if school:
        if school.name == school.uai and name.strip():  # created from its code alone: now named
            school.name, school.town = name.strip(), school.town or town.strip()
            school.save(update_fields=["name", "town"])
        return school
    school = School(uai=uai, name=name.strip() or uai, town=town.strip(), academie=academie)
    school.full_clean()
    school.save()
    return school
