"""Demo self-training resources and a year of consultations of them, spread
over the school-year rhythm and located by the learners' académies, each
with the xAPI statement the learning platform sent to the LRS."""

import random
import uuid
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from preau.catalog.models import Theme
from preau.core.bulk import fast_insert
from preau.lrs.models import Statement
from preau.network.models import Atelier
from preau.selftraining.models import Consultation, Resource
from preau.selftraining.services import learner_pseudonym

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
HOME = "https://autoformation.example.org"
# Learners drawn from a pool this size per consultation: about 74,900 distinct
# learners for 439,777 consultations, the report's "participants actifs".
LEARNERS_PER_CONSULTATION = 75_100 / 439_777
LAUNCHED = "http://adlnet.gov/expapi/verbs/launched"


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
    rows, statements = [], []
    stored = datetime.now(PARIS)
    for n in range(total):
        month = rng.choices(range(1, 13), MONTH_WEIGHTS)[0]
        day = datetime(year, month, rng.randint(1, 28), tzinfo=PARIS).date()
        when = datetime.combine(day, time(8), PARIS) + timedelta(minutes=rng.randint(0, 14 * 60))
        academie_id, territory_id = (None, None) if rng.random() < UNLOCATED else rng.choice(places)
        resource = rng.choices(resources, weights)[0]
        learner = f"apprenant-{rng.randint(1, max(1, round(total * LEARNERS_PER_CONSULTATION)))}"
        statement = _statement(rng, learner, resource, when, stored + timedelta(microseconds=n))
        statements.append(statement)
        rows.append(
            {"resource_id": resource.pk, "occurred_at": when, "day": day,
             "academie_id": academie_id, "territory_id": territory_id,
             "statement_id": statement["id"], "learner": learner_pseudonym(statement["actor"])}
        )  # fmt: skip
    fast_insert(Statement, statements)
    fast_insert(Consultation, rows)
    return len(rows)


def _statement(
    rng: random.Random, learner: str, resource: Resource, when: datetime, stored: datetime
) -> dict[str, Any]:
    """What the learning platform sent to the LRS for this consultation."""
    sid = uuid.UUID(int=rng.getrandbits(128), version=4)
    actor = {"account": {"homePage": HOME, "name": learner}}
    data = {
        "id": str(sid), "actor": actor, "verb": {"id": LAUNCHED},
        "object": {"id": resource.iri, "definition": {"name": {"fr-FR": resource.title}}},
        "timestamp": when.isoformat(), "stored": stored.isoformat(), "version": "1.0.0",
        "authority": {"account": {"homePage": HOME, "name": "plateforme"}},
    }  # fmt: skip
    return {
        "id": sid, "data": data, "actor": f"account:{HOME}|{learner}", "verb": LAUNCHED,
        "activity": resource.iri, "timestamp": when, "stored": stored,
    }  # fmt: skip
