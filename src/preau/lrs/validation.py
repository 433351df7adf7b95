"""Checking xAPI 1.0.3 statements and agents. Every error names the property
at fault (``statements[2].verb.id``), so that a sender can fix it."""

import re
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

from django.utils.dateparse import parse_datetime

TOP = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
       "authority", "version", "attachments"}  # fmt: skip
SUB = TOP - {"id", "stored", "authority", "version"}
SHA1 = re.compile(r"^[0-9a-f]{40}$")


class StatementError(ValueError):
    """A statement (or query parameter) is not valid xAPI; the message says where."""


MAX_IRI = 2048  # any IRI; the indexed ones must also fit their column:
MAX_VERB = 500  # Statement.verb
MAX_ACTIVITY = 1000  # Statement.activity, Document.activity
MAX_ACTOR = 500  # Statement.actor, Document.agent (the canonical identifier)
MAX_KEY = 500  # Document.key (stateId, profileId)


def is_iri(value: Any, limit: int = MAX_IRI) -> bool:
    return (
        isinstance(value, str)
        and len(value) <= limit
        and bool(urlparse(value).scheme)
        and " " not in value
    )


def as_uuid(value: Any, where: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as e:
        raise StatementError(f"{where}: not a UUID") from e


def agent_key(agent: Any, where: str) -> str:
    """The canonical inverse functional identifier of an Agent or identified Group."""
    key = _agent_key(agent, where)
    if len(key) > MAX_ACTOR:
        raise StatementError(f"{where}: an identifier of at most {MAX_ACTOR} characters")
    return key


def _agent_key(agent: Any, where: str) -> str:
    if not isinstance(agent, dict):
        raise StatementError(f"{where}: an Agent is a JSON object")
    ifis = [k for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent]
    kind = agent.get("objectType", "Agent")
    if kind not in ("Agent", "Group"):
        raise StatementError(f"{where}.objectType: Agent or Group")
    if kind == "Group" and not ifis:
        members = agent.get("member")
        if not isinstance(members, list) or not members:
            raise StatementError(f"{where}: an anonymous Group lists its members")
        for i, member in enumerate(members):
            agent_key(member, f"{where}.member[{i}]")
        return ""
    if len(ifis) != 1:
        raise StatementError(f"{where}: exactly one of mbox, mbox_sha1sum, openid, account")
    ifi, value = ifis[0], agent[ifis[0]]
    if ifi == "mbox":
        if not isinstance(value, str) or not value.startswith("mailto:") or "@" not in value:
            raise StatementError(f"{where}.mbox: a mailto: IRI")
        return f"mbox:{value.lower()}"
    if ifi == "mbox_sha1sum":
        if not isinstance(value, str) or not SHA1.match(value):
            raise StatementError(f"{where}.mbox_sha1sum: 40 hexadecimal characters")
        return f"sha1:{value}"
    if ifi == "openid":
        if not is_iri(value):
            raise StatementError(f"{where}.openid: an IRI")
        return f"openid:{value}"
    if not (isinstance(value, dict) and is_iri(value.get("homePage")) and value.get("name")):
        raise StatementError(f"{where}.account: homePage (an IRI) and name")
    return f"account:{value['homePage']}|{value['name']}"


def timestamp(value: Any, where: str) -> datetime:
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is not None:  # a moment that exists in UTC (year 1 to 9999)
            parsed = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None:
        raise StatementError(f"{where}: an ISO 8601 date and time")
    return parsed


def _object(obj: Any, where: str, nested: bool) -> str:
    """Checks the object; returns its activity id when it is an Activity."""
    if not isinstance(obj, dict):
        raise StatementError(f"{where}: a JSON object")
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        if not is_iri(obj.get("id"), MAX_ACTIVITY):
            raise StatementError(f"{where}.id: an IRI of at most {MAX_ACTIVITY} characters")
        return str(obj["id"])
    if kind in ("Agent", "Group"):
        agent_key(obj, where)
    elif kind == "StatementRef":
        as_uuid(obj.get("id"), f"{where}.id")
    elif kind == "SubStatement" and not nested:
        _check(obj, where, SUB, nested=True)
    else:
        raise StatementError(f"{where}.objectType: not allowed here: {kind}")
    return ""


def _check(st: dict[str, Any], where: str, allowed: set[str], nested: bool) -> dict[str, Any]:
    unknown = set(st) - allowed - ({"objectType"} if nested else set())
    if unknown:
        raise StatementError(f"{where}: unknown properties {', '.join(sorted(unknown))}")
    for needed in ("actor", "verb", "object"):
        if needed not in st:
            raise StatementError(f"{where}.{needed}: required")
    actor = agent_key(st["actor"], f"{where}.actor")
    verb = st["verb"]
    if not isinstance(verb, dict) or not is_iri(verb.get("id"), MAX_VERB):
        raise StatementError(f"{where}.verb.id: an IRI of at most {MAX_VERB} characters")
    activity = _object(st["object"], f"{where}.object", nested)
    if "timestamp" in st:
        timestamp(st["timestamp"], f"{where}.timestamp")
    result = st.get("result", {})
    score = result.get("score", {}) if isinstance(result, dict) else None
    if not isinstance(result, dict) or not isinstance(score, dict):
        raise StatementError(f"{where}.result: a JSON object")
    scaled = score.get("scaled")
    if scaled is not None and not (isinstance(scaled, int | float) and -1 <= scaled <= 1):
        raise StatementError(f"{where}.result.score.scaled: between -1 and 1")
    context = st.get("context", {})
    if not isinstance(context, dict):
        raise StatementError(f"{where}.context: a JSON object")
    registration = context.get("registration")
    if registration is not None:
        as_uuid(registration, f"{where}.context.registration")
    return {"actor": actor, "verb": verb["id"], "activity": activity,
            "registration": registration}  # fmt: skip


def check_statement(st: Any, where: str) -> dict[str, Any]:
    """Checks a statement; returns what the store indexes (actor, verb, activity, …)."""
    if not isinstance(st, dict):
        raise StatementError(f"{where}: a statement is a JSON object")
    if "attachments" in st:
        raise StatementError(f"{where}.attachments: not supported by this LRS")
    version = st.get("version")
    if version is not None and not (isinstance(version, str) and version.startswith("1.0")):
        raise StatementError(f"{where}.version: 1.0.x")
    if "id" in st:
        as_uuid(st["id"], f"{where}.id")
    return _check(st, where, TOP, nested=False)
