"""Reading the learning record store: statement queries with filters and
paging (a ``more`` link carrying a cursor), documents by key."""

import base64
import json
import uuid
from typing import Any

from django.db.models import Q, QuerySet

from preau.core.jsonlimits import JSONRefused, loads_checked
from preau.lrs.models import Document, Statement
from preau.lrs.validation import StatementError, agent_key, as_uuid, is_iri, timestamp

PAGE = 100
MAX_PAGE = 500


def statement_get(statement_id: str, voided: bool) -> Statement | None:
    """By id: a statement that is not voided, or (``voided``) one that is."""
    sid = as_uuid(statement_id, "statementId" if not voided else "voidedStatementId")
    return Statement.objects.filter(id=sid, voided=voided).first()


def _cursor(row: Statement) -> str:
    raw = json.dumps([row.stored.isoformat(), str(row.id)]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def statements_query(params: Any) -> tuple[list[Statement], str | None]:
    """Filters: agent (JSON), verb, activity, registration, since, until; limit,
    ascending; ``cursor`` continues a previous page. Voided statements are left out."""
    for unsupported in ("related_activities", "related_agents"):
        if str(params.get(unsupported, "false")).lower() == "true":
            raise StatementError(f"{unsupported}: not supported by this LRS")
    qs: QuerySet[Statement] = Statement.objects.filter(voided=False)
    if params.get("agent"):
        try:
            agent = loads_checked(params["agent"], where="agent")
        except JSONRefused as e:
            raise StatementError("agent: a JSON Agent object") from e
        qs = qs.filter(actor=agent_key(agent, "agent"))
    if params.get("verb"):
        if not is_iri(params["verb"]):
            raise StatementError("verb: an IRI")
        qs = qs.filter(verb=params["verb"])
    if params.get("activity"):
        qs = qs.filter(activity=params["activity"])
    if params.get("registration"):
        qs = qs.filter(registration=as_uuid(params["registration"], "registration"))
    if params.get("since"):
        qs = qs.filter(stored__gt=timestamp(params["since"], "since"))
    if params.get("until"):
        qs = qs.filter(stored__lte=timestamp(params["until"], "until"))
    ascending = str(params.get("ascending", "false")).lower() == "true"
    try:
        limit = int(params.get("limit") or 0) or PAGE
    except ValueError as e:
        raise StatementError("limit: a whole number") from e
    limit = min(max(limit, 1), MAX_PAGE)
    if params.get("cursor"):
        try:
            raw = base64.urlsafe_b64decode(params["cursor"].encode())
            stored, sid = loads_checked(raw, where="cursor", max_bytes=200, max_depth=1)
            after = (timestamp(stored, "cursor"), uuid.UUID(sid))
        except (ValueError, TypeError) as e:
            raise StatementError("cursor: not one this LRS gave") from e
        if ascending:
            qs = qs.filter(Q(stored__gt=after[0]) | Q(stored=after[0], id__gt=after[1]))
        else:
            qs = qs.filter(Q(stored__lt=after[0]) | Q(stored=after[0], id__lt=after[1]))
    order = ("stored", "id") if ascending else ("-stored", "-id")
    rows = list(qs.order_by(*order)[: limit + 1])
    more = _cursor(rows[limit - 1]) if len(rows) > limit else None
    return rows[:limit], more


def document_get(**where: str) -> Document | None:
    return Document.objects.filter(**where).first()


def document_ids(kind: str, since: str | None, **where: str) -> list[str]:
    qs = Document.objects.filter(kind=kind, **{k: v for k, v in where.items() if v})
    if since:
        qs = qs.filter(updated__gt=timestamp(since, "since"))
    return list(qs.order_by("key").values_list("key", flat=True))
