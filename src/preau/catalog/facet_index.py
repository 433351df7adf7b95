"""An in-memory bitmap index of the public catalog's facets, one per process.

Each live entry gets a bit position (oldest first, so a newly published offer
takes the next one); each facet value a bitmap (a Python int) of the entries
carrying it. Filtering and counting every facet value are then a few AND and
bit-count operations instead of group-by queries over hundreds of thousands of
rows. The index also holds the words of the full-text index (the vocabulary
that typing mistakes are corrected against).

It is never stale for longer than one request: each query reads
``CatalogGeneration``. When its ``value`` moved (a rebuild, holidays loaded, a
new day) the index is rebuilt; when only ``seq`` moved, the offers named by the
``CatalogChange`` rows in between are re-read and patched in, which costs a few
milliseconds instead of a full rebuild.
"""

import secrets
import threading
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import F
from django.utils import timezone

from preau.catalog.choices import TimeSlot
from preau.catalog.facets import ONLINE
from preau.catalog.models import CatalogChange, CatalogEntry, CatalogGeneration, EntryFacet
from preau.core.search import get_index

SATURDAY = 5
INDEX = "offer"  # the full-text index of offers (catalog.indexing registers it)
PATCH_STEPS = 1000  # further behind than this many changes: rebuild
PATCH_OFFERS = 2000  # more changed offers than this: rebuild
KEEP_STEPS = 2 * PATCH_STEPS  # change rows older than this are pruned

Members = dict[str, dict[str, bytearray]]


