"""The permission matrix: role × scope × object location × capability → allowed?

The two tables below are the specification, written by hand; the test checks
that both the single-object rule (`user_may`) and the queryset filter
(`filter_in_scope`) follow them for every combination.
"""

import pytest

from preau.accounts.roles import ROLE_SCOPE_KINDS, Capability, Role, ScopeKind
from preau.accounts.scopes import Location, ScopePaths, filter_in_scope, user_may
from preau.core.testing import user_with_role
from preau.network.models import Atelier

C = Capability
# What each role may do (anywhere in its scope).
CAN = {
    Role.NATIONAL_ADMIN: set(C),
    Role.NATIONAL_EDITOR: {C.REVIEW_CATALOG, C.EDIT_OFFERS, C.VIEW_INDICATORS},
    Role.TERRITORIAL_DIRECTOR: {
        C.ASSIGN_ROLES, C.MANAGE_NETWORK, C.EDIT_OFFERS, C.PLAN_SESSIONS, C.TAKE_ATTENDANCE,
        C.ENROL_GROUPS, C.VIEW_INDICATORS, C.VIEW_PERSONAL_DATA, C.HANDLE_COMPLAINTS,
    },
    Role.ATELIER_MANAGER: {
        C.MANAGE_NETWORK, C.EDIT_OFFERS, C.PLAN_SESSIONS, C.TAKE_ATTENDANCE, C.VIEW_INDICATORS,
        C.VIEW_PERSONAL_DATA,
    },
    Role.TRAINER: {C.TAKE_ATTENDANCE, C.VIEW_PERSONAL_DATA},
    Role.PARTNER: {C.ENROL_GROUPS, C.VIEW_INDICATORS},
    Role.TEACHER: set(),
}  # fmt: skip

# Object locations, relative to a role held at Atelier X1 / académie A1 / territory T1.
LOCATIONS = ["x1", "x2_same_academie", "x3_same_territory", "y1_elsewhere", "a1", "t1", "national"]
COVERS = {
    ScopeKind.NATIONAL: set(LOCATIONS),
    ScopeKind.TERRITORY: {"x1", "x2_same_academie", "x3_same_territory", "a1", "t1"},
    ScopeKind.ACADEMIE: {"x1", "x2_same_academie", "a1"},
    ScopeKind.ATELIER: {"x1"},
}  # fmt: skip


def _location(net, name: str) -> Location:
    return {
        "x1": Location.of(net.x1),
        "x2_same_academie": Location.of(net.x2),
        "x3_same_territory": Location.of(net.x3),
        "y1_elsewhere": Location.of(net.y1),
        "a1": Location.of(net.a1),
        "t1": Location.of(net.t1),
        "national": Location.national(),
    }[name]


def _place(net, kind: str) -> dict:
    places: dict[str, dict] = {
        ScopeKind.NATIONAL: {},
        ScopeKind.TERRITORY: {"territory": net.t1},
        ScopeKind.ACADEMIE: {"academie": net.a1},
        ScopeKind.ATELIER: {"atelier": net.x1},
    }
    return places[kind]


CASES = [(role, kind) for role in Role for kind in sorted(ROLE_SCOPE_KINDS[role])]


def test_every_role_is_in_the_matrix():
    covered_roles = {role for role, _kind in CASES} | {Role.TEACHER}
    assert covered_roles == set(Role)


@pytest.mark.parametrize(("role", "kind"), CASES)
def test_user_may_follows_the_matrix(net, role, kind):
    user = user_with_role(role, **_place(net, kind))
    for capability in Capability:
        for name in LOCATIONS:
            expected = capability in CAN[role] and name in COVERS[kind]
            got = user_may(user, capability, _location(net, name))
            assert got == expected, f"{role}@{kind} {capability} on {name}: {got}"


@pytest.mark.parametrize(("role", "kind"), CASES)
def test_queryset_filter_follows_the_matrix(net, role, kind):
    user = user_with_role(role, **_place(net, kind))
    paths = ScopePaths(territory="territory_id", academie="academie_id", atelier="id")
    atelier_names = {
        "x1": net.x1,
        "x2_same_academie": net.x2,
        "x3_same_territory": net.x3,
        "y1_elsewhere": net.y1,
    }
    for capability in Capability:
        visible = set(filter_in_scope(Atelier.objects.all(), user, capability, paths))
        expected = {
            atelier
            for name, atelier in atelier_names.items()
            if capability in CAN[role] and name in COVERS[kind]
        }
        assert visible == expected, f"{role}@{kind} {capability}"


def test_teacher_without_roles_and_anonymous_may_nothing(net):
    from django.contrib.auth.models import AnonymousUser

    teacher = user_with_role(None)
    for who in (teacher, AnonymousUser()):
        for capability in Capability:
            assert not user_may(who, capability, Location.national())
            assert not filter_in_scope(
                Atelier.objects.all(), who, capability, ScopePaths(atelier="id")
            ).exists()


def test_several_assignments_add_up(net):
    user = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    from preau.accounts.services import role_assign

    role_assign(actor=None, user=user, role=Role.ATELIER_MANAGER, atelier=net.y1)
    visible = set(
        filter_in_scope(
            Atelier.objects.all(),
            user,
            Capability.PLAN_SESSIONS,
            ScopePaths("territory_id", "academie_id", "id"),
        )
    )
    assert visible == {net.x1, net.y1}
