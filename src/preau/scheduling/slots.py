"""A session's slots are changed in place, never deleted and recreated.

Attendance, signatures and scanned sheets hang on slots (and protect them), so
an edit or a re-import keeps each slot's identity: a slot is matched by its id
(the planner's form carries it), else by identical times, else — for what is
left — by order among the slots still to come. A slot that has started is read
only: its times never change here, and it is never removed. A slot with
anything attached (attendance, a trainer's signature) is never removed either:
the database refuses (PROTECT) and the planner reads why.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from preau.scheduling.models import Slot, TrainingSession, local_slot

Times = tuple[datetime, datetime]


@dataclass
class SlotChanges:
    created: int = 0
    moved: int = 0
    removed: int = 0
    kept: int = 0
    # (id, start, end) of each removed slot: their calendar events are cancelled.
    gone: list[tuple[int, datetime, datetime]] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "moved": self.moved, "removed": self.removed}


def _when(moment: datetime, zone: Any) -> str:
    return date_format(timezone.localtime(moment, zone), "SHORT_DATETIME_FORMAT")


def _match(
    existing: dict[int, Slot], wanted: list[tuple[datetime, datetime, int | None]], now: datetime
) -> tuple[dict[int, Times], list[Times]]:
    """Existing slot id → its new times, and the times that need a new slot."""
    matched: dict[int, Times] = {}
    rest: list[Times] = []
    for start, end, pk in wanted:
        if pk is not None and pk in existing and pk not in matched:
            matched[pk] = (start, end)
        else:
            rest.append((start, end))
    by_time = {(s.starts_at, s.ends_at): pk for pk, s in existing.items() if pk not in matched}
    unmatched: list[Times] = []
    for times in rest:
        pk = by_time.pop(times, None)
        if pk is None:
            unmatched.append(times)
        else:
            matched[pk] = times
    movable = sorted(
        (s for pk, s in existing.items() if pk not in matched and s.starts_at > now),
        key=lambda s: s.starts_at,
    )
    new: list[Times] = []
    for index, times in enumerate(unmatched):
        if index < len(movable):
            matched[movable[index].pk] = times
        else:
            new.append(times)
    return matched, new


def slots_reconcile(
    session: TrainingSession, spec: Any, zone: Any, now: datetime | None = None
) -> SlotChanges:
    """Make ``session``'s slots those of ``spec`` (a SessionSpec), in place.

    Raises ValidationError (key ``slots``) and changes nothing of the slots when
    a slot that has started would move or go, or a slot holding attendance
    would go. Call it inside the caller's transaction."""
    now = now or timezone.now()
    wanted = sorted((*local_slot(s.day, s.start, s.end, zone), s.pk) for s in spec.slots)
    existing = {s.pk: s for s in Slot.objects.select_for_update().filter(session=session)}
    matched, new = _match(existing, wanted, now)
    errors: list[str] = []
    for pk, (start, end) in matched.items():
        slot = existing[pk]
        if slot.starts_at <= now and (slot.starts_at, slot.ends_at) != (start, end):
            errors.append(
                _("The slot of %(when)s has already started: its times cannot change here "
                  "(correct them from the session page, with the reason).")
                % {"when": _when(slot.starts_at, zone)}
            )  # fmt: skip
    gone = [s for pk, s in existing.items() if pk not in matched]
    for slot in gone:
        if slot.starts_at <= now:
            errors.append(
                _("The slot of %(when)s has already taken place: it cannot be removed.")
                % {"when": _when(slot.starts_at, zone)}
            )
    if errors:
        raise ValidationError({"slots": errors})
    changes = SlotChanges()
    if gone:
        try:
            with transaction.atomic():
                Slot.objects.filter(pk__in=[s.pk for s in gone]).delete()
        except ProtectedError as exc:
            held = {getattr(o, "slot_id", None) for o in exc.protected_objects}
            message = _("The slot of %(when)s holds attendance or signatures: "
                        "it cannot be removed.")  # fmt: skip
            refused = [message % {"when": _when(s.starts_at, zone)} for s in gone if s.pk in held]
            raise ValidationError({"slots": refused}) from exc
        changes.removed = len(gone)
        changes.gone = [(s.pk, s.starts_at, s.ends_at) for s in gone]
    for pk, (start, end) in matched.items():
        slot = existing[pk]
        if (slot.starts_at, slot.ends_at) == (start, end):
            changes.kept += 1
            continue
        slot.starts_at, slot.ends_at, slot.day = start, end, start.astimezone(zone).date()
        slot.save(update_fields=["starts_at", "ends_at", "day"])
        changes.moved += 1
    Slot.objects.bulk_create(
        [
            Slot(session=session, starts_at=s, ends_at=e, day=s.astimezone(zone).date())
            for s, e in new
        ]
    )
    changes.created = len(new)
    return changes
