"""The xAPI 1.0.3 HTTP interface: /xapi/about, /xapi/statements and the state,
activity profile and agent profile documents.

Every response carries ``X-Experience-API-Version``; every request but
``about`` must send it (1.0.x) and authenticate with HTTP Basic (the account's
e-mail and a personal API token as password) or a Bearer token. Cookies are
not accepted here, so there is no CSRF to check.
"""

import base64
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from preau.accounts.lockout import machine_auth_failed, token_credential
from preau.accounts.services import api_token_use
from preau.core.jsonlimits import JSONRefused, loads_checked
from preau.lrs import selectors, services
from preau.lrs.services import Conflict, DocumentKey, PreconditionFailed
from preau.lrs.validation import MAX_ACTIVITY, MAX_KEY, StatementError, agent_key, as_uuid, is_iri

VERSION = "1.0.3"
MAX_STATEMENTS_BYTES = 2 * 1024 * 1024  # a batch; Django's DATA_UPLOAD_MAX_MEMORY_SIZE is 2.5 MB
MAX_DOCUMENT_BYTES = 1024 * 1024
View = Callable[..., HttpResponse]


def _error(status: int, message: str) -> HttpResponse:
    return JsonResponse({"error": message}, status=status)


def _user(request: HttpRequest) -> Any:
    """The account behind the credentials; None when there are none. Wrong ones
    count like wrong passwords (accounts/lockout.py) and raise Refused past the
    thresholds."""
    header = request.headers.get("Authorization", "")
    scheme, _sp, value = header.partition(" ")
    if scheme.lower() == "basic":
        try:
            email, _c, token = base64.b64decode(value).decode().partition(":")
        except ValueError:
            email, token = "", ""
        user = api_token_use(token)
        if user and user.email.lower() == email.strip().lower():
            return user
        credential = email.strip().lower() or token_credential(token)
    elif scheme.lower() == "bearer":
        user = api_token_use(value.strip())
        if user is not None:
            return user
        credential = token_credential(value)
    else:
        return None
    refusal = machine_auth_failed(request, credential)
    if refusal:
        raise Refused(refusal)
    return None


class Refused(Exception):
    """Too many failed authentications: answered 429."""


def xapi(view: View) -> View:
    """Version header in and out, authentication, errors as JSON with their status."""

    @csrf_exempt
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        version = request.headers.get("X-Experience-API-Version", "")
        if not version.startswith("1.0"):
            response = _error(400, "X-Experience-API-Version: this LRS speaks 1.0.x")
        else:
            response = _authenticated(request, view, *args, **kwargs)
        response["X-Experience-API-Version"] = VERSION
        return response

    return wrapped


def _authenticated(request: HttpRequest, view: View, *args: Any, **kwargs: Any) -> HttpResponse:
    try:
        user = _user(request)
    except Refused as refused:
        return _error(429, str(refused))
    if user is None:
        response = _error(401, "Authenticate with HTTP Basic: e-mail and API token")
        response["WWW-Authenticate"] = 'Basic realm="xAPI"'
        return response
    request.user = user
    try:
        return view(request, *args, **kwargs)
    except JSONRefused as e:  # too large, too deep, not storable
        return _error(e.status, str(e))
    except StatementError as e:
        return _error(400, str(e))
    except PermissionDenied as e:
        return _error(403, str(e) or "Forbidden")
    except Conflict as e:
        return _error(409, str(e))
    except PreconditionFailed as e:
        return _error(412, str(e))


def about(request: HttpRequest) -> HttpResponse:
    response = JsonResponse({"version": [VERSION]})
    response["X-Experience-API-Version"] = VERSION
    return response


def _body(request: HttpRequest) -> Any:
    if "json" not in (request.content_type or ""):
        raise StatementError("Content-Type: application/json (attachments are not supported)")
    return loads_checked(request.body or b"null", max_bytes=MAX_STATEMENTS_BYTES)


