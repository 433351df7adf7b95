"""Self-training API: the resources, and consultations sent as xAPI statements."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from preau.api_auth import AUTH
from preau.selftraining.models import Resource
from preau.selftraining.services import consultations_record

router = Router()


class ResourceOut(Schema):
    code: str
    title: str
    kind: str
    iri: str


class RecordedOut(Schema):
    stored: int
    already: int


@router.get("/resources", response=list[ResourceOut], summary="Self-training resources")
def resources(request: HttpRequest) -> list[ResourceOut]:
    return [
        ResourceOut(code=r.code, title=r.title, kind=r.kind, iri=r.iri)
        for r in Resource.objects.all()
    ]


@router.post("/statements", response=RecordedOut, auth=AUTH, summary="Record consultations (xAPI)")
def statements(request: HttpRequest, payload: list[dict[str, Any]]) -> RecordedOut:
    """A list of xAPI statements (verb experienced, launched or attempted; object id
    = a resource's IRI; timestamp with its zone; actor mbox optional). All or
    nothing; statements with an id are stored once."""
    try:
        done = consultations_record(actor=request.user, statements=payload)
    except PermissionDenied as e:
        raise HttpError(403, str(e)) from e
    except ValidationError as e:
        detail = e.message_dict if hasattr(e, "error_dict") else {"statements": e.messages}
        raise HttpError(422, "; ".join(f"{k}: {', '.join(v)}" for k, v in detail.items())) from e
    return RecordedOut(stored=done.stored, already=done.already)
