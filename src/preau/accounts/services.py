"""Every write on accounts: users, role assignments, API tokens."""

import hashlib
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.models import ApiToken, RoleAssignment, User, normalize_email
from preau.accounts.roles import DELEGABLE_ROLES, ROLE_SCOPE_KINDS, Capability, Role, ScopeKind
from preau.accounts.scopes import Location, forget_assignments, user_may
from preau.core.services import audit_record

log = logging.getLogger(__name__)

TOKEN_PREFIX = "preau_"  # noqa: S105 - a public marker, not a secret


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    actor: Any = None,
) -> User:
    """Create an account for any e-mail address. Raises ValidationError naming the problem."""
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": _("“%(email)s” is not a valid e-mail address.") % {"email": email}}
        ) from None
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account already exists with this e-mail address.")})
    user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=actor or user, action="user.create", target=user)
    log.debug("user created id=%s", user.pk)
    return user


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    first_name: str,
    last_name: str,
    academie: Any = None,
    school_uai: str = "",
) -> User:
    """Name and workplace (académie, school by UAI code) of a person."""
    from preau.network.services import school_get_or_create

    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    school = None
    if school_uai.strip():
        try:
            school = school_get_or_create(uai=school_uai, academie=academie)
        except ValidationError as exc:
            raise ValidationError({"school_uai": exc.messages}) from exc
    workplace = user.set_workplace(academie or (school.academie if school else None), school)
    user.save(update_fields=["first_name", "last_name", *workplace])
    audit_record(
        actor=user, action="user.update", target=user, data={"fields": ["name", "workplace"]}
    )
    return user


def _scope_location(territory: Any, academie: Any, atelier: Any) -> tuple[str, Location]:
    places = [p for p in (territory, academie, atelier) if p is not None]
    if len(places) > 1:
        raise ValidationError(
            _("A role is held at one place only: national, a territory, an académie or an Atelier.")
        )
    if atelier is not None:
        return ScopeKind.ATELIER, Location.of(atelier)
    if academie is not None:
        return ScopeKind.ACADEMIE, Location.of(academie)
    if territory is not None:
        return ScopeKind.TERRITORY, Location.of(territory)
    return ScopeKind.NATIONAL, Location.national()


def _may_grant(actor: Any, role: str, kind: str, location: Location) -> bool:
    if actor is None:  # the system itself (loading, CLI)
        return True
    if user_may(actor, Capability.ADMINISTER, Location.national()):
        return True
    return (
        role in DELEGABLE_ROLES
        and kind != ScopeKind.NATIONAL
        and user_may(actor, Capability.ASSIGN_ROLES, location)
    )


def role_may_grant(actor: Any, role: str, *, atelier: Any) -> bool:
    """Whether ``actor`` may grant ``role`` at ``atelier`` (the team page's rule)."""
    return _may_grant(actor, role, ScopeKind.ATELIER, Location.of(atelier))


