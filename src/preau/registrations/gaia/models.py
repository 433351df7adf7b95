"""A GAIA plan on its way in: previewed, then imported in the background.

The three files are kept only until the import ran (they name trainees), and a
preview nobody confirmed is forgotten after a day.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEPT_FOR = timedelta(days=1)  # an unconfirmed preview


class GaiaImport(models.Model):
    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    atelier = models.ForeignKey(
        "network.Atelier", verbose_name=_("Atelier"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PREVIEWED
    )
    formations = models.BinaryField(editable=False, default=b"")
    intervenants = models.BinaryField(editable=False, default=b"")
    stagiaires = models.BinaryField(editable=False, default=b"")
    preview = models.JSONField(_("preview"), default=dict)
    report = models.JSONField(_("report"), null=True, blank=True)
    trainers = models.JSONField(_("trainers confirmed"), default=list)
    failure = models.CharField(_("failure"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("GAIA import")
        verbose_name_plural = _("GAIA imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"GAIA import {self.pk} ({self.state})"

    @property
    def expired(self) -> bool:
        return self.state == self.State.PREVIEWED and self.created_at < timezone.now() - KEPT_FOR

    @property
    def running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
