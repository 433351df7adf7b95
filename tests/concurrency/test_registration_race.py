"""Real parallel transactions on PostgreSQL: seats are never oversold.

Many threads, each with its own database connection, register and cancel on
the same session at once; afterwards the invariants of the waitlist hold.
"""

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from preau.core.testing import UserFactory, build_mini_network
from preau.registrations import services
from preau.registrations.models import Registration
from preau.registrations.tests.test_waitlist_machine import invariants_hold
from preau.scheduling.testing import open_session

pytestmark = [pytest.mark.django_db(transaction=True)]

PEOPLE = 64  # four batches of 16 simultaneous requests
CAPACITY = 15


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("parallel transactions are tested on PostgreSQL (SQLite serialises writers)")


def test_parallel_registrations_and_cancellations_never_oversell(postgres_only):
    net = build_mini_network()
    session = open_session(net.x1, capacity=CAPACITY)
    people = [UserFactory() for _ in range(PEOPLE)]
    start = threading.Barrier(16)

    def register(person):
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=10)  # release each batch of 16 at the same instant
        try:
            registration = services.registration_create(session=session, user=person)
            if person.pk % 4 == 0:  # a quarter change their mind at once
                services.registration_cancel(registration=registration, actor=person)
            return registration.status
        except ValidationError as exc:
            return f"refused: {exc.messages}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(register, people))

    assert not [o for o in outcomes if str(o).startswith("refused")]
    invariants_hold(session)
    counts = {
        s: Registration.objects.filter(session=session, status=s).count()
        for s in Registration.Status.values
    }
    assert counts["confirmed"] + counts["offered"] == CAPACITY
    assert sum(counts.values()) == PEOPLE
