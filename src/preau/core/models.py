from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One write made through a service: who did what to which record, and when.

    ``data`` holds ids and changed field names, never personal data.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80)
    target_id = models.CharField(_("target id"), max_length=64)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


class MessageTemplate(models.Model):
    """An operator's wording of one e-mail in one language, replacing the default
    file template. Only ``{{ placeholder }}`` variables are allowed (core/messages.py)."""

    key = models.CharField(_("message"), max_length=80)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="message_template_once")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"


class SentMessage(models.Model):
    """One e-mail sent to a person: what they can see under "Messages received".
    Never the body (it may hold a link token), never the address."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Not delivered")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="messages_received",
    )
    key = models.CharField(_("message"), max_length=80, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # An idempotency key (e.g. "reminder:registration:12"): the same message never twice.
    once = models.CharField(_("sent once as"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("message sent")
        verbose_name_plural = _("messages sent")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["once"], condition=~models.Q(once=""), name="sent_message_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.key}"
