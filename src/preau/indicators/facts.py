"""Per-session facts for a period, read from raw records in a few grouped queries.

Breakdowns and the roll-up are sums of these facts; the only figure that is
not a sum (distinct persons) is read separately as (session, person) pairs.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from preau.attendance.models import Attendance
from preau.catalog.models import Offer
from preau.evaluation.models import Answer, Invitation
from preau.evaluation.selectors import SATISFIED
from preau.indicators.engine import (
    IN_PERSON,
    attended_per_slot,
    held,
    slot_lengths,
    slots_in,
    started_in,
)  # fmt: skip
from preau.indicators.periods import Period
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession

# Dimensions a session is described by: name -> (code lookup, label lookup).
# Labels of choice fields (modality, format, audience) are translated on display.
PLACE_DIMS = {
    "territory": ("territory__code", "territory__name"),
    "academie": ("academie__code", "academie__name"),
    "atelier": ("atelier__code", "atelier__name"),
    "programme": ("programme__code", "programme__name"),
}
CHOICE_DIMS = {"modality": "offer__modality", "format": "offer__format"}
SESSION_FIELDS = (
    "id", "venue", "territory_id", "academie_id", "atelier_id", "start_day", "offer_id",
    "offer__title", "offer__audiences", *CHOICE_DIMS.values(),
    *(lookup for pair in PLACE_DIMS.values() for lookup in pair),
)  # fmt: skip


@dataclass
class SessionFact:
    session_id: int
    # dimension -> list of (code, label); several values for themes and audiences
    dims: dict[str, list[tuple[str, str]]]
    in_person: bool
    scopes: tuple[str, ...]  # roll-up scopes it counts in: national, territory, académie, Atelier
    started: bool = False  # its first day is in the period: it counts as held there
    minutes_delivered: int = 0  # slots in the period
    participations: int = 0
    participant_minutes: int = 0
    registrations: int = 0
    no_shows: int = 0
    satisfaction: tuple[int, int] = (0, 0)  # (satisfied, answers)
    transfer: tuple[int, int] = (0, 0)
    months: dict[str, int] = field(default_factory=dict)  # YYYY-MM -> participant-minutes


def scopes_of(
    territory_id: int | None, academie_id: int | None, atelier_id: int | None
) -> tuple[str, ...]:
    """Roll-up scope keys of a place: "all", then t<id>, a<id>, w<id> where known."""
    keys = ["all"]
    for prefix, pk in (("t", territory_id), ("a", academie_id), ("w", atelier_id)):
        if pk:
            keys.append(f"{prefix}{pk}")
    return tuple(keys)


def _dims(row: dict[str, Any], themes: list[tuple[str, str]]) -> dict[str, list[tuple[str, str]]]:
    dims = {
        name: [(row[code] or "", row[label] or "")] for name, (code, label) in PLACE_DIMS.items()
    }
    for name, lookup in CHOICE_DIMS.items():
        dims[name] = [(row[lookup], row[lookup])]
    dims["theme"] = themes
    dims["audience"] = [(a, a) for a in row["offer__audiences"] or []]
    start = row["start_day"]
    dims["session"] = [(str(row["id"]), f"{start:%d/%m/%Y} — {row['offer__title']}")]
    return dims


def session_facts(sessions: QuerySet[TrainingSession], period: Period) -> dict[int, SessionFact]:
    """Facts of every held session of ``sessions`` with a first day or a slot in ``period``."""
    base = held(sessions)
    slots = slots_in(base, period)
    started = started_in(base, period)
    rows = list(
        base.filter(Q(pk__in=started.values("pk")) | Q(pk__in=slots.values("session_id")))
        .values(*SESSION_FIELDS)
        .order_by()
    )
    themes: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for offer_id, code, name in (
        Offer.themes.through.objects.filter(offer_id__in={r["offer_id"] for r in rows})
        .values_list("offer_id", "theme__code", "theme__name")
        .order_by("theme__code")
    ):
        themes[offer_id].append((code, name))
    facts = {
        r["id"]: SessionFact(
            r["id"],
            _dims(r, themes[r["offer_id"]]),
            in_person=r["venue"] in IN_PERSON,
            scopes=scopes_of(r["territory_id"], r["academie_id"], r["atelier_id"]),
        )
        for r in rows
    }
    for sid in started.values_list("pk", flat=True):
        facts[sid].started = True
    lengths = slot_lengths(slots)
    for session_id, length, _in_person, _day in lengths.values():
        facts[session_id].minutes_delivered += length
    attended = Attendance.objects.filter(slot__in=slots, status__in=Attendance.ATTENDED)
    for slot_id, n in attended_per_slot(attended).items():
        session_id, length, _in_person, day = lengths[slot_id]
        fact = facts[session_id]
        fact.participant_minutes += n * length
        fact.months[f"{day:%Y-%m}"] = fact.months.get(f"{day:%Y-%m}", 0) + n * length
    for sid, n in (
        attended.values_list("slot__session_id")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    ):
        facts[sid].participations = n
    for sid, n, absent in (
        Registration.objects.filter(session__in=started, status=Registration.Status.CONFIRMED)
        .values_list("session_id")
        .annotate(n=Count("pk"), absent=Count("pk", filter=Q(attended_minutes=0)))
        .order_by()
    ):
        facts[sid].registrations, facts[sid].no_shows = n, absent
    for sid, s_yes, s_n, t_yes, t_n in (
        Answer.objects.filter(session__in=started, kind=Invitation.Kind.HOT)
        .values_list("session_id")
        .annotate(
            s_yes=Count("pk", filter=Q(satisfaction__in=SATISFIED)),
            s_n=Count("pk", filter=Q(satisfaction__isnull=False)),
            t_yes=Count("pk", filter=Q(transfer__in=SATISFIED)),
            t_n=Count("pk", filter=Q(transfer__isnull=False)),
        )
        .order_by()
    ):
        facts[sid].satisfaction, facts[sid].transfer = (s_yes, s_n), (t_yes, t_n)
    return facts


def participation_pairs(sessions: QuerySet[TrainingSession], period: Period) -> Any:
    """Distinct (session id, person id) pairs attended in ``period``."""
    return (
        Attendance.objects.filter(
            slot__in=slots_in(held(sessions), period), status__in=Attendance.ATTENDED
        )
        .values_list("slot__session_id", "user_id")
        .distinct()
        .order_by()
    )
