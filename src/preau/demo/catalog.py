"""A demo catalog written and reviewed through the real services."""

import random
from collections.abc import Callable

from django.db import transaction

from preau.accounts.models import User
from preau.catalog import services
from preau.catalog.models import Offer, Programme
from preau.demo.offers import offer_contents
from preau.network.models import Atelier, Territory

Progress = Callable[[int, int], None]


@transaction.atomic
def demo_catalog_create(
    *, count: int = 60, seed: int = 2023, progress: Progress | None = None
) -> int:
    """Write ``count`` offers owned nationally, by territories and by Ateliers.

    Written by the demo account of the place that owns them (the Atelier
    manager of Dijon, the director of Bourgogne-Franche-Comté, the
    administrator elsewhere), most are published by the reading committee's
    demo account — never by their author (four eyes); the last few stay in
    the queue, sent back or in draft so every screen has something to show.
    Does nothing when offers exist. Returns the number created.
    """
    if Offer.objects.exists():
        return 0
    editor = User.objects.get(email="comite@preau.test")
    admin = User.objects.get(email="admin@preau.test")
    local = {
        "atelier:21": User.objects.filter(email="atelier21@preau.test").first(),
        "territory:DT-BFC": User.objects.filter(email="direction.bfc@preau.test").first(),
    }
    rng = random.Random(seed)
    territories = list(Territory.objects.all())
    ateliers = list(Atelier.objects.select_related("territory", "academie"))
    programmes = list(Programme.objects.values_list("code", flat=True))
    for i, content in enumerate(offer_contents(count, seed, programmes)):
        where = rng.random()
        owner: dict[str, object] = {}
        if where > 0.8 and territories:
            owner = {"territory": rng.choice(territories)}
        elif where > 0.25 and ateliers:
            owner = {"atelier": rng.choice(ateliers)}
        author = _author(owner, local) or admin
        offer = services.offer_create(actor=author, data=content, **owner)  # type: ignore[arg-type]
        left = count - i
        if left > 3:
            services.offer_submit(actor=author, offer=offer)
        if left > 6:
            services.offer_review(actor=editor, offer=offer, decision=services.Decision.ACCEPT)
        elif 4 <= left <= 5:
            services.offer_review(
                actor=editor,
                offer=offer,
                decision=services.Decision.REQUEST_CHANGES,
                comment="Précisez les objectifs : ce que les participants sauront faire.",
            )
        if progress:
            progress(i + 1, count)
    return count


def _author(owner: dict[str, object], local: dict[str, User | None]) -> User | None:
    atelier = owner.get("atelier")
    if isinstance(atelier, Atelier):
        return local.get(f"atelier:{atelier.code}") or local.get(
            f"territory:{atelier.territory.code}"
        )
    territory = owner.get("territory")
    if isinstance(territory, Territory):
        return local.get(f"territory:{territory.code}")
    return None
