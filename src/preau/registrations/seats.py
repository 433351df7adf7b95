"""Who gets a seat: unreserved seats go to the first in line; seats reserved
for an académie or a school go to the first in line who belongs to it.

The rules read counts and a waitlist through a small interface, so the same
code runs against the database (a few COUNT/EXISTS/LIMIT queries, whatever the
length of the waitlist) and against plain lists in the property test.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass
class SeatPlan:
    capacity: int
    quotas: list[Any]  # SeatQuota, schools before académies (the narrower first)
    used: dict[Any, int]  # seats held per quota id (None: unreserved seats)

    @classmethod
    def of(cls, capacity: int, quotas: list[Any], holding: Iterable[Any]) -> "SeatPlan":
        used: dict[Any, int] = {}
        for registration in holding:
            used[registration.quota_id] = used.get(registration.quota_id, 0) + 1
        return cls(capacity, quotas, used)

    def quota_free(self, quota: Any) -> int:
        return int(quota.seats) - self.used.get(quota.pk, 0)

    def general_free(self) -> int:
        reserved = sum(q.seats for q in self.quotas)
        return self.capacity - reserved - self.used.get(None, 0)


class Waitlist(Protocol):
    def any(self, quota: Any = None) -> bool:
        """Someone waiting (who belongs to ``quota`` when given)?"""
        ...

    def first(self, count: int, quota: Any = None, skip: set[int] | None = None) -> list[Any]:
        """The first ``count`` people waiting, in order (belonging to ``quota``)."""
        ...


class ListWaitlist:
    """A waitlist held in memory, in queue order."""

    def __init__(self, registrations: list[Any]) -> None:
        self.registrations = registrations

    def any(self, quota: Any = None) -> bool:
        return any(quota is None or quota.admits(r.user) for r in self.registrations)

    def first(self, count: int, quota: Any = None, skip: set[int] | None = None) -> list[Any]:
        found = [
            r for r in self.registrations
            if (quota is None or quota.admits(r.user)) and r.pk not in (skip or set())
        ]  # fmt: skip
        return found[:count]


def seat_for(plan: SeatPlan, user: Any, waitlist: Waitlist) -> tuple[bool, Any]:
    """(gets a seat now, the quota it is counted against or None). Nobody takes a
    seat that someone already waiting could take."""
    for quota in plan.quotas:
        if quota.admits(user) and plan.quota_free(quota) > 0 and not waitlist.any(quota):
            return True, quota
    if plan.general_free() > 0 and not waitlist.any():
        return True, None
    return False, None


def next_offers(plan: SeatPlan, waitlist: Waitlist) -> list[tuple[Any, Any]]:
    """Waitlisted registrations to offer a seat to, with the quota each seat is from."""
    offers: list[tuple[Any, Any]] = []
    taken: set[int] = set()
    for quota in plan.quotas:
        free = plan.quota_free(quota)
        if free > 0:
            for registration in waitlist.first(free, quota, taken):
                offers.append((registration, quota))
                taken.add(registration.pk)
    free = plan.general_free()
    if free > 0:
        for registration in waitlist.first(free, None, taken):
            offers.append((registration, None))
            taken.add(registration.pk)
    return offers
