"""Roles, scope kinds and capabilities: the one table every permission check reads."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    NATIONAL_EDITOR = "national_editor", _("National editor (reading committee)")
    TERRITORIAL_DIRECTOR = "territorial_director", _("Territorial director")
    ATELIER_MANAGER = "atelier_manager", _("Atelier manager")
    TRAINER = "trainer", _("Trainer")
    PARTNER = "partner", _("Partner (académie, EAFC or school head)")
    TEACHER = "teacher", _("Teacher")


class ScopeKind(models.TextChoices):
    NATIONAL = "national", _("National")
    TERRITORY = "territory", _("Territory")
    ACADEMIE = "academie", _("Académie")
    ATELIER = "atelier", _("Atelier")


class Capability(models.TextChoices):
    ADMINISTER = "administer", _("Administer the platform")
    ASSIGN_ROLES = "assign_roles", _("Grant roles")
    MANAGE_NETWORK = "manage_network", _("Edit Atelier information")
    REVIEW_CATALOG = "review_catalog", _("Review training offers")
    EDIT_OFFERS = "edit_offers", _("Write training offers")
    PLAN_SESSIONS = "plan_sessions", _("Plan sessions")
    TAKE_ATTENDANCE = "take_attendance", _("Take attendance")
    ENROL_GROUPS = "enrol_groups", _("Enrol groups")
    VIEW_INDICATORS = "view_indicators", _("View indicators")
    VIEW_PERSONAL_DATA = "view_personal_data", _("View participants' personal data")
    HANDLE_COMPLAINTS = "handle_complaints", _("Handle complaints and improvement actions")


# Where each role may be held. Teacher is everyone's implicit role: never assigned.
ROLE_SCOPE_KINDS: dict[str, frozenset[str]] = {
    Role.NATIONAL_ADMIN: frozenset({ScopeKind.NATIONAL}),
    Role.NATIONAL_EDITOR: frozenset({ScopeKind.NATIONAL}),
    Role.TERRITORIAL_DIRECTOR: frozenset({ScopeKind.TERRITORY}),
    Role.ATELIER_MANAGER: frozenset({ScopeKind.ATELIER}),
    Role.TRAINER: frozenset(
        {ScopeKind.NATIONAL, ScopeKind.TERRITORY, ScopeKind.ACADEMIE, ScopeKind.ATELIER}
    ),
    Role.PARTNER: frozenset({ScopeKind.ACADEMIE}),
    Role.TEACHER: frozenset(),
}

# What each role may do, within the scope of its assignment.
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.NATIONAL_ADMIN: frozenset(Capability.values),
    Role.NATIONAL_EDITOR: frozenset(
        {Capability.REVIEW_CATALOG, Capability.EDIT_OFFERS, Capability.VIEW_INDICATORS}
    ),
    Role.TERRITORIAL_DIRECTOR: frozenset(
        {
            Capability.ASSIGN_ROLES,
            Capability.MANAGE_NETWORK,
            Capability.EDIT_OFFERS,
            Capability.PLAN_SESSIONS,
            Capability.TAKE_ATTENDANCE,
            Capability.ENROL_GROUPS,
            Capability.VIEW_INDICATORS,
            Capability.VIEW_PERSONAL_DATA,
            Capability.HANDLE_COMPLAINTS,
        }
    ),
    Role.ATELIER_MANAGER: frozenset(
        {
            Capability.MANAGE_NETWORK,
            Capability.EDIT_OFFERS,
            Capability.PLAN_SESSIONS,
            Capability.TAKE_ATTENDANCE,
            Capability.VIEW_INDICATORS,
            Capability.VIEW_PERSONAL_DATA,
        }
    ),
    Role.TRAINER: frozenset({Capability.TAKE_ATTENDANCE, Capability.VIEW_PERSONAL_DATA}),
    Role.PARTNER: frozenset({Capability.ENROL_GROUPS, Capability.VIEW_INDICATORS}),
    Role.TEACHER: frozenset(),
}

# Roles a territorial director may grant inside their territory; national roles
# and territorial directors are granted by national administrators only.
DELEGABLE_ROLES: frozenset[str] = frozenset({Role.ATELIER_MANAGER, Role.TRAINER, Role.PARTNER})


def roles_with(capability: str) -> frozenset[str]:
    return frozenset(role for role, caps in ROLE_CAPABILITIES.items() if capability in caps)