@transaction.atomic
def role_assign(
    *,
    actor: Any,
    user: User,
    role: str,
    territory: Any = None,
    academie: Any = None,
    atelier: Any = None,
) -> RoleAssignment:
    """Grant ``role`` to ``user`` at one place. Idempotent: granting twice returns the same row."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role “%(role)s”.") % {"role": role})
    if role == Role.TEACHER:
        raise ValidationError(_("Everyone is a teacher: this role is not assigned."))
    kind, location = _scope_location(territory, academie, atelier)
    if kind not in ROLE_SCOPE_KINDS[role]:
        raise ValidationError(
            _("The role “%(role)s” cannot be held at the %(kind)s level.")
            % {"role": Role(role).label, "kind": ScopeKind(kind).label.lower()}
        )
    if not _may_grant(actor, role, kind, location):
        raise PermissionDenied(_("You may not grant this role at this place."))
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, territory=territory, academie=academie, atelier=atelier
    )
    if created:
        if role == Role.NATIONAL_ADMIN:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        audit_record(
            actor=actor, action="role.assign", target=user, data={"role": role, "scope": kind}
        )
    forget_assignments(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    _kind, location = _scope_location(assignment.territory, assignment.academie, assignment.atelier)
    if not _may_grant(actor, assignment.role, assignment.scope_kind, location):
        raise PermissionDenied(_("You may not revoke this role."))
    user = assignment.user
    role = assignment.role
    assignment.delete()
    if role == Role.NATIONAL_ADMIN and not user.role_assignments.filter(role=role).exists():
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    audit_record(actor=actor, action="role.revoke", target=user, data={"role": role})
    forget_assignments(user)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a personal API token; returns the row and the clear value (shown once)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the tool that will use it.")})
    days = days or settings.PREAU_API_TOKEN_DAYS
    if not 1 <= days <= 3650:
        raise ValidationError({"days": _("A token is valid between 1 and 3650 days.")})
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=_hash(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(actor=user, action="api_token.create", target=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=user, action="api_token.revoke", target=token)


def api_token_use(raw: str) -> User | None:
    """The active user behind a clear token value, or None. Notes when it was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(raw)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute so a busy client does not write on every call.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def password_link(user: User) -> str:
    """A link to choose a password (valid PASSWORD_RESET_TIMEOUT, once)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def _invitation_send(user: User, inviter: Any) -> None:
    from preau.core.mail import email_send

    email_send(
        to=[user.email],
        subject=_("You are invited to %(site)s") % {"site": settings.OPERATOR_NAME},
        body=_(
            "Hello,\n\n%(inviter)s gave you a role on %(site)s. Choose your password to log in:\n\n"
            "%(url)s\n\nThe link is valid for 24 hours; after that, "
            "use “Forgotten password?” on the login page."
        )
        % {"inviter": inviter, "site": settings.OPERATOR_NAME, "url": password_link(user)},
    )


@transaction.atomic
def member_invite(*, actor: User, email: str, role: str, place: dict[str, Any]) -> RoleAssignment:
    """Grant a role to the person with this e-mail address, creating their account
    (and inviting them to choose a password) when they have none."""
    from preau.accounts.selectors import user_by_email

    user = user_by_email(email)
    created = user is None
    if user is None:
        user = user_create(email=email, actor=actor)
    assignment = role_assign(actor=actor, user=user, role=role, **place)
    if created:
        _invitation_send(user, actor)
    return assignment


def _site_url(name: str) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse(name)


@transaction.atomic
def user_signup(*, email: str, first_name: str, last_name: str) -> None:
    """Sign-up, answered the same way whether the address has an account or not.

    A new address gets an account without password and a link to choose one
    (which activates it): the password is chosen by whoever reads the mailbox.
    An address that has an account is left as it is; its owner is told that
    someone tried, and how to log in or choose a new password.
    """
    from preau.accounts.selectors import user_by_email
    from preau.core.mail import email_send

    existing = user_by_email(email)
    site = settings.OPERATOR_NAME
    if existing is None:
        user = user_create(email=email, first_name=first_name, last_name=last_name)
        email_send(
            to=[user.email],
            subject=_("Activate your account on %(site)s") % {"site": site},
            body=_(
                "Hello,\n\nWelcome to %(site)s. To activate your account, choose your "
                "password here:\n\n%(url)s\n\nThe link is valid for 24 hours and works once; "
                "after that, use “Forgotten password?” on the login page. If you did not ask "
                "for an account, ignore this e-mail."
            )
            % {"site": site, "url": password_link(user)},
        )
        return
    audit_record(actor=None, action="user.signup_existing", target=existing)
    email_send(
        to=[existing.email],
        subject=_("Someone tried to create an account with your address on %(site)s")
        % {"site": site},
        body=_(
            "Hello,\n\nSomeone (you, perhaps) tried to create an account on %(site)s with this "
            "address, which already has one. Nothing was changed.\n\nIf it was you, log in:\n"
            "%(login)s\n\nForgotten your password, or never chose one? Choose a new one here:\n"
            "%(reset)s\n\nIf it was not you, you can ignore this e-mail."
        )
        % {
            "site": site,
            "login": _site_url("accounts:login"),
            "reset": _site_url("accounts:password_reset"),
        },
    )


@transaction.atomic
def user_password_set(*, user: User, password: str, reason: str) -> int:
    """Set a validated password, from a reset link (``reason="reset"``, which also
    activates an account created without one) or the account page ("change").

    Every personal API token of the person is revoked and their other sessions
    end (each session holds a hash of the password: Django refuses it on its next
    request; the password-change view keeps the current one). Failed login
    attempts counted for the account are forgotten. Someone who had a password
    or tokens is told by e-mail. Returns how many tokens were revoked.
    """
    from preau.accounts.lockout import lockout_clear
    from preau.core.mail import email_send

    had_password = user.has_usable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    now = timezone.now()
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    lockout_clear(email=user.email)
    if reason == "reset":  # the link came by e-mail: the address is the person's
        from preau.accounts.signin import user_email_verify

        user_email_verify(user=user, how="password_link")
    audit_record(
        actor=user,
        action="user.password_set",
        target=user,
        data={"reason": reason, "tokens_revoked": revoked},
    )
    if had_password or revoked:
        email_send(
            to=[user.email],
            subject=_("Your password on %(site)s was changed") % {"site": settings.OPERATOR_NAME},
            body=_(
                "Hello,\n\nThe password of your account on %(site)s was changed on %(when)s. "
                "For your safety, every other session was logged out and your personal API "
                "tokens (%(tokens)s) were revoked: create new ones on your account page if you "
                "need them.\n\nIf you did not change it, choose a new password now:\n%(reset)s"
            )
            % {
                "site": settings.OPERATOR_NAME,
                "when": timezone.localtime(now).strftime("%d/%m/%Y %H:%M"),
                "tokens": revoked,
                "reset": _site_url("accounts:password_reset"),
            },
        )
    return revoked
