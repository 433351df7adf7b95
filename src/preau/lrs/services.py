"""Writing to the learning record store. A batch of statements is all or
nothing; a statement id already stored with the same content is accepted
again (idempotent), with other content it is a conflict; voiding marks its
target. Other apps learn of stored and voided statements through signals
(self-training consultations are counted from them)."""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.core.jsonlimits import JSONRefused, loads_checked
from preau.lrs.models import Document, Statement
from preau.lrs.validation import StatementError, as_uuid, check_statement, timestamp

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
statements_stored = Signal()  # sender=Statement, statements=list[Statement]
statements_voided = Signal()  # sender=Statement, ids=list[uuid.UUID]


class Conflict(Exception):
    """A statement id is already stored with different content (HTTP 409)."""


def may_use_lrs(user: Any) -> bool:
    """Learning platforms write with a national account (editor or administrator)."""
    return user_may(user, Capability.EDIT_OFFERS, Location.national())


def _require_writer(user: Any) -> None:
    if not may_use_lrs(user):
        raise PermissionDenied("This account may not write to the learning record store.")


def _authority(user: Any) -> dict[str, Any]:
    return {"objectType": "Agent", "name": user.get_full_name() or user.email,
            "mbox": f"mailto:{user.email}"}  # fmt: skip


def _same(stored: dict[str, Any], sent: dict[str, Any]) -> bool:
    """Same statement, ignoring what the LRS added (a timestamp only when it did)."""
    ignore = {"stored", "authority", "version"} | ({"timestamp"} - set(sent))
    a = {k: v for k, v in stored.items() if k not in ignore}
    b = {k: v for k, v in sent.items() if k not in ignore}
    return a == b


@transaction.atomic
def statements_store(*, actor: Any, statements: list[Any]) -> list[uuid.UUID]:
    """Store statements (each with an id, or one is given); returns their ids in order."""
    _require_writer(actor)
    if not statements:
        raise StatementError("statements: send one statement or a list of them")
    now = timezone.now()
    checked, ids = [], []
    for i, st in enumerate(statements):
        where = f"statements[{i}]" if len(statements) > 1 else "statement"
        index = check_statement(st, where)
        st = dict(st)
        st["id"] = str(as_uuid(st["id"], f"{where}.id")) if "id" in st else str(uuid.uuid4())
        if st["id"] in ids:
            raise StatementError(f"{where}.id: twice in the same batch")
        ids.append(st["id"])
        checked.append((st, index, where))
    existing = {str(s.id): s for s in Statement.objects.filter(id__in=ids)}
    rows, voiding = [], []
    for n, (st, index, where) in enumerate(checked):
        stored = now + timedelta(microseconds=n)  # a batch keeps its order in queries
        if st["id"] in existing:
            if not _same(existing[st["id"]].data, st):
                raise Conflict(f"{where}.id: already stored with other content: {st['id']}")
            continue
        stamp = timestamp(st["timestamp"], where) if "timestamp" in st else stored
        st.setdefault("timestamp", stored.isoformat())
        st.update(stored=stored.isoformat(), authority=_authority(actor), version="1.0.0")
        voids = None
        if index["verb"] == VOIDED:
            if st["object"].get("objectType") != "StatementRef":
                raise StatementError(f"{where}.object: a voiding statement targets a StatementRef")
            voids = as_uuid(st["object"]["id"], f"{where}.object.id")
            voiding.append((voids, where))
        rows.append(
            Statement(
                id=uuid.UUID(st["id"]), data=st, actor=index["actor"], verb=index["verb"],
                activity=index["activity"][:1000], timestamp=stamp, stored=stored,
                registration=index["registration"], voids=voids, sender=actor,
            )
        )  # fmt: skip
    targets = {s.id: s for s in Statement.objects.filter(id__in=[v for v, _w in voiding])}
    targets.update({row.id: row for row in rows})
    for voids, where in voiding:
        target = targets.get(voids)
        if target is None or target.verb == VOIDED:
            raise StatementError(f"{where}.object.id: no statement to void: {voids}")
    try:
        with transaction.atomic():
            Statement.objects.bulk_create(rows)
    except IntegrityError as e:  # the same id sent at the same moment by another request
        raise Conflict("statement id: being stored by another request; send it again") from e
    voided = [v for v, _w in voiding]
    Statement.objects.filter(id__in=voided).update(voided=True)
    statements_stored.send(sender=Statement, statements=rows)
    if voided:
        statements_voided.send(sender=Statement, ids=voided)
    return [uuid.UUID(i) for i in ids]


@dataclass(frozen=True)
class DocumentKey:
    kind: str
    activity: str = ""
    agent: str = ""
    registration: str = ""
    key: str = ""


def _etag(content: bytes) -> str:
    return hashlib.sha1(content, usedforsecurity=False).hexdigest()


class PreconditionFailed(Exception):
    """If-Match / If-None-Match did not hold (HTTP 412)."""


def _preconditions(doc: Document | None, if_match: str | None, if_none_match: str | None) -> None:
    if if_match is not None and (doc is None or if_match.strip('"') not in (doc.etag, "*")):
        raise PreconditionFailed("If-Match: the document changed or does not exist")
    if if_none_match == "*" and doc is not None:
        raise PreconditionFailed("If-None-Match: the document already exists")


@transaction.atomic
def document_put(
    *, actor: Any, where: DocumentKey, content: bytes, content_type: str, merge: bool,
    if_match: str | None = None, if_none_match: str | None = None,
) -> Document:  # fmt: skip
    """PUT replaces; POST (merge) merges JSON objects into a JSON document."""
    _require_writer(actor)
    doc = Document.objects.select_for_update().filter(**where.__dict__).first()
    _preconditions(doc, if_match, if_none_match)
    if merge and doc is not None:
        try:
            old, new = loads_checked(bytes(doc.content)), loads_checked(content)
        except JSONRefused as e:
            raise StatementError("document: only JSON documents can be merged (POST)") from e
        if not (isinstance(old, dict) and isinstance(new, dict)):
            raise StatementError("document: only JSON objects can be merged (POST)")
        content, content_type = json.dumps({**old, **new}).encode(), "application/json"
    doc = doc or Document(**where.__dict__)
    doc.content, doc.content_type = content, content_type
    doc.etag, doc.updated = _etag(content), timezone.now()
    doc.save()
    return doc


@transaction.atomic
def documents_delete(*, actor: Any, where: DocumentKey, if_match: str | None = None) -> int:
    """Delete one document, or every state of an activity and agent when no stateId."""
    _require_writer(actor)
    if where.key:  # exactly this document
        filters = dict(where.__dict__)
        _preconditions(Document.objects.filter(**filters).first(), if_match, None)
    else:  # every state of the activity and agent (of one registration when given)
        filters = {k: v for k, v in where.__dict__.items() if v or k == "kind"}
    deleted, _detail = Document.objects.filter(**filters).delete()
    return deleted