@dataclass
class FacetIndex:
    generation: int  # the CatalogGeneration value it was built at
    ids: list[int | None]  # bit position -> entry id (None: gone since), oldest first
    position: dict[int, int]  # entry id -> bit position
    by_title: list[int]  # bit positions of live entries in title order
    bitmaps: dict[str, dict[str, int]]  # facet -> value -> entries carrying it
    session_days: dict[int, list[date]] = field(default_factory=dict)  # position -> slot days
    built_on: date | None = None
    seq: int = 0  # the last CatalogChange patched in
    titles: list[str] = field(default_factory=list)  # position -> folded title
    alive: int = 0  # positions of live entries
    words: frozenset[str] = frozenset()  # whole folded words of the full-text index
    sorted_words: list[str] = field(default_factory=list)

    def mask_between(self, start: date | None, end: date | None) -> int:
        """Entries with an upcoming open session slot between two days (inclusive)."""
        flags = bytearray((len(self.ids) + 7) // 8)
        for pos, days in self.session_days.items():
            if any((start is None or d >= start) and (end is None or d <= end) for d in days):
                flags[pos >> 3] |= 1 << (pos & 7)
        return int.from_bytes(flags, "little")

    @property
    def everything(self) -> int:
        return self.alive

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
        """Set bit positions of ``mask``, newest entry first (decreasing positions)."""
        digits = bin(mask)[2:]  # most significant first
        top = len(digits) - 1
        out, i = [], digits.find("1")
        while i != -1:
            out.append(top - i)
            i = digits.find("1", i + 1)
        return out

    def entry_ids(self, mask: int) -> list[int]:
        ids = self.ids
        return [i for p in self.positions(mask) if (i := ids[p]) is not None]

    def knows_word(self, word: str) -> bool:
        """Is ``word`` a word of the catalog, or the beginning of one?"""
        if word in self.words:
            return True
        i = bisect_left(self.sorted_words, word)
        return i < len(self.sorted_words) and self.sorted_words[i].startswith(word)


_lock = threading.Lock()
_current: FacetIndex | None = None


def current_generation() -> tuple[int, int]:
    """(value, seq) of the generation row: read on every query, so in plain SQL."""
    with connection.cursor() as cur:
        table = CatalogGeneration._meta.db_table  # a model's table: no input reaches it
        cur.execute(f"SELECT value, seq FROM {table} WHERE id = 1")  # noqa: S608
        row = cur.fetchone()
    return (row[0], row[1]) if row else (0, 0)


def bump_generation(offers: Iterable[int] | None = None) -> None:
    """Called inside every transaction that changes the public catalog.

    With ``offers`` (the ids whose listing or sessions changed) processes patch
    their index; without, they rebuild it. The value is random rather than a
    counter: a counter would repeat after the table is emptied (tests flush it)
    and a process could trust a stale index. ``seq`` is incremented under the
    row's lock, so change rows become visible in their order.
    """
    if offers is None:
        value = secrets.randbits(62)
        if not CatalogGeneration.objects.filter(pk=1).update(value=value):
            CatalogGeneration.objects.create(pk=1, value=value)
        return
    ids = sorted({int(i) for i in offers})  # none: only seq moves (synonyms changed)
    if not CatalogGeneration.objects.filter(pk=1).update(seq=F("seq") + 1):
        CatalogGeneration.objects.create(pk=1, value=secrets.randbits(62), seq=1)
    seq = CatalogGeneration.objects.filter(pk=1).values_list("seq", flat=True).get()
    CatalogChange.objects.bulk_create([CatalogChange(seq=seq, offer_id=i) for i in ids])
    if seq % 100 == 0:
        CatalogChange.objects.filter(seq__lt=seq - KEEP_STEPS).delete()


def _set(members: Members, size: int, facet: str, value: str, pos: int) -> None:
    flags = members.setdefault(facet, {}).get(value)
    if flags is None:
        flags = members[facet][value] = bytearray(size)
    flags[pos >> 3] |= 1 << (pos & 7)


def _bitmaps(members: Members) -> dict[str, dict[str, int]]:
    return {
        facet: {value: int.from_bytes(flags, "little") for value, flags in values.items()}
        for facet, values in members.items()
    }


def _build(generation: int, seq: int) -> FacetIndex:
    rows = CatalogEntry.objects.order_by("first_published_at", "offer_id").values_list(
        "offer_id", "sort_title"
    )
    ids: list[int | None] = []
    titles: list[str] = []
    for entry_id, sort_title in rows:
        ids.append(entry_id)
        titles.append(sort_title)
    position = {entry_id: pos for pos, entry_id in enumerate(ids) if entry_id is not None}
    by_title = sorted(range(len(ids)), key=lambda p: (titles[p], ids[p]))
    members: Members = {}
    size = (len(ids) + 7) // 8
    for entry_id, facet, value in EntryFacet.objects.values_list("entry_id", "facet", "value"):
        pos = position.get(entry_id)
        if pos is not None:
            _set(members, size, facet, value, pos)
    session_days = _add_session_slots(members, position, size)
    words = get_index(INDEX).vocabulary()
    return FacetIndex(
        generation,
        ids,
        position,
        by_title,
        _bitmaps(members),
        session_days,
        timezone.localdate(),
        seq=seq,
        titles=titles,
        alive=(1 << len(ids)) - 1,
        words=frozenset(words),
        sorted_words=sorted(words),
    )


def _patched(old: FacetIndex, seq: int) -> FacetIndex | None:
    """``old`` with the offers changed since its ``seq``; None when rebuilding is better."""
    if seq - old.seq > PATCH_STEPS or seq < old.seq:
        return None
    changed = set(
        CatalogChange.objects.filter(seq__gt=old.seq, seq__lte=seq).values_list(
            "offer_id", flat=True
        )
    )
    if len(changed) > PATCH_OFFERS:
        return None
    present = dict(
        CatalogEntry.objects.filter(offer_id__in=changed).values_list("offer_id", "sort_title")
    )
    ids, titles, by_title = list(old.ids), list(old.titles), list(old.by_title)
    position, alive = dict(old.position), old.alive

    def title_key(p: int) -> tuple[str, int]:
        return (titles[p], ids[p] or 0)

    cleared = 0
    for entry_id in sorted(changed):
        pos = position.get(entry_id)
        if pos is None and entry_id not in present:
            continue
        if pos is None:  # newly listed: the next position, the newest
            pos = position[entry_id] = len(ids)
            ids.append(entry_id)
            titles.append(present[entry_id])
            alive |= 1 << pos
            insort(by_title, pos, key=title_key)
            continue
        cleared |= 1 << pos
        by_title.pop(bisect_left(by_title, title_key(pos), key=title_key))
        if entry_id in present:
            titles[pos] = present[entry_id]
            insort(by_title, pos, key=title_key)
        else:  # no longer listed: its position stays empty until the next rebuild
            alive &= ~(1 << pos)
            ids[pos] = None
            del position[entry_id]
    keep = ~cleared
    bitmaps = {
        facet: {v: b for v, bits in values.items() if (b := bits & keep)}
        for facet, values in old.bitmaps.items()
    }
    members: Members = {}
    size = (len(ids) + 7) // 8
    for entry_id, facet, value in EntryFacet.objects.filter(entry_id__in=present).values_list(
        "entry_id", "facet", "value"
    ):
        _set(members, size, facet, value, position[entry_id])
    session_days = {p: d for p, d in old.session_days.items() if not cleared >> p & 1}
    session_days.update(
        _add_session_slots(members, {i: position[i] for i in present}, size, set(present))
    )
    for facet, values in _bitmaps(members).items():
        target = bitmaps.setdefault(facet, {})
        for value, bits in values.items():
            target[value] = target.get(value, 0) | bits
    words, sorted_words = old.words, old.sorted_words
    new_words = get_index(INDEX).vocabulary(present) - words if present else set()
    if new_words:
        words = words | new_words
        sorted_words = list(sorted_words)
        for word in new_words:
            insort(sorted_words, word)
    return replace(
        old,
        ids=ids,
        position=position,
        by_title=by_title,
        bitmaps=bitmaps,
        session_days=session_days,
        seq=seq,
        titles=titles,
        alive=alive,
        words=words,
        sorted_words=sorted_words,
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
    members: Members, position: dict[int, int], size: int, offers: set[int] | None = None
) -> dict[int, list[date]]:
    """Upcoming open sessions (of ``offers``, or all): the "slot" facet and each
    entry's session days."""
    from preau.network.models import SchoolHoliday
    from preau.scheduling.models import Slot, TrainingSession

    rows = Slot.objects.filter(
        session__status=TrainingSession.Status.OPEN, starts_at__gte=timezone.now()
    )
    if offers is not None:
        if not offers:
            return {}
        rows = rows.filter(session__offer_id__in=offers)
    values = rows.values_list(
        "session__offer_id", "starts_at", "session__atelier__timezone",
        "session__atelier__academie_id", "session__venue", "session__atelier__departement__code",
    )  # fmt: skip
    holidays: dict[int, list[tuple[date, date]]] = {}
    for academie_id, start, end in SchoolHoliday.objects.filter(
        ends_on__gte=timezone.localdate()
    ).values_list("academie_id", "starts_on", "ends_on"):
        holidays.setdefault(academie_id, []).append((start, end))
    days: dict[int, list[date]] = {}
    for offer_id, starts_at, zone, academie_id, venue, departement in values:
        pos = position.get(offer_id)
        if pos is None:
            continue
        where = ONLINE if venue == ONLINE else departement
        if where:
            _set(members, size, "where", where, pos)
        local = starts_at.astimezone(ZoneInfo(zone or "Europe/Paris"))
        days.setdefault(pos, []).append(local.date())
        families = [time_slot(local)]
        if any(s <= local.date() < e for s, e in holidays.get(academie_id, [])):
            families.append(TimeSlot.HOLIDAYS)
        for family in families:
            if family:
                _set(members, size, "slot", family, pos)
    return days


def facet_index() -> FacetIndex:
    """The current index: rebuilt if the catalog was rebuilt or the day changed,
    patched if offers changed since."""
    global _current
    generation, seq = current_generation()
    today = timezone.localdate()  # "upcoming" moves with the calendar: rebuild daily too

    def same_base(index: FacetIndex | None) -> bool:
        return index is not None and index.generation == generation and index.built_on == today

    index = _current
    if index is not None and same_base(index) and index.seq == seq:
        return index
    with _lock:
        index = _current
        if index is None or not same_base(index):
            index = _build(generation, seq)
        elif index.seq != seq:
            index = _patched(index, seq) or _build(generation, seq)
        _current = index
        return index
