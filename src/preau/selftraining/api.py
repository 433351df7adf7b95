"""Self-training API: the resources and their xAPI activity IRIs (what a
learning platform puts in ``object.id`` of the statements it sends to /xapi)."""

from django.http import HttpRequest
from ninja import Router, Schema

from preau.selftraining.models import Resource

router = Router()


class ResourceOut(Schema):
    code: str
    title: str
    kind: str
    iri: str


@router.get("/resources", response=list[ResourceOut], summary="Self-training resources")
def resources(request: HttpRequest) -> list[ResourceOut]:
    return [
        ResourceOut(code=r.code, title=r.title, kind=r.kind, iri=r.iri)
        for r in Resource.objects.all()
    ]
