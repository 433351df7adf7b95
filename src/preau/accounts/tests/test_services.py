from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from preau.accounts.models import RoleAssignment, User
from preau.accounts.roles import Role
from preau.accounts.services import (
    api_token_create,
    api_token_revoke,
    api_token_use,
    role_assign,
    role_revoke,
    user_create,
)
from preau.core.models import AuditEvent
from preau.core.testing import user_with_role


@pytest.mark.django_db
class TestUserCreate:
    def test_any_email_address_is_accepted_and_normalised(self):
        user = user_create(email="  Jeanne.Dupont@Gmail.COM ", password="un-mot-de-passe-sur")
        assert user.email == "jeanne.dupont@gmail.com"
        assert user.check_password("un-mot-de-passe-sur")
        assert AuditEvent.objects.filter(action="user.create", target_id=str(user.pk)).exists()

    def test_duplicate_ignores_case(self):
        user_create(email="a@example.org", password="un-mot-de-passe-sur")
        with pytest.raises(ValidationError) as exc:
            user_create(email="A@Example.org", password="un-mot-de-passe-sur")
        assert "email" in exc.value.error_dict
        assert User.objects.count() == 1

    def test_invalid_email_names_it_and_creates_nothing(self):
        with pytest.raises(ValidationError) as exc:
            user_create(email="not-an-address", password="un-mot-de-passe-sur")
        assert "not-an-address" in str(exc.value)
        assert not User.objects.exists()

    def test_weak_password_is_refused(self):
        with pytest.raises(ValidationError):
            user_create(email="b@example.org", password="123")
        assert not User.objects.exists()


class TestRoleAssign:
    def test_idempotent_and_audited(self, net):
        user = user_with_role(None)
        first = role_assign(actor=None, user=user, role=Role.ATELIER_MANAGER, atelier=net.x1)
        second = role_assign(actor=None, user=user, role=Role.ATELIER_MANAGER, atelier=net.x1)
        assert first.pk == second.pk
        assert RoleAssignment.objects.filter(user=user).count() == 1
        assert AuditEvent.objects.filter(action="role.assign").count() == 1

    def test_teacher_is_never_assigned(self, net):
        with pytest.raises(ValidationError, match="enseignant"):
            role_assign(actor=None, user=user_with_role(None), role=Role.TEACHER)

    @pytest.mark.parametrize(
        ("role", "place"),
        [
            (Role.NATIONAL_ADMIN, "t1"),
            (Role.TERRITORIAL_DIRECTOR, "x1"),
            (Role.ATELIER_MANAGER, None),
            (Role.PARTNER, "x1"),
        ],
    )
    def test_role_held_at_the_wrong_level_is_refused(self, net, role, place):
        kwargs = (
            {}
            if place is None
            else {"territory" if place == "t1" else "atelier": getattr(net, place)}
        )
        with pytest.raises(ValidationError, match="ne peut pas s’exercer"):
            role_assign(actor=None, user=user_with_role(None), role=role, **kwargs)

    def test_two_places_at_once_are_refused(self, net):
        with pytest.raises(ValidationError, match="un seul niveau"):
            role_assign(
                actor=None,
                user=user_with_role(None),
                role=Role.TRAINER,
                territory=net.t1,
                atelier=net.x1,
            )

    def test_territorial_director_delegates_inside_territory_only(self, net):
        director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
        target = user_with_role(None)
        role_assign(actor=director, user=target, role=Role.ATELIER_MANAGER, atelier=net.x3)
        with pytest.raises(PermissionDenied):
            role_assign(actor=director, user=target, role=Role.ATELIER_MANAGER, atelier=net.y1)
        with pytest.raises(PermissionDenied):
            role_assign(actor=director, user=target, role=Role.NATIONAL_EDITOR)
        with pytest.raises(PermissionDenied):
            role_assign(
                actor=director, user=target, role=Role.TERRITORIAL_DIRECTOR, territory=net.t1
            )

    def test_atelier_manager_cannot_grant(self, net):
        manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
        with pytest.raises(PermissionDenied):
            role_assign(actor=manager, user=user_with_role(None), role=Role.TRAINER, atelier=net.x1)

    def test_national_admin_gets_and_loses_django_admin(self, net):
        user = user_with_role(None)
        assignment = role_assign(actor=None, user=user, role=Role.NATIONAL_ADMIN)
        user.refresh_from_db()
        assert user.is_staff and user.is_superuser
        role_revoke(actor=None, assignment=assignment)
        user.refresh_from_db()
        assert not user.is_staff and not user.is_superuser


@pytest.mark.django_db
class TestApiTokens:
    def test_clear_value_is_not_stored_and_authenticates(self):
        user = user_with_role(None)
        token, raw = api_token_create(user=user, name="export")
        assert raw.startswith("preau_") and raw not in token.key_hash
        assert api_token_use(raw) == user
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_revoked_expired_or_wrong_tokens_fail(self):
        user = user_with_role(None)
        token, raw = api_token_create(user=user, name="a")
        assert api_token_use(raw + "x") is None
        assert api_token_use("something-else") is None
        api_token_revoke(user=user, token=token)
        assert api_token_use(raw) is None
        other, raw2 = api_token_create(user=user, name="b", days=1)
        other.expires_at = timezone.now() - timedelta(seconds=1)
        other.save()
        assert api_token_use(raw2) is None

    def test_inactive_user_token_fails(self):
        user = user_with_role(None)
        _token, raw = api_token_create(user=user, name="a")
        user.is_active = False
        user.save()
        assert api_token_use(raw) is None

    def test_nameless_token_is_refused(self):
        with pytest.raises(ValidationError, match="nom"):
            api_token_create(user=user_with_role(None), name="  ")

    def test_someone_elses_token_cannot_be_revoked(self):
        owner, other = user_with_role(None), user_with_role(None)
        token, raw = api_token_create(user=owner, name="a")
        with pytest.raises(PermissionDenied):
            api_token_revoke(user=other, token=token)
        assert api_token_use(raw) == owner
