"""An xAPI 1.0.3 learning record store: statements as sent (plus what the LRS
adds: stored, authority, version), indexed by what queries filter on, and the
state / activity profile / agent profile documents."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    data = models.JSONField(_("statement"))
    actor = models.CharField(_("actor"), max_length=500, db_index=True)  # canonical IFI
    verb = models.CharField(_("verb"), max_length=500, db_index=True)
    activity = models.CharField(_("activity"), max_length=1000, blank=True, db_index=True)
    registration = models.UUIDField(_("registration"), null=True, blank=True, db_index=True)
    timestamp = models.DateTimeField(_("timestamp"))
    stored = models.DateTimeField(_("stored"), db_index=True)
    voided = models.BooleanField(_("voided"), default=False)
    voids = models.UUIDField(_("voids"), null=True, blank=True)  # for a voiding statement
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        indexes = [models.Index(fields=["stored", "id"], name="lrs_statement_stored_id")]

    def __str__(self) -> str:
        return str(self.id)


class Document(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("state")
        ACTIVITY_PROFILE = "activity", _("activity profile")
        AGENT_PROFILE = "agent", _("agent profile")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    activity = models.CharField(max_length=1000, blank=True)
    agent = models.CharField(max_length=500, blank=True)
    registration = models.CharField(max_length=36, blank=True)
    key = models.CharField(max_length=500)  # stateId or profileId
    content = models.BinaryField()
    content_type = models.CharField(max_length=120)
    etag = models.CharField(max_length=40)
    updated = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "activity", "agent", "registration", "key"],
                name="lrs_document_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
