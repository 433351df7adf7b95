"""Self-training resources (free-access courses, focus modules, videos) and the
consultations recorded of them: the report's "consultations de ressources
d'autoformation". Only recorded events are counted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Resource(models.Model):
    class Kind(models.TextChoices):
        COURSE = "course", _("Self-training course")
        FOCUS = "focus", _("Focus module (1 h 30)")
        VIDEO = "video", _("Video")
        REPLAY = "replay", _("Webinar replay")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    # The xAPI activity id that learning platforms send for this resource.
    iri = models.URLField(_("activity IRI"), max_length=300, unique=True)
    theme = models.ForeignKey(
        "catalog.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("self-training resource")
        verbose_name_plural = _("self-training resources")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Consultation(models.Model):
    """One learner opening one resource at one moment."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="consultations")
    occurred_at = models.DateTimeField(_("when"))
    day = models.DateField(_("day"))  # French day: the resources are national
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the learner works, when known: lets territories and académies see their share.
    territory = models.ForeignKey(
        "network.Territory", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    academie = models.ForeignKey(
        "network.Academie", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    statement_id = models.UUIDField(_("xAPI statement id"), null=True, blank=True, unique=True)
    # A pseudonym of the learner (hash of their xAPI identifier): counts distinct
    # learners without keeping who they are.
    learner = models.CharField(_("learner (pseudonym)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = [
            models.Index(fields=["day", "resource"], name="consultation_day_resource"),
            models.Index(fields=["academie", "day"], name="consultation_academie_day"),
            models.Index(fields=["territory", "day"], name="consultation_territory_day"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} {self.day}"
