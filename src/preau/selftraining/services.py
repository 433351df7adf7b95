"""Recording consultations, from xAPI statements sent by a learning platform.

A batch is all-or-nothing: every statement is checked first, and one bad
statement names what is wrong and stores nothing. Statements carrying an id
are stored once, however often they are sent again.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from preau.accounts.models import User
from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.indicators.signals import years_changed
from preau.selftraining.models import Consultation, Resource

PARIS = ZoneInfo("Europe/Paris")
# xAPI verbs that mean "this learner consulted this resource".
VERBS = frozenset({
    "http://adlnet.gov/expapi/verbs/experienced",
    "http://adlnet.gov/expapi/verbs/launched",
    "http://adlnet.gov/expapi/verbs/attempted",
})  # fmt: skip
MAX_BATCH = 5000


@dataclass(frozen=True)
class Recorded:
    stored: int
    already: int  # statements whose id was stored before


def _parse(
    i: int, st: Any, resources: dict[str, Resource]
) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    where = f"statements[{i}]"
    if not isinstance(st, dict):
        return {}, {where: _("A statement is a JSON object.")}
    verb = (st.get("verb") or {}).get("id") if isinstance(st.get("verb"), dict) else None
    if verb not in VERBS:
        errors[f"{where}.verb.id"] = _("Not a consultation verb: %(v)s") % {"v": verb}
    iri = st.get("object", {}).get("id") if isinstance(st.get("object"), dict) else None
    resource = resources.get(iri or "")
    if resource is None:
        errors[f"{where}.object.id"] = _("Unknown resource: %(iri)s") % {"iri": iri}
    when = parse_datetime(str(st.get("timestamp", ""))) if st.get("timestamp") else None
    if when is None or when.tzinfo is None:
        errors[f"{where}.timestamp"] = _("Give an ISO 8601 timestamp with its time zone.")
    statement_id = None
    if st.get("id") is not None:
        try:
            statement_id = uuid.UUID(str(st["id"]))
        except ValueError:
            errors[f"{where}.id"] = _("A statement id is a UUID.")
    actor = st.get("actor")
    mbox = str(actor.get("mbox", "")) if isinstance(actor, dict) else ""
    email = mbox.removeprefix("mailto:").strip().lower() if mbox.startswith("mailto:") else ""
    return {"resource": resource, "when": when, "id": statement_id, "email": email}, errors


@transaction.atomic
def consultations_record(*, actor: Any, statements: list[Any]) -> Recorded:
    if not user_may(actor, Capability.EDIT_OFFERS, Location.national()):
        raise PermissionDenied(_("Only a national account may record consultations."))
    if not isinstance(statements, list) or not 0 < len(statements) <= MAX_BATCH:
        raise ValidationError(_("Send a list of 1 to %(n)s statements.") % {"n": MAX_BATCH})
    resources = {r.iri: r for r in Resource.objects.all()}
    parsed, errors = [], {}
    for i, st in enumerate(statements):
        row, problems = _parse(i, st, resources)
        parsed.append(row)
        errors.update(problems)
    if errors:
        raise ValidationError(errors)
    ids = {row["id"] for row in parsed if row["id"]}
    known = set(
        Consultation.objects.filter(statement_id__in=ids).values_list("statement_id", flat=True)
    )
    users = {
        u.email.lower(): u
        for u in User.objects.filter(
            email__in={r["email"] for r in parsed if r["email"]}
        ).select_related("academie")
    }
    rows, seen = [], set(known)
    for row in parsed:
        if row["id"]:
            if row["id"] in seen:
                continue
            seen.add(row["id"])
        user = users.get(row["email"])
        academie = getattr(user, "academie", None)
        when: datetime = row["when"]
        rows.append(
            Consultation(
                resource=row["resource"], occurred_at=when, day=when.astimezone(PARIS).date(),
                user=user, academie=academie,
                territory_id=academie.territory_id if academie else None,
                statement_id=row["id"],
            )
        )  # fmt: skip
    Consultation.objects.bulk_create(rows, batch_size=2000)
    years = {row.day.year for row in rows}
    transaction.on_commit(lambda: years_changed(years))  # the indicators' roll-up is stale
    return Recorded(stored=len(rows), already=len(parsed) - len(rows))
