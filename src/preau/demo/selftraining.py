"""Demo self-training resources and a year of consultations of them, spread
over the school-year rhythm and located by the learners' académies."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from preau.catalog.models import Theme
from preau.network.models import Atelier
from preau.selftraining.models import Consultation, Resource

PARIS = ZoneInfo("Europe/Paris")
# The report's most followed free-access courses, then generic titles.
TITLES = [
    "L'attention, ça s'apprend !",
    "Apprendre à se concentrer",
    "Apprentissages : quand les émotions s'en mêlent",
    "La construction du nombre en moyenne et grande sections de maternelle",
    "Découvrir le cerveau à l'école maternelle",
]
WEIGHTS = [9353, 8693, 7041, 6452, 6289]
KINDS = [Resource.Kind.COURSE, Resource.Kind.FOCUS, Resource.Kind.VIDEO, Resource.Kind.REPLAY]
MONTH_WEIGHTS = [10, 9, 11, 8, 9, 8, 4, 3, 11, 12, 11, 7]  # self-training goes on in summer
UNLOCATED = 0.2  # consultations by learners whose workplace is unknown


def demo_resources(rng: random.Random, count: int = 40) -> list[Resource]:
    existing = list(Resource.objects.order_by("pk"))
    if existing:
        return existing
    themes = list(Theme.objects.all())
    rows = []
    for i in range(count):
        title = TITLES[i] if i < len(TITLES) else f"Module d'autoformation n° {i + 1}"
        rows.append(
            Resource(
                code=f"demo-{i + 1}", title=title,
                kind=Resource.Kind.COURSE if i < len(TITLES) else rng.choice(KINDS),
                iri=f"https://autoformation.example.org/ressources/{i + 1}",
                theme=rng.choice(themes) if themes else None,
            )
        )  # fmt: skip
    return Resource.objects.bulk_create(rows)


def demo_consultations_create(rng: random.Random, year: int, total: int) -> int:
    resources = demo_resources(rng)
    weights = [WEIGHTS[i] if i < len(WEIGHTS) else 2500 for i in range(len(resources))]
    places = list(Atelier.objects.values_list("academie_id", "territory_id"))
    rows = []
    for _ in range(total):
        month = rng.choices(range(1, 13), MONTH_WEIGHTS)[0]
        day = datetime(year, month, rng.randint(1, 28), tzinfo=PARIS).date()
        when = datetime.combine(day, time(8), PARIS) + timedelta(minutes=rng.randint(0, 14 * 60))
        academie_id, territory_id = (None, None) if rng.random() < UNLOCATED else rng.choice(places)
        rows.append(
            Consultation(
                resource=rng.choices(resources, weights)[0], occurred_at=when, day=day,
                academie_id=academie_id, territory_id=territory_id,
            )
        )  # fmt: skip
    Consultation.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
