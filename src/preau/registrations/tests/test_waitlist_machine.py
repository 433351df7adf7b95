"""Property-based test: whatever people do, in any order, the waitlist stays fair.

Seats reserved for the académie go only to people whose affiliation is verified
(SeatQuota.admits): the invariants read the same rule, so an unverified person
holding a reserved seat, or a reserved seat left free while a verified local
person waits, fails the test."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from preau.accounts.affiliation import affiliation_verify
from preau.core.testing import UserFactory
from preau.network.models import Atelier
from preau.registrations import services
from preau.registrations.models import Registration
from preau.registrations.seats import ListWaitlist, SeatPlan, next_offers
from preau.scheduling.models import SeatQuota, TrainingSession
from preau.scheduling.testing import open_session

pytestmark = pytest.mark.django_db
Status = Registration.Status


def invariants_hold(session: TrainingSession) -> None:
    session.refresh_from_db()
    regs = list(Registration.objects.filter(session=session).select_related("user"))
    holding = [r for r in regs if r.status in Registration.HOLDING]
    waiting = sorted(
        (r for r in regs if r.status == Status.WAITLISTED), key=lambda r: (r.queued_at, r.pk)
    )
    assert len(holding) <= session.capacity, "oversold"
    plan = SeatPlan.of(session.capacity, list(session.quotas.all()), holding)
    for quota in plan.quotas:
        assert plan.quota_free(quota) >= 0, "a reservation overfilled"
        assert all(quota.admits(r.user) for r in holding if r.quota_id == quota.pk)
    assert plan.general_free() >= 0, "unreserved seats overfilled"
    assert next_offers(plan, ListWaitlist(waiting)) == [], "a free seat someone waiting could take"
    if waiting and not plan.quotas:
        last_in = max((r.queued_at, r.pk) for r in holding) if holding else None
        assert last_in is None or last_in < (waiting[0].queued_at, waiting[0].pk), "queue jumped"
    active_people = [r.user_id for r in regs if r.is_active]
    assert len(active_people) == len(set(active_people)), "two places for one person"


def machine_for(atelier: Atelier, reserve: bool) -> type[RuleBasedStateMachine]:
    class Waitlist(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.session = open_session(atelier, capacity=4)
            if reserve:
                SeatQuota.objects.create(session=self.session, academie=atelier.academie, seats=2)
            self.now = timezone.now()
            self.people: list = []

        def tick(self) -> None:
            self.now += timedelta(seconds=1)

        @rule(local=st.booleans(), verified=st.booleans())
        def someone_registers(self, local: bool, verified: bool) -> None:
            """Local people say they work in the académie; only verified ones
            may take its reserved seats."""
            self.tick()
            person = UserFactory(
                academie=atelier.academie if local else None,
                academie_verified_at=self.now if local and verified else None,
            )
            self.people.append(person)
            services.registration_create(session=self.session, user=person, now=self.now)

        @rule(data=st.data())
        def someone_gets_verified(self, data: st.DataObject) -> None:
            """A waiting local person is verified (a partner lists them, say): a
            reserved seat still free is offered to them at once."""
            unverified = [p for p in self.people if p.academie_id and not p.academie_verified_at]
            if unverified:
                person = data.draw(st.sampled_from(unverified))
                affiliation_verify(user=person, how="partner", actor=None, academie=True)

        @precondition(lambda self: self.people)
        @rule(data=st.data())
        def someone_cancels(self, data: st.DataObject) -> None:
            active = list(
                Registration.objects.filter(session=self.session, status__in=Registration.ACTIVE)
            )
            if active:
                self.tick()
                r = data.draw(st.sampled_from(active))
                services.registration_cancel(registration=r, actor=r.user, now=self.now)

        @rule(data=st.data())
        def offered_person_accepts(self, data: st.DataObject) -> None:
            offered = list(Registration.objects.filter(session=self.session, status=Status.OFFERED))
            if offered:
                self.tick()
                r = data.draw(st.sampled_from(offered))
                services.registration_accept_seat(registration=r, actor=r.user, now=self.now)

        @rule()
        def a_day_passes(self) -> None:
            self.now += timedelta(days=1)
            services.offers_expire_all(now=self.now)

        @rule(extra=st.integers(1, 2))
        def capacity_rises(self, extra: int) -> None:
            TrainingSession.objects.filter(pk=self.session.pk).update(
                capacity=self.session.capacity + extra
            )
            self.session.refresh_from_db()
            services.session_promote(session=self.session, now=self.now)

        @invariant()
        def fair(self) -> None:
            invariants_hold(self.session)

    return Waitlist


@pytest.mark.parametrize("reserve", [False, True], ids=["open seats", "seats reserved"])
def test_waitlist_state_machine(net, reserve):
    run_state_machine_as_test(
        machine_for(net.x1, reserve),
        settings=settings(max_examples=25, stateful_step_count=25, deadline=None),
    )
