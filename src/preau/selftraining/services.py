"""Consultations are counted from the learning record store: a statement
whose verb means "consulted" (experienced, launched, attempted) and whose
object is a known self-training resource is one consultation; voiding the
statement removes it. Nothing is counted that was not recorded."""

import hashlib
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from preau.accounts.models import User
from preau.indicators.signals import years_changed
from preau.selftraining.models import Consultation, Resource

PARIS = ZoneInfo("Europe/Paris")
VERBS = frozenset({
    "http://adlnet.gov/expapi/verbs/experienced",
    "http://adlnet.gov/expapi/verbs/launched",
    "http://adlnet.gov/expapi/verbs/attempted",
})  # fmt: skip


def learner_pseudonym(actor_key: str) -> str:
    """The same learner always gets the same pseudonym; nobody can read it back."""
    return hashlib.sha256(actor_key.encode()).hexdigest() if actor_key else ""


def _email(actor_key: str) -> str:
    return actor_key.removeprefix("mbox:mailto:") if actor_key.startswith("mbox:mailto:") else ""


def consultations_from_statements(statements: list[Any]) -> int:
    """Record the consultations among stored statements (within their transaction)."""
    wanted = [s for s in statements if s.verb in VERBS and s.activity]
    resources = {r.iri: r for r in Resource.objects.filter(iri__in={s.activity for s in wanted})}
    wanted = [s for s in wanted if s.activity in resources]
    if not wanted:
        return 0
    users = {
        u.email.lower(): u
        for u in User.objects.filter(email__in={_email(s.actor) for s in wanted} - {""})
        .select_related("academie")
    }  # fmt: skip
    rows = []
    for s in wanted:
        user = users.get(_email(s.actor))
        academie = getattr(user, "academie", None)
        rows.append(
            Consultation(
                resource=resources[s.activity], occurred_at=s.timestamp,
                day=s.timestamp.astimezone(PARIS).date(), user=user, academie=academie,
                territory_id=academie.territory_id if academie else None, statement_id=s.id,
                learner=learner_pseudonym(s.actor),
            )
        )  # fmt: skip
    Consultation.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    years = {row.day.year for row in rows}
    transaction.on_commit(lambda: years_changed(years))  # the indicators' roll-up is stale
    return len(rows)


def consultations_void(statement_ids: list[Any]) -> int:
    voided = Consultation.objects.filter(statement_id__in=statement_ids)
    years = set(voided.values_list("day__year", flat=True))
    deleted, _detail = voided.delete()
    transaction.on_commit(lambda: years_changed(years))
    return deleted
