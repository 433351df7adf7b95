"""Training offers ("notices"), their versions and editorial history.

An offer has a working copy (the fields below) and, once accepted, a published
version: the public catalog always shows ``published_version``, so a live offer
stays visible, unchanged, while an edit of it is under review.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from preau.accounts.scopes import Location
from preau.catalog import choices


class Theme(models.Model):
    """One of the national thematic groups (GTN) that structure the offer."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=160)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A national or academic plan sessions are delivered under (PNF, PAF…)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=160)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


# The fields a version snapshot holds, in display order. Themes and programmes
# are stored in snapshots as lists of codes.
CONTENT_FIELDS: tuple[str, ...] = (
    "title",
    "summary",
    "objectives",
    "prerequisites",
    "duration_hours",
    "teaching_methods",
    "evaluation_methods",
    "access_modalities",
    "access_delay",
    "accessibility",
    "disability_referent",
    "price_model",
    "price",
    "contact_name",
    "contact_email",
    "contact_phone",
    "certification_title",
    "certification_code",
    "certifier",
    "themes",
    "programmes",
    "audiences",
    "career_stage",
    "level",
    "modality",
    "rhythm",
    "format",
    "keywords",
)

# What Qualiopi indicator 1 requires before an offer may be submitted.
REQUIRED_FOR_REVIEW: tuple[str, ...] = (
    "title",
    "summary",
    "objectives",
    "prerequisites",
    "duration_hours",
    "teaching_methods",
    "evaluation_methods",
    "access_modalities",
    "access_delay",
    "accessibility",
    "disability_referent",
    "contact_email",
    "themes",
    "audiences",
)


