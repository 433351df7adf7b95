"""Key figures broken down by territory, académie, Atelier, theme, programme,
modality, format or month, in a few grouped queries."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import CharField, Count, QuerySet, Sum, Value
from django.db.models.functions import Cast, Concat, TruncMonth

from preau.attendance.models import Attendance
from preau.catalog import choices
from preau.indicators.engine import IN_PERSON, SLOT_LENGTH, held, hours
from preau.indicators.periods import Period
from preau.scheduling.models import Slot, TrainingSession

# breakdown key -> lookup from a session
GROUPS: dict[str, str] = {
    "territory": "territory__name",
    "academie": "academie__name",
    "atelier": "atelier__name",
    "theme": "offer__themes__name",
    "programme": "programme__name",
    "modality": "offer__modality",
    "format": "offer__format",
}
LABELS: dict[str, dict[str, Any]] = {
    "modality": dict(choices.Modality.choices),
    "format": dict(choices.Format.choices),
}


@dataclass(frozen=True)
class GroupRow:
    label: str
    sessions: int
    participations: int
    participant_hours: float
    participant_hours_in_person: float

    @property
    def trainee_days(self) -> float:
        return round(self.participant_hours / settings.PREAU_HOURS_PER_TRAINEE_DAY, 1)

    @property
    def share_in_person(self) -> float | None:
        if not self.participant_hours:
            return None
        return round(100 * self.participant_hours_in_person / self.participant_hours, 1)


def _pair() -> Concat:
    return Concat(
        Cast("slot__session_id", CharField()), Value("-"), Cast("user_id", CharField()),
        output_field=CharField(),
    )  # fmt: skip


def breakdown(sessions: QuerySet[TrainingSession], period: Period, by: str) -> list[GroupRow]:
    """One row per value of ``by``, largest participant-hours first."""
    start, end = period.bounds
    base = held(sessions)
    lookup = GROUPS[by]
    started = base.filter(starts_at__gte=start, starts_at__lt=end)
    counts = dict(started.values_list(lookup).annotate(n=Count("pk", distinct=True)).order_by())
    slots = Slot.objects.filter(session__in=base, starts_at__gte=start, starts_at__lt=end)
    attended = Attendance.objects.filter(slot__in=slots, status__in=Attendance.ATTENDED)
    people = {
        key: (n, ph)
        for key, n, ph in attended.values_list(f"slot__session__{lookup}")
        .annotate(n=Count(_pair(), distinct=True), ph=Sum(SLOT_LENGTH))
        .values_list(f"slot__session__{lookup}", "n", "ph")
        .order_by()
    }
    in_person = dict(
        attended.filter(slot__session__venue__in=IN_PERSON)
        .values_list(f"slot__session__{lookup}")
        .annotate(ph=Sum(SLOT_LENGTH))
        .order_by()
    )
    labels = LABELS.get(by, {})
    rows = [
        GroupRow(
            label=str(labels.get(key, key)) if key is not None else "—",
            sessions=counts.get(key, 0),
            participations=people.get(key, (0, None))[0],
            participant_hours=hours(people.get(key, (0, None))[1]),
            participant_hours_in_person=hours(in_person.get(key)),
        )
        for key in set(counts) | set(people)
    ]
    return sorted(rows, key=lambda r: (-r.participant_hours, r.label))


def monthly(sessions: QuerySet[TrainingSession], period: Period) -> list[tuple[str, float]]:
    """Participant-hours per month of the period (a chart of the school year's rhythm)."""
    start, end = period.bounds
    attended = Attendance.objects.filter(
        slot__session__in=held(sessions), slot__starts_at__gte=start, slot__starts_at__lt=end,
        status__in=Attendance.ATTENDED,
    )  # fmt: skip
    rows = (
        attended.annotate(month=TruncMonth("slot__starts_at"))
        .values_list("month")
        .annotate(ph=Sum(SLOT_LENGTH))
        .order_by("month")
    )
    return [(month.strftime("%Y-%m"), hours(ph)) for month, ph in rows]