@xapi
def statements(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _statements_get(request)
    if request.method == "PUT":
        sid = request.GET.get("statementId")
        if not sid:
            raise StatementError("statementId: required to PUT a statement")
        body = _body(request)
        if isinstance(body, dict) and "id" in body and str(body["id"]) != str(as_uuid(sid, "id")):
            raise StatementError("statementId: differs from the statement's id")
        if isinstance(body, dict):
            body = {**body, "id": str(as_uuid(sid, "statementId"))}
        services.statements_store(actor=request.user, statements=[body])
        return HttpResponse(status=204)
    if request.method == "POST":
        body = _body(request)
        batch = body if isinstance(body, list) else [body]
        ids = services.statements_store(actor=request.user, statements=batch)
        return JsonResponse([str(i) for i in ids], safe=False)
    return _error(405, "GET, PUT or POST")


def _statements_get(request: HttpRequest) -> HttpResponse:
    if not services.may_use_lrs(request.user):
        raise PermissionDenied("This account may not read the learning record store.")
    params = request.GET
    for single, voided in (("statementId", False), ("voidedStatementId", True)):
        if params.get(single):
            others = set(params) - {single, "format", "attachments"}
            if others:
                raise StatementError(f"{single}: cannot be combined with {', '.join(others)}")
            found = selectors.statement_get(params[single], voided=voided)
            if found is None:
                return _error(404, "No such statement.")
            return JsonResponse(found.data)
    rows, cursor = selectors.statements_query(params)
    more = ""
    if cursor:
        query = params.copy()
        query["cursor"] = cursor
        more = f"{request.path}?{query.urlencode()}"
    response = JsonResponse({"statements": [r.data for r in rows], "more": more})
    response["X-Experience-API-Consistent-Through"] = timezone.now().isoformat()
    return response


def _where(request: HttpRequest, kind: str) -> tuple[DocumentKey, str]:
    """The document's key from the query string, and the name of its id parameter."""
    params = request.GET
    id_name = "stateId" if kind == "state" else "profileId"
    activity = agent = registration = ""
    if kind in ("state", "activity"):
        activity = params.get("activityId", "")
        if not is_iri(activity):
            raise StatementError("activityId: required, an IRI")
    if kind in ("state", "agent"):
        try:
            agent = agent_key(loads_checked(params.get("agent", ""), where="agent"), "agent")
        except JSONRefused as e:
            raise StatementError("agent: required, a JSON Agent object") from e
    if kind == "state" and params.get("registration"):
        registration = str(as_uuid(params["registration"], "registration"))
    key = DocumentKey(kind, activity, agent, registration, params.get(id_name, ""))
    if len(key.key) > MAX_KEY or len(activity) > MAX_ACTIVITY:
        raise StatementError(f"{id_name} or activityId: longer than the LRS keeps ({MAX_KEY}, "
                             f"{MAX_ACTIVITY} characters)")  # fmt: skip
    return key, id_name


def _documents(request: HttpRequest, kind: str) -> HttpResponse:
    where, id_name = _where(request, kind)
    if request.method in ("PUT", "POST"):
        if not where.key:
            raise StatementError(f"{id_name}: required")
        if len(request.body) > MAX_DOCUMENT_BYTES:
            raise JSONRefused(f"document: larger than {MAX_DOCUMENT_BYTES} bytes", status=413)
        if request.method == "POST" and "json" not in (request.content_type or ""):
            raise StatementError("Content-Type: application/json to merge a document (POST)")
        doc = services.document_put(
            actor=request.user, where=where, content=request.body,
            content_type=request.content_type or "application/octet-stream",
            merge=request.method == "POST", if_match=request.headers.get("If-Match"),
            if_none_match=request.headers.get("If-None-Match"),
        )  # fmt: skip
        response = HttpResponse(status=204)
        response["ETag"] = f'"{doc.etag}"'
        return response
    if request.method == "DELETE":
        if not where.key and kind != "state":
            raise StatementError(f"{id_name}: required")
        services.documents_delete(
            actor=request.user, where=where, if_match=request.headers.get("If-Match")
        )
        return HttpResponse(status=204)
    if request.method != "GET":
        return _error(405, "GET, PUT, POST or DELETE")
    if not services.may_use_lrs(request.user):
        raise PermissionDenied("This account may not read the learning record store.")
    if not where.key:
        ids = selectors.document_ids(
            kind, request.GET.get("since"), activity=where.activity, agent=where.agent,
            registration=where.registration,
        )  # fmt: skip
        return JsonResponse(ids, safe=False)
    found = selectors.document_get(**where.__dict__)
    if found is None:
        return _error(404, "No such document.")
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["ETag"] = f'"{found.etag}"'
    response["Last-Modified"] = found.updated.strftime("%a, %d %b %Y %H:%M:%S GMT")
    return response


@xapi
def state(request: HttpRequest) -> HttpResponse:
    return _documents(request, "state")


@xapi
def activity_profile(request: HttpRequest) -> HttpResponse:
    return _documents(request, "activity")


@xapi
def agent_profile(request: HttpRequest) -> HttpResponse:
    return _documents(request, "agent")
