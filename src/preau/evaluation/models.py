"""Hot and cold surveys of participants, and their answers.

An invitation is sent to each person who attended (hot, at closing; cold,
PREAU_COLD_SURVEY_DAYS later); it is answered once, through a signed link that
works without logging in. Rates are computed from answers, always with N.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """The operator's four-level scale (top two levels count as satisfied)."""

    FULLY = 4, _("Fully")
    RATHER = 3, _("Rather")
    RATHER_NOT = 2, _("Rather not")
    NOT_AT_ALL = 1, _("Not at all")


class Invitation(models.Model):
    class Kind(models.TextChoices):
        HOT = "hot", _("End-of-training survey")
        COLD = "cold", _("Follow-up survey")

    registration = models.ForeignKey(
        "registrations.Registration", verbose_name=_("registration"), on_delete=models.CASCADE,
        related_name="invitations",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"))
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="one_invitation_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.registration_id}"


class Answer(models.Model):
    """One person's answer. Kept apart from the person once written: results
    and exports read answers, never who gave them."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="answer")
    kind = models.CharField(_("kind"), max_length=4, choices=Invitation.Kind.choices)
    session = models.ForeignKey(
        "scheduling.TrainingSession", verbose_name=_("session"), on_delete=models.CASCADE,
        related_name="answers",
    )  # fmt: skip
    satisfaction = models.PositiveSmallIntegerField(
        _("overall satisfaction"), choices=Level.choices, null=True, blank=True
    )
    transfer = models.PositiveSmallIntegerField(
        _("will transfer it to class"), choices=Level.choices, null=True, blank=True
    )
    objectives_met = models.PositiveSmallIntegerField(
        _("objectives met"), choices=Level.choices, null=True, blank=True
    )
    impact = models.BooleanField(_("concrete impact on practice"), null=True, blank=True)
    changes = models.TextField(_("what changed"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    extra = models.JSONField(_("answers to the offer's questions"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self) -> str:
        return f"{self.kind} answer {self.pk}"


class OfferQuestion(models.Model):
    """A question an offer adds to its end-of-training survey."""

    offer = models.ForeignKey(
        "catalog.Offer", on_delete=models.CASCADE, related_name="survey_questions"
    )
    text = models.CharField(_("question"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["offer", "position", "pk"]

    def __str__(self) -> str:
        return self.text
