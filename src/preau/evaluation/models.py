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
        "registrations.Registration", verbose_name=_("registration"), on_delete=models.PROTECT,
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

    invitation = models.OneToOneField(Invitation, on_delete=models.PROTECT, related_name="answer")
    kind = models.CharField(_("kind"), max_length=4, choices=Invitation.Kind.choices)
    session = models.ForeignKey(
        "scheduling.TrainingSession", verbose_name=_("session"), on_delete=models.PROTECT,
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


class NeedsAnswer(models.Model):
    """An answer to the open needs survey (anonymous unless the person is logged in)."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person at an Atelier")
        SCHOOL = "school", _("In my school")
        WEBINAR = "webinar", _("Webinars")
        SELF = "self", _("Self-training online")

    territory = models.ForeignKey(
        "network.Territory", verbose_name=_("territory"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    themes = models.JSONField(_("themes wanted"), default=list)
    slots = models.JSONField(_("preferred time slots"), default=list)
    channels = models.JSONField(_("preferred channels"), default=list)
    wishes = models.TextField(_("wishes"), blank=True)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("needs survey answer")
        verbose_name_plural = _("needs survey answers")

    def __str__(self) -> str:
        return f"needs {self.pk}"


class Complaint(models.Model):
    """The complaints register (Qualiopi indicator 31)."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        LETTER = "letter", _("Letter")
        IN_PERSON = "in_person", _("In person")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("complaint"))
    email = models.EmailField(_("reply to"))
    # Set once the person proved the address is theirs (confirmation link, or
    # logged in with it): nothing but the confirmation request is sent before.
    email_confirmed_at = models.DateTimeField(_("address confirmed"), null=True, blank=True)
    session = models.ForeignKey(
        "scheduling.TrainingSession", verbose_name=_("session"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="complaints",
    )  # fmt: skip
    session_text = models.CharField(_("session concerned (as typed)"), max_length=200, blank=True)
    territory = models.ForeignKey(
        "network.Territory", verbose_name=_("territory"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    replied_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrective_action = models.TextField(_("corrective action"), blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return self.subject

    @property
    def days_to_reply(self) -> int | None:
        return (self.replied_at - self.received_at).days if self.replied_at else None


class ImprovementAction(models.Model):
    """An improvement drawn from feedback or a complaint (Qualiopi indicator 32)."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "accounts.User", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PLANNED
    )
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("from the complaint"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="actions",
    )  # fmt: skip
    offer = models.ForeignKey(
        "catalog.Offer", verbose_name=_("from the feedback on"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    territory = models.ForeignKey(
        "network.Territory", verbose_name=_("territory"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        ordering = ["state", "-created_at"]

    def __str__(self) -> str:
        return self.title
