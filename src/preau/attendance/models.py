"""Attendance, signed per half-day slot: the proof owed to funders and the
base of every indicator. Registered is not present: a registration's outcome
(attended or no-show) is computed when the session is closed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused absence")
        WALK_IN = "walk_in", _("Not registered: to accept")

    class Method(models.TextChoices):
        ROSTER = "roster", _("Marked by the trainer")
        SIGNATURE = "signature", _("Signed on screen")
        QR = "qr", _("QR code check-in")
        WEBINAR = "webinar", _("Webinar connection log")
        SHEET = "sheet", _("Paper sheet")
        LINK = "link", _("Personal check-in link")

    ATTENDED = (Status.PRESENT, Status.LATE)

    slot = models.ForeignKey(
        "scheduling.Slot",
        verbose_name=_("slot"),
        on_delete=models.PROTECT,  # a proof: a slot with attendance is never deleted
        related_name="attendances",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT,
        related_name="attendances",
    )  # fmt: skip
    registration = models.ForeignKey(
        "registrations.Registration", verbose_name=_("registration"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="attendances",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    signature = models.TextField(
        _("signature"), blank=True, help_text=_("SVG path data of the signature drawn on screen.")
    )
    signed_at = models.DateTimeField(
        _("signed at"), null=True, blank=True,
        help_text=_("When the person signed, scanned the QR code or used their link."),
    )  # fmt: skip
    connected_minutes = models.PositiveIntegerField(_("connected minutes"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["slot", "user"], name="attendance_one_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ slot {self.slot_id}: {self.status}"


class AttendanceChange(models.Model):
    """A correction made after the session was closed: who, when, why."""

    attendance = models.ForeignKey(Attendance, on_delete=models.PROTECT, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("at"), auto_now_add=True)
    before = models.CharField(_("before"), max_length=8)
    after = models.CharField(_("after"), max_length=8)
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("attendance correction")
        verbose_name_plural = _("attendance corrections")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.before} → {self.after}"


class SlotRecord(models.Model):
    """What closes a slot: the trainer's signature and, if any, the scanned paper sheet."""

    slot = models.OneToOneField(
        "scheduling.Slot", on_delete=models.PROTECT, related_name="record", primary_key=True
    )
    trainer_signature = models.TextField(_("trainer's signature"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    scanned_sheet = models.FileField(
        _("scanned sign-in sheet"), upload_to="sheets/%Y/%m/", blank=True
    )

    class Meta:
        verbose_name = _("slot record")
        verbose_name_plural = _("slot records")

    def __str__(self) -> str:
        return f"slot {self.slot_id}"
