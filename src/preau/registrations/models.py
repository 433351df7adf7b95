"""Registrations: a person's place on a session, confirmed or on the waitlist.

Registered is not present: attendance (per slot) is recorded separately, so
no-shows are visible. Seats held = confirmed + offered (a waitlisted person
offered a freed seat, until their confirmation deadline).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        OFFERED = "offered", _("Seat offered, to confirm")
        PENDING = "pending", _("Awaiting the head of school's approval")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Offer expired")

    class Source(models.TextChoices):
        SELF = "self", _("Self-registration")
        PARTNER = "partner", _("Enrolled by a partner")
        MANAGER = "manager", _("Enrolled by the Atelier")
        IMPORT = "import", _("Imported (GAIA)")

    ACTIVE = (Status.CONFIRMED, Status.WAITLISTED, Status.OFFERED, Status.PENDING)
    HOLDING = (Status.CONFIRMED, Status.OFFERED, Status.PENDING)

    session = models.ForeignKey(
        "scheduling.TrainingSession",
        verbose_name=_("session"),
        on_delete=models.PROTECT,  # sessions are cancelled, never deleted with their people
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.SELF
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quota = models.ForeignKey(
        "scheduling.SeatQuota",
        verbose_name=_("reserved seat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    queued_at = models.DateTimeField(_("registered at"), db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason"), max_length=255, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # Set when the session is closed: attended (minutes > 0) or no-show.
    attended_minutes = models.PositiveIntegerField(_("attended minutes"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or refused by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(status__in=["confirmed", "waitlisted", "offered", "pending"]),
                name="registration_one_active_per_person",
            )
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.session_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def no_show(self) -> bool:
        """Closed session, confirmed, attended nothing."""
        return self.attended_minutes == 0 and self.status == self.Status.CONFIRMED


class Invitation(models.Model):
    """A partner listed someone they may not enrol directly (another académie's
    teacher, a staff account): the person is asked, and only their acceptance
    registers them, through the usual seat rules."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    class Reason(models.TextChoices):
        OUTSIDE = "outside", _("not of the partner's académie")
        STAFF = "staff", _("a staff account")

    session = models.ForeignKey(
        "scheduling.TrainingSession", verbose_name=_("session"), on_delete=models.CASCADE,
        related_name="invitations",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="invitations",
    )  # fmt: skip
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    reason = models.CharField(_("why invited"), max_length=8, choices=Reason.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(status="pending"),
                name="invitation_one_pending_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"invitation {self.user_id} → {self.session_id} ({self.status})"


from preau.registrations.gaia.models import GaiaImport  # noqa: E402,F401 - a model of this app
