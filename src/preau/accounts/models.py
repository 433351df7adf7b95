from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preau.accounts.roles import Role, ScopeKind


def normalize_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively: we store them lower-cased."""
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class Verification(models.TextChoices):
    """How a person's académie or school was verified."""

    EMAIL = "email", _("their academic e-mail address")
    PARTNER = "partner", _("a partner's list")
    SCHOOL_HEAD = "school_head", _("the head of school")


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone with an e-mail address: no academic account needed."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    # Where the person works: seat quotas and school-head approval read these.
    academie = models.ForeignKey(
        "network.Academie",
        verbose_name=_("académie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    school = models.ForeignKey(
        "network.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Seats reserved for an académie or a school need the affiliation verified
    # (accounts/affiliation.py): when and how; changing it clears the check.
    academie_verified_at = models.DateTimeField(_("académie verified"), null=True, blank=True)
    academie_verified_how = models.CharField(
        _("académie verified by"), max_length=12, choices=Verification.choices, blank=True
    )
    school_verified_at = models.DateTimeField(_("school verified"), null=True, blank=True)
    school_verified_how = models.CharField(
        _("school verified by"), max_length=12, choices=Verification.choices, blank=True
    )
    # Set when the person proved they read this mailbox (a link we e-mailed them):
    # attestations are issued only to verified addresses (accounts/signals.py).
    email_verified_at = models.DateTimeField(_("e-mail address verified"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def set_workplace(self, academie: object, school: object) -> list[str]:
        """Set académie and school; a changed one loses its verification.
        Returns the fields to save."""
        fields = ["academie", "school"]
        if getattr(academie, "pk", None) != self.academie_id:
            self.academie_verified_at, self.academie_verified_how = None, ""
            fields += ["academie_verified_at", "academie_verified_how"]
        if getattr(school, "pk", None) != self.school_id:
            self.school_verified_at, self.school_verified_how = None, ""
            fields += ["school_verified_at", "school_verified_how"]
        self.academie, self.school = academie, school  # type: ignore[assignment]
        return fields


class RoleAssignment(models.Model):
    """(user, role, scope). Scope is national when no place is set, else exactly one place."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    territory = models.ForeignKey(
        "network.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    academie = models.ForeignKey(
        "network.Academie",
        verbose_name=_("académie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    atelier = models.ForeignKey(
        "network.Atelier",
        verbose_name=_("Atelier"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_assignment_one_place",
                condition=(
                    Q(territory__isnull=True, academie__isnull=True)
                    | Q(territory__isnull=True, atelier__isnull=True)
                    | Q(academie__isnull=True, atelier__isnull=True)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "territory", "academie", "atelier"],
                name="role_assignment_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.scope_label}"

    @property
    def scope_kind(self) -> str:
        if self.atelier_id:
            return ScopeKind.ATELIER
        if self.academie_id:
            return ScopeKind.ACADEMIE
        if self.territory_id:
            return ScopeKind.TERRITORY
        return ScopeKind.NATIONAL

    @property
    def scope_label(self) -> str:
        place = self.atelier or self.academie or self.territory
        return str(place) if place else str(ScopeKind.NATIONAL.label)


class ApiToken(models.Model):
    """A personal token for API clients. Only its SHA-256 is stored; the clear
    value is shown once, at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
