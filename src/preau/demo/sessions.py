"""Demo sessions for the demo catalog: upcoming, open, through the real services."""

import random
from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone

from preau.accounts.models import User
from preau.catalog.models import Offer
from preau.scheduling import services
from preau.scheduling.models import TrainingSession
from preau.scheduling.services import SessionSpec, SlotSpec

HOURS = [
    (time(9), time(12)),
    (time(14), time(17)),
    (time(17, 30), time(19)),
    (time(9, 30), time(11)),
]


def _weekday(rng: random.Random, start: date) -> date:
    day = start + timedelta(days=rng.randint(7, 75))
    if day.weekday() == 6:  # no Sunday sessions
        day += timedelta(days=1)
    return day


@transaction.atomic
def demo_sessions_create(*, seed: int = 2023) -> int:
    """One or two upcoming sessions per published offer. Does nothing when sessions exist."""
    if TrainingSession.objects.exists():
        return 0
    planner = User.objects.get(email="admin@preau.test")
    rng = random.Random(seed)
    today = timezone.localdate()
    created = 0
    live = Offer.objects.filter(status=Offer.Status.PUBLISHED).select_related(
        "atelier", "territory"
    )
    for offer in live.order_by("pk"):
        for _ in range(rng.choice([1, 1, 2])):
            start, end = rng.choice(HOURS)
            online = offer.modality == "distance" or offer.atelier is None
            spec = SessionSpec(
                offer=offer,
                venue=TrainingSession.Venue.ONLINE if online else TrainingSession.Venue.ATELIER,
                capacity=rng.choice([12, 16, 20, 25, 100 if online else 30]),
                slots=(SlotSpec(_weekday(rng, today), start, end),),
                atelier=offer.atelier,
                territory=offer.territory if offer.atelier is None else None,
                online_url="https://visio.example.org/preau" if online else "",
            )
            if spec.territory is None and spec.atelier is None:
                continue  # a national offer: sessions come from territories
            services.session_create(actor=planner, spec=spec, open_now=True)
            created += 1
    return created
