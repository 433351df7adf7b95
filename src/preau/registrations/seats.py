"""Who gets a seat: unreserved seats go to the first in line; seats reserved
for an académie or a school go to the first in line who belongs to it."""

from dataclasses import dataclass
from typing import Any


@dataclass
class SeatPlan:
    capacity: int
    quotas: list[Any]  # SeatQuota, schools before académies (the narrower first)
    holding: list[Any]  # registrations holding a seat (confirmed or offered)

    def quota_free(self, quota: Any) -> int:
        used = sum(1 for r in self.holding if r.quota_id == quota.pk)
        return quota.seats - used

    def general_free(self) -> int:
        reserved = sum(q.seats for q in self.quotas)
        used = sum(1 for r in self.holding if r.quota_id is None)
        return self.capacity - reserved - used


def seat_for(plan: SeatPlan, user: Any, waitlist: list[Any]) -> tuple[bool, Any]:
    """(gets a seat now, the quota it is counted against or None). Nobody takes a
    seat that someone already waiting could take."""
    for quota in plan.quotas:
        taken_by_waiting = any(quota.admits(w.user) for w in waitlist)
        if quota.admits(user) and plan.quota_free(quota) > 0 and not taken_by_waiting:
            return True, quota
    if plan.general_free() > 0 and not waitlist:
        return True, None
    return False, None


def next_offers(plan: SeatPlan, waitlist: list[Any]) -> list[tuple[Any, Any]]:
    """Waitlisted registrations to offer a seat to, with the quota each seat is from."""
    offers: list[tuple[Any, Any]] = []
    taken: set[int] = set()
    for quota in plan.quotas:
        free = plan.quota_free(quota)
        for registration in waitlist:
            if free <= 0:
                break
            if registration.pk not in taken and quota.admits(registration.user):
                offers.append((registration, quota))
                taken.add(registration.pk)
                free -= 1
    free = plan.general_free()
    for registration in waitlist:
        if free <= 0:
            break
        if registration.pk not in taken:
            offers.append((registration, None))
            taken.add(registration.pk)
            free -= 1
    return offers
