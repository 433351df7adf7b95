"""Attestations issued from attendance: attestation de présence and certificat
de réalisation. Each has a unique number and a verification code; its content
is frozen when issued (what was true at closing stays true in the PDF)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Attestation(models.Model):
    class Kind(models.TextChoices):
        PRESENCE = "presence", _("Attestation de présence")
        REALISATION = "realisation", _("Certificat de réalisation")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=24, unique=True)
    code = models.CharField(_("verification code"), max_length=24, unique=True)
    registration = models.ForeignKey(
        "registrations.Registration", verbose_name=_("registration"), on_delete=models.PROTECT,
        related_name="attestations",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT,
        related_name="attestations",
    )  # fmt: skip
    content = models.JSONField(_("content"))
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"], name="attestation_one_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("credentials:pdf", kwargs={"number": self.number})

    @property
    def verification_path(self) -> str:
        return reverse("credentials:verify", kwargs={"code": self.code})


class AttestationLayout(models.Model):
    """What a non-developer adjusts in the administration: logo, signature,
    signatory and wording. One row; the defaults apply until it exists."""

    logo = models.ImageField(_("logo"), upload_to="layout/", blank=True)
    signature = models.ImageField(_("signature image"), upload_to="layout/", blank=True)
    signatory = models.CharField(_("signatory"), max_length=160, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=160, blank=True)
    provider = models.CharField(
        _("training provider"), max_length=200, blank=True,
        help_text=_("Name, address and SIRET/NDA of the provider, as on the certificate."),
    )  # fmt: skip
    presence_text = models.TextField(
        _("wording of the attestation de présence"), blank=True,
        help_text=_("Placeholders: {name}, {course}, {dates}, {hours}."),
    )  # fmt: skip
    realisation_text = models.TextField(
        _("wording of the certificat de réalisation"), blank=True,
        help_text=_("Placeholders: {name}, {course}, {dates}, {hours}, {action}."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("attestation layout")
        verbose_name_plural = _("attestation layout")

    def __str__(self) -> str:
        return str(_("Attestation layout"))


class ExportJob(models.Model):
    """A national export of attestations for a period, built in the background."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(_("attestations"), default=0)
    done = models.PositiveIntegerField(_("rendered"), default=0)
    archive = models.FileField(_("archive"), upload_to="exports/", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attestation export")
        verbose_name_plural = _("attestation exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.starts_on} – {self.ends_on}"

    @property
    def percent(self) -> int:
        return (
            round(100 * self.done / self.total)
            if self.total
            else (100 if self.state == "done" else 0)
        )
