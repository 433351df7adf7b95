"""The operator's territorial network: territory ⊃ académie ⊃ département ⊃ Atelier."""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Territory(models.Model):
    class Kind(models.TextChoices):
        DT = "DT", _("Territorial direction")
        DA = "DA", _("Academic direction")

    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Academie(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="academies"
    )

    class Meta:
        verbose_name = _("académie")
        verbose_name_plural = _("académies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=120)
    academie = models.ForeignKey(
        Academie, verbose_name=_("académie"), on_delete=models.PROTECT, related_name="departements"
    )

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Atelier(models.Model):
    """A local training centre. ``academie`` and ``territory`` repeat the
    département's chain so that scope filters stay one join away."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=160)
    departement = models.ForeignKey(
        Departement,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        related_name="ateliers",
    )
    academie = models.ForeignKey(
        Academie, verbose_name=_("académie"), on_delete=models.PROTECT, related_name="ateliers"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="ateliers"
    )
    town = models.CharField(_("town"), max_length=120)
    address = models.CharField(_("street address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Access for people with disabilities, parking, public transport."),
    )
    timezone = models.CharField(_("time zone"), max_length=40, default="Europe/Paris")

    class Meta:
        verbose_name = _("Atelier")
        verbose_name_plural = _("Ateliers")
        ordering = ["departement__code", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:atelier", kwargs={"code": self.code})


UAI_VALIDATOR = RegexValidator(
    r"^\d{7}[A-Z]$", _("A UAI code is 7 digits and a capital letter, e.g. 0211234A.")
)


class School(models.Model):
    """A school, identified by its UAI code (Unité administrative immatriculée)."""

    uai = models.CharField(_("UAI code"), max_length=8, unique=True, validators=[UAI_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    town = models.CharField(_("town"), max_length=120, blank=True)
    academie = models.ForeignKey(
        Academie,
        verbose_name=_("académie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    head = models.ForeignKey(
        "accounts.User",
        verbose_name=_("head of school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_schools",
        help_text=_("Approves the registrations of the school's staff when a session asks for it."),
    )

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.uai})"


class SchoolHoliday(models.Model):
    """A school holiday period of an académie, from the ministry's open data
    (data.education.gouv.fr, "fr-en-calendrier-scolaire"). ``ends_on`` is the
    day classes resume (excluded)."""

    academie = models.ForeignKey(
        Academie, verbose_name=_("académie"), on_delete=models.CASCADE, related_name="holidays"
    )
    description = models.CharField(_("description"), max_length=120)
    school_year = models.CharField(_("school year"), max_length=9)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("classes resume"))

    class Meta:
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        ordering = ["academie", "starts_on"]

    def __str__(self) -> str:
        return f"{self.description} ({self.academie})"