class Offer(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Archived")

    # Owner: national when all three are empty; an Atelier owner knows its chain.
    territory = models.ForeignKey(
        "network.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    academie = models.ForeignKey(
        "network.Academie",
        verbose_name=_("académie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    atelier = models.ForeignKey(
        "network.Atelier",
        verbose_name=_("Atelier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.JSONField(_("objectives"), default=list, blank=True)
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    duration_hours = models.DecimalField(
        _("duration (hours)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    teaching_methods = models.TextField(_("teaching methods"), blank=True)
    evaluation_methods = models.TextField(_("evaluation methods"), blank=True)
    access_modalities = models.TextField(_("access modalities"), blank=True)
    access_delay = models.CharField(_("access delay"), max_length=200, blank=True)
    accessibility = models.TextField(_("accessibility for disabled people"), blank=True)
    disability_referent = models.CharField(_("disability referent"), max_length=200, blank=True)
    price_model = models.CharField(
        _("price model"),
        max_length=12,
        choices=choices.PriceModel.choices,
        default=choices.PriceModel.FREE,
    )
    price = models.DecimalField(
        _("price (euros)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    certification_title = models.CharField(_("certification title"), max_length=200, blank=True)
    certification_code = models.CharField(_("RNCP/RS code"), max_length=30, blank=True)
    certifier = models.CharField(_("certifier"), max_length=120, blank=True)

    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    programmes = models.ManyToManyField(Programme, verbose_name=_("programmes"), blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    career_stage = models.CharField(
        _("career stage"),
        max_length=12,
        choices=choices.CareerStage.choices,
        default=choices.CareerStage.ALL,
    )
    level = models.CharField(
        _("level"), max_length=16, choices=choices.Level.choices, default=choices.Level.DISCOVERY
    )
    modality = models.CharField(
        _("modality"),
        max_length=12,
        choices=choices.Modality.choices,
        default=choices.Modality.IN_PERSON,
    )
    rhythm = models.CharField(
        _("rhythm"),
        max_length=14,
        choices=choices.Rhythm.choices,
        default=choices.Rhythm.SYNCHRONOUS,
    )
    format = models.CharField(
        _("format"), max_length=16, choices=choices.Format.choices, default=choices.Format.WORKSHOP
    )
    keywords = models.JSONField(_("keywords"), default=list, blank=True)

    version = models.PositiveIntegerField(_("version"), default=0)
    published_version = models.ForeignKey(
        "OfferVersion",
        verbose_name=_("published version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minor_change_pending = models.BooleanField(_("minor change to check"), default=False)
    external_ref = models.CharField(
        _("external reference"), max_length=80, blank=True, db_index=True,
        help_text=_("Identifier in another system, e.g. gaia:21A0050123 for a GAIA module."),
    )  # fmt: skip
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    public_updated_at = models.DateTimeField(_("public information updated"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(atelier__isnull=True) | models.Q(territory__isnull=False),
                name="offer_atelier_owner_has_territory",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:offer", kwargs={"pk": self.pk})

    @property
    def location(self) -> Location:
        return Location(self.territory_id, self.academie_id, self.atelier_id)

    @property
    def owner_label(self) -> Any:
        return self.atelier or self.academie or self.territory or _("National offer")

    @property
    def is_live(self) -> bool:
        return self.published_version_id is not None and self.status != self.Status.ARCHIVED


class OfferVersion(models.Model):
    """A snapshot of an offer's content after one change: who, when, what."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("number"))
    content = models.JSONField(_("content"))
    changed_fields = models.JSONField(_("changed fields"), default=list)
    minor = models.BooleanField(_("minor change"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("offer version")
        verbose_name_plural = _("offer versions")
        ordering = ["offer", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "number"], name="offer_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.offer_id} v{self.number}"


class OfferEvent(models.Model):
    """One step of the editorial workflow, with the committee's comment."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Offer created")
        EDITED = "edited", _("Edited")
        MINOR_EDIT = "minor_edit", _("Minor change published")
        SUBMITTED = "submitted", _("Submitted for review")
        ACCEPTED = "accepted", _("Accepted and published")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Rejected")
        MINOR_CHECKED = "minor_checked", _("Minor change checked")
        ARCHIVED = "archived", _("Archived")
        RESTORED = "restored", _("Restored as draft")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    version = models.PositiveIntegerField(_("version"))
    comment = models.TextField(_("comment"), blank=True)
    # Accepted by one of the offer's own authors, allowed by PREAU_CATALOG_SELF_REVIEW:
    # kept so that the history (and the audit log) show that four eyes were skipped.
    self_reviewed = models.BooleanField(_("accepted by its own author"), default=False)

    class Meta:
        verbose_name = _("offer event")
        verbose_name_plural = _("offer events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.offer_id} {self.kind}"


class ReviewRule(models.Model):
    """Who reviews what: a reviewer takes the submissions of a theme, of a
    territory, or both (a rule with neither takes everything in their scope)."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_rules",
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.CASCADE
    )
    territory = models.ForeignKey(
        "network.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review rule")
        verbose_name_plural = _("review rules")
        ordering = ["reviewer__last_name", "reviewer__email", "theme__position", "territory__code"]

    def __str__(self) -> str:
        return f"{self.reviewer_id}: {self.theme_id or '*'} / {self.territory_id or '*'}"


class ReviewerPreference(models.Model):
    """A reviewer's choices about the committee's e-mails."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_preference"
    )
    weekly_digest = models.BooleanField(_("weekly digest of the review queue"), default=True)

    class Meta:
        verbose_name = _("reviewer preference")
        verbose_name_plural = _("reviewer preferences")

    def __str__(self) -> str:
        return str(self.user_id)


class ReviewDigest(models.Model):
    """The weekly digest of one reviewer for one week: it is sent at most once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week (Monday)"))
    waiting = models.PositiveIntegerField(_("offers waiting"), default=0)
    sent = models.BooleanField(_("sent"), default=False)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review digest")
        verbose_name_plural = _("review digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="review_digest_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.week}"


class CatalogEntry(models.Model):
    """The public catalog's row for a live offer, built from its published version.

    Rebuilt from offers by ``preau search rebuild``; kept in step by the services.
    """

    offer = models.OneToOneField(Offer, on_delete=models.CASCADE, primary_key=True)
    title = models.CharField(max_length=200)
    sort_title = models.CharField(max_length=200, db_index=True)  # folded: "École" near "Ecole"
    summary = models.TextField()
    duration_hours = models.DecimalField(max_digits=6, decimal_places=1, null=True)
    modality = models.CharField(max_length=12)
    format = models.CharField(max_length=16)
    theme_names = models.JSONField(default=list)
    owner_label = models.CharField(max_length=160)
    first_published_at = models.DateTimeField(db_index=True)
    public_updated_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("catalog entry")
        verbose_name_plural = _("catalog entries")
        ordering = ["-first_published_at", "-offer_id"]

    def __str__(self) -> str:
        return self.title


class EntryFacet(models.Model):
    """One facet value of a catalog entry (an entry has one row per theme, audience…)."""

    entry = models.ForeignKey(CatalogEntry, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=12)
    value = models.CharField(max_length=80)

    class Meta:
        indexes = [
            models.Index(fields=["facet", "value", "entry"], name="entryfacet_value"),
            models.Index(fields=["entry", "facet", "value"], name="entryfacet_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class CatalogGeneration(models.Model):
    """A value renewed by every write to the public catalog, in the same
    transaction: processes compare it to know their in-memory facet index is
    current."""

    value = models.BigIntegerField(default=0)  # renewed: every process rebuilds its index
    seq = models.BigIntegerField(default=0)  # counts CatalogChange rows: processes patch

    def __str__(self) -> str:
        return f"{self.value}.{self.seq}"


class CatalogChange(models.Model):
    """An offer whose public listing (entry, facets, text, sessions) changed.

    Written with ``CatalogGeneration.seq`` incremented in the same transaction
    (its row lock orders writers), so a process that saw change ``n`` patches
    its in-memory index with the offers of ``n+1..seq`` instead of rebuilding it.
    """

    seq = models.BigIntegerField(db_index=True)
    offer_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.seq}: {self.offer_id}"


class Synonym(models.Model):
    """Two ways of saying the same thing in a search (TSA and autisme): a search
    for one also finds offers that use the other. Maintained by catalog editors."""

    term = models.CharField(_("word or acronym"), max_length=80)
    equivalent = models.CharField(_("equivalent"), max_length=120)
    folded = models.CharField(max_length=220, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["folded"]

    def __str__(self) -> str:
        return f"{self.term} ↔ {self.equivalent}"
