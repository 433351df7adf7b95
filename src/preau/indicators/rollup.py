"""The indicator roll-up: per named period (calendar or school year) and per
scope (national, each territory, académie and Atelier), the sums, breakdowns
and monthly series of that scope, built in one pass over the period's facts.

It is rebuilt from raw records whenever a record of one of the period's years
changed since (signals.py), at the first read or by `preau indicators rollup`;
a test proves it equal to the raw computation for every scope.
"""

import time
from collections import defaultdict
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from preau.indicators.breakdowns import GROUPS, group
from preau.indicators.facts import SessionFact, participation_pairs, session_facts
from preau.indicators.models import DataChange, Rollup, RollupPeriod
from preau.indicators.periods import Period, calendar_year, school_year
from preau.scheduling.models import TrainingSession
from preau.selftraining.selectors import counts_by_place, learners_by_place

SUMS = (
    "sessions", "sessions_in_person", "participations", "participations_in_person",
    "registrations", "no_shows", "minutes_delivered", "participant_minutes",
    "participant_minutes_in_person", "satisfied", "satisfaction_n", "transfer_yes", "transfer_n",
)  # fmt: skip


def period_key(period: Period) -> str | None:
    """Y2023 / S2023 for a calendar / school year; None for any other range."""
    year = period.start.year
    if _span(period) == _span(calendar_year(year)):
        return f"Y{year}"
    if _span(period) == _span(school_year(year)):
        return f"S{year}"
    return None


def _span(period: Period) -> tuple[Any, Any]:
    return period.start, period.end


def empty() -> dict[str, Any]:
    return {
        "sums": dict.fromkeys(SUMS, 0), "persons": 0, "groups": {}, "months": {},
        "consultations": 0, "learners": 0,
    }  # fmt: skip


def _add(doc: dict[str, Any], f: SessionFact) -> None:
    s = doc["sums"]
    s["sessions"] += f.started
    s["sessions_in_person"] += f.started and f.in_person
    s["participations"] += f.participations
    s["participations_in_person"] += f.participations if f.in_person else 0
    s["registrations"] += f.registrations
    s["no_shows"] += f.no_shows
    s["minutes_delivered"] += f.minutes_delivered
    s["participant_minutes"] += f.participant_minutes
    s["participant_minutes_in_person"] += f.participant_minutes if f.in_person else 0
    s["satisfied"] += f.satisfaction[0]
    s["satisfaction_n"] += f.satisfaction[1]
    s["transfer_yes"] += f.transfer[0]
    s["transfer_n"] += f.transfer[1]
    for month, value in f.months.items():
        doc["months"][month] = doc["months"].get(month, 0) + value


def build_docs(period: Period) -> dict[str, dict[str, Any]]:
    """Every scope's document for ``period``, from raw records."""
    facts = session_facts(TrainingSession.objects.all(), period)
    docs: dict[str, dict[str, Any]] = defaultdict(empty)
    members: dict[str, list[SessionFact]] = defaultdict(list)
    for f in facts.values():
        for scope in f.scopes:
            _add(docs[scope], f)
            members[scope].append(f)
    persons: dict[str, set[int]] = defaultdict(set)
    for sid, uid in participation_pairs(TrainingSession.objects.all(), period).iterator(5000):
        for scope in facts[sid].scopes:
            persons[scope].add(uid)
    for scope, n in counts_by_place(period).items():
        docs[scope]["consultations"] = n
    for scope, n in learners_by_place(period).items():
        docs[scope]["learners"] = n
    for scope, doc in docs.items():
        doc["persons"] = len(persons[scope])
        kept = GROUPS if scope.startswith("w") else GROUPS[:-1]  # sessions: per Atelier only
        doc["groups"] = {by: [r.as_list() for r in group(members[scope], by)] for by in kept}
    return docs


def rollup_build(period: Period) -> RollupPeriod:
    key = period_key(period)
    if key is None:
        raise ValueError(f"no roll-up for the period {period.start}–{period.end}")
    began, clock = timezone.now(), time.perf_counter()
    docs = build_docs(period)
    with transaction.atomic():
        built, _created = RollupPeriod.objects.update_or_create(
            key=key, defaults={"built_at": began, "seconds": time.perf_counter() - clock}
        )
        Rollup.objects.filter(period=built).delete()
        Rollup.objects.bulk_create(
            [Rollup(period=built, scope=s, data=d) for s, d in docs.items()], batch_size=500
        )
    return built


def is_fresh(period: Period, built: RollupPeriod) -> bool:
    changed = DataChange.objects.filter(year__in={period.start.year, period.end.year}).aggregate(
        last=Max("changed_at")
    )["last"]
    return changed is None or changed < built.built_at


def usable(period: Period, built: RollupPeriod | None) -> bool:
    """Fresh, or stale but younger than PREAU_ROLLUP_MAX_AGE_SECONDS: while
    records change all day, a period is rebuilt at most that often."""
    if built is None:
        return False
    young = timezone.now() - built.built_at < timedelta(
        seconds=settings.PREAU_ROLLUP_MAX_AGE_SECONDS
    )
    return young or is_fresh(period, built)


def computed_at(period: Period) -> Any:
    """When the figures shown for ``period`` were computed (now for raw ranges)."""
    key = period_key(period)
    built = RollupPeriod.objects.filter(key=key).first() if key else None
    return built.built_at if built else timezone.now()


def rollup_doc(period: Period, scope: str) -> dict[str, Any] | None:
    """The scope's document, rebuilt first when too stale; None for unnamed periods."""
    key = period_key(period)
    if key is None:
        return None
    built = RollupPeriod.objects.filter(key=key).first()
    if not usable(period, built):
        try:
            built = rollup_build(period)
        except IntegrityError:  # another request rebuilt it at the same moment
            return None
    row = Rollup.objects.filter(period=built, scope=scope).values_list("data", flat=True).first()
    return row if row is not None else empty()


def rollup_refresh(years: list[int]) -> list[RollupPeriod]:
    """Rebuild the stale roll-ups of these calendar and school years (the periodic job)."""
    rebuilt = []
    for year in years:
        for period in (calendar_year(year), school_year(year)):
            built = RollupPeriod.objects.filter(key=period_key(period)).first()
            if built is None or not is_fresh(period, built):
                rebuilt.append(rollup_build(period))
    return rebuilt
