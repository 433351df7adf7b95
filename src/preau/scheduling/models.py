"""Sessions: dated occurrences of an offer, in an Atelier room, a school or online.

A session has one or more slots (half-days): attendance is taken per slot.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preau.accounts.scopes import Location
from preau.network.models import School
from preau.scheduling.hours import hours_from_minutes, minutes_of


class Room(models.Model):
    atelier = models.ForeignKey(
        "network.Atelier", verbose_name=_("Atelier"), on_delete=models.CASCADE, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=120)
    capacity = models.PositiveIntegerField(_("capacity"), default=20)
    accessible = models.BooleanField(_("accessible to wheelchair users"), default=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["atelier", "name"]
        constraints = [models.UniqueConstraint(fields=["atelier", "name"], name="room_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.atelier.name})"


class TrainingSession(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for registration")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    class Venue(models.TextChoices):
        ATELIER = "atelier", _("In an Atelier")
        SCHOOL = "school", _("In a school")
        ONLINE = "online", _("Online")

    offer = models.ForeignKey(
        "catalog.Offer", verbose_name=_("offer"), on_delete=models.PROTECT, related_name="sessions"
    )
    # Organiser: the Atelier that runs it (territory and académie repeated for scope filters).
    territory = models.ForeignKey(
        "network.Territory", verbose_name=_("territory"), on_delete=models.PROTECT
    )
    academie = models.ForeignKey(
        "network.Academie",
        verbose_name=_("académie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    atelier = models.ForeignKey(
        "network.Atelier",
        verbose_name=_("Atelier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    venue = models.CharField(_("venue"), max_length=8, choices=Venue.choices)
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT
    )
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.PROTECT
    )
    online_url = models.URLField(_("online link"), blank=True)
    venue_details = models.CharField(_("venue details"), max_length=255, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    programme = models.ForeignKey(
        "catalog.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    partner = models.ForeignKey(
        "network.Academie",
        verbose_name=_("partner académie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_sessions",
        help_text=_("The académie (EAFC) whose convention the session is delivered under."),
    )
    convention = models.CharField(_("convention"), max_length=120, blank=True)
    requires_approval = models.BooleanField(
        _("registrations approved by the head of school"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts"), null=True, db_index=True)  # first slot
    # The first slot's date where the session takes place (an overseas Atelier's
    # own calendar): indicators count a session in the period of this day.
    start_day = models.DateField(_("first day"), null=True, db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True)  # last slot
    external_ref = models.CharField(
        _("external reference"), max_length=80, blank=True, db_index=True
    )
    # The iCalendar SEQUENCE of the session's events: incremented by the services
    # each time its dates, hours, place or trainers change, or it is cancelled.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at, self.zone) if self.starts_at else None
        return f"{self.offer.title} — {start:%d/%m/%Y}" if start else self.offer.title

    def get_absolute_url(self) -> str:
        return reverse("scheduling:session", kwargs={"pk": self.pk})

    @property
    def location(self) -> Location:
        return Location(self.territory_id, self.academie_id, self.atelier_id)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(
            self.atelier.timezone if self.atelier_id and self.atelier else "Europe/Paris"
        )

    @property
    def place_label(self) -> str:
        if self.venue == self.Venue.ONLINE:
            return str(_("Online"))
        if self.venue == self.Venue.SCHOOL and self.school:
            return str(self.school)
        if self.room:
            return f"{self.room.name}, {self.atelier}"
        return str(self.atelier or self.venue_details)


class Slot(models.Model):
    """A half-day of a session; attendance is signed per slot."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    day = models.DateField(_("day"), db_index=True)  # local date, in the session's time zone

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def minutes(self) -> int:
        return minutes_of(self.duration)

    @property
    def hours(self) -> float:
        return hours_from_minutes(self.minutes)


def local_slot(day: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Aware datetimes of a slot given its local date and times."""
    return datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone)


class SeatQuota(models.Model):
    """Seats of a session reserved for the people of one académie or one school
    (partner plans). Others take only the seats left unreserved."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="quotas")
    academie = models.ForeignKey(
        "network.Academie", verbose_name=_("académie"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )  # fmt: skip
    school = models.ForeignKey(
        School, verbose_name=_("school"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    seats = models.PositiveIntegerField(_("reserved seats"))

    class Meta:
        verbose_name = _("seat quota")
        verbose_name_plural = _("seat quotas")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(academie__isnull=True, school__isnull=False)
                | models.Q(academie__isnull=False, school__isnull=True),
                name="quota_one_beneficiary",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seats} × {self.school or self.academie}"

    def admits(self, user: object) -> bool:
        """Only a *verified* affiliation counts (accounts/affiliation.py), never
        what a person typed in their profile."""
        if self.school_id:
            return getattr(user, "school_id", None) == self.school_id and bool(
                getattr(user, "school_verified_at", None)
            )
        return getattr(user, "academie_id", None) == self.academie_id and bool(
            getattr(user, "academie_verified_at", None)
        )
