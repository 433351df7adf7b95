"""An in-memory bitmap index of the public catalog's facets, one per process.

Each live entry gets a bit position (newest first); each facet value a bitmap
(a Python int) of the entries carrying it. Filtering and counting every facet
value are then a few AND and bit-count operations instead of group-by queries
over hundreds of thousands of rows. The index is rebuilt whenever the catalog
generation stored in the database has moved, so it is never stale for longer
than one request.
"""

import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from preau.catalog.choices import TimeSlot
from preau.catalog.models import CatalogEntry, CatalogGeneration, EntryFacet

SATURDAY = 5


@dataclass
class FacetIndex:
    generation: int  # the CatalogGeneration value it was built at
    ids: list[int]  # bit position -> entry id, newest first
    position: dict[int, int]  # entry id -> bit position
    by_title: list[int]  # bit positions in title order
    bitmaps: dict[str, dict[str, int]]  # facet -> value -> entries carrying it
    session_days: dict[int, list[date]] = field(default_factory=dict)  # position -> slot days
    built_on: date | None = None

    def mask_between(self, start: date | None, end: date | None) -> int:
        """Entries with an upcoming open session slot between two days (inclusive)."""
        flags = bytearray((len(self.ids) + 7) // 8)
        for pos, days in self.session_days.items():
            if any((start is None or d >= start) and (end is None or d <= end) for d in days):
                flags[pos >> 3] |= 1 << (pos & 7)
        return int.from_bytes(flags, "little")

    @property
    def everything(self) -> int:
        return (1 << len(self.ids)) - 1

    def mask_of(self, entry_ids: Iterable[int]) -> int:
        """The bitmap of the given entry ids (unknown ids are ignored)."""
        flags = bytearray((len(self.ids) + 7) // 8)
        position = self.position
        for entry_id in entry_ids:
            pos = position.get(entry_id)
            if pos is not None:
                flags[pos >> 3] |= 1 << (pos & 7)
        return int.from_bytes(flags, "little")

    def positions(self, mask: int) -> list[int]:
        """Set bit positions of ``mask``, in increasing order (newest first)."""
        digits = bin(mask)[:1:-1]  # least significant first
        out, pos = [], digits.find("1")
        while pos != -1:
            out.append(pos)
            pos = digits.find("1", pos + 1)
        return out


_lock = threading.Lock()
_current: FacetIndex | None = None


def current_generation() -> int:
    row = CatalogGeneration.objects.filter(pk=1).values_list("value", flat=True).first()
    return row or 0


def bump_generation() -> None:
    """Called inside every transaction that changes the public catalog.

    A random value rather than a counter: a counter would repeat after the
    table is emptied (tests flush it) and a process could trust a stale index.
    """
    value = secrets.randbits(62)
    if not CatalogGeneration.objects.filter(pk=1).update(value=value):
        CatalogGeneration.objects.create(pk=1, value=value)


def _build(generation: int) -> FacetIndex:
    rows = CatalogEntry.objects.order_by("-first_published_at", "-offer_id").values_list(
        "offer_id", "sort_title"
    )
    ids, titles = [], []
    for entry_id, sort_title in rows:
        ids.append(entry_id)
        titles.append(sort_title)
    position = {entry_id: pos for pos, entry_id in enumerate(ids)}
    by_title = sorted(range(len(ids)), key=lambda p: (titles[p], ids[p]))
    members: dict[str, dict[str, bytearray]] = {}
    size = (len(ids) + 7) // 8
    for entry_id, facet, value in EntryFacet.objects.values_list("entry_id", "facet", "value"):
        pos = position.get(entry_id)
        if pos is None:
            continue
        flags = members.setdefault(facet, {}).get(value)
        if flags is None:
            flags = members[facet][value] = bytearray(size)
        flags[pos >> 3] |= 1 << (pos & 7)
    session_days = _add_session_slots(members, position, size)
    bitmaps = {
        facet: {value: int.from_bytes(flags, "little") for value, flags in values.items()}
        for facet, values in members.items()
    }
    return FacetIndex(
        generation, ids, position, by_title, bitmaps, session_days, timezone.localdate()
    )


def time_slot(local: datetime) -> str | None:
    """The slot family teachers choose by (the 2023 needs study: weekday mornings first)."""
    weekday, hour = local.weekday(), local.hour
    if weekday == SATURDAY:
        return TimeSlot.SATURDAY_MORNING if hour < 13 else None
    if weekday > SATURDAY:
        return None
    if hour < 12:
        return TimeSlot.WEEKDAY_MORNING
    return TimeSlot.WEEKDAY_AFTERNOON if hour < 17 else TimeSlot.WEEKDAY_EVENING


def _add_session_slots(
    members: dict[str, dict[str, bytearray]], position: dict[int, int], size: int
) -> dict[int, list[date]]:
    """Upcoming open sessions: the "slot" facet and each entry's session days."""
    from preau.network.models import SchoolHoliday
    from preau.scheduling.models import Slot, TrainingSession

    rows = Slot.objects.filter(
        session__status=TrainingSession.Status.OPEN, starts_at__gte=timezone.now()
    ).values_list(
        "session__offer_id", "starts_at", "session__atelier__timezone",
        "session__atelier__academie_id",
    )  # fmt: skip
    holidays: dict[int, list[tuple[date, date]]] = {}
    for academie_id, start, end in SchoolHoliday.objects.filter(
        ends_on__gte=timezone.localdate()
    ).values_list("academie_id", "starts_on", "ends_on"):
        holidays.setdefault(academie_id, []).append((start, end))
    days: dict[int, list[date]] = {}
    for offer_id, starts_at, zone, academie_id in rows:
        pos = position.get(offer_id)
        if pos is None:
            continue
        local = starts_at.astimezone(ZoneInfo(zone or "Europe/Paris"))
        days.setdefault(pos, []).append(local.date())
        families = [time_slot(local)]
        if any(s <= local.date() < e for s, e in holidays.get(academie_id, [])):
            families.append(TimeSlot.HOLIDAYS)
        for family in families:
            if not family:
                continue
            flags = members.setdefault("slot", {}).get(family)
            if flags is None:
                flags = members["slot"][family] = bytearray(size)
            flags[pos >> 3] |= 1 << (pos & 7)
    return days


def facet_index() -> FacetIndex:
    """The current index, rebuilt first if the catalog changed since."""
    global _current
    generation = current_generation()
    today = timezone.localdate()  # "upcoming" moves with the calendar: rebuild daily too

    def fresh(index: FacetIndex | None) -> bool:
        return index is not None and index.generation == generation and index.built_on == today

    index = _current
    if index is not None and fresh(index):
        return index
    with _lock:
        if _current is None or not fresh(_current):
            _current = _build(generation)
        return _current
