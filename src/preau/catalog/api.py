"""Catalog API: search and read published offers (public); write offers (token)."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from preau.api_auth import AUTH
from preau.catalog import selectors, services
from preau.catalog.facets import FACETS_BY_KEY
from preau.catalog.models import Offer, Programme, Theme
from preau.catalog.search import CatalogQuery, catalog_search
from preau.network.models import Atelier, Territory

router = Router()


class CodeName(Schema):
    code: str
    name: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    key: str
    label: str
    values: list[FacetValueOut]


class OfferSummary(Schema):
    id: int
    title: str
    summary: str
    themes: list[str]
    modality: str
    format: str
    duration_hours: str | None
    owner: str
    first_published_at: str
    updated_at: str
    url: str


class SearchOut(Schema):
    count: int
    page: int
    pages: int
    results: list[OfferSummary]
    facets: list[FacetOut]


class SearchParams(Schema):
    q: str = Field("", max_length=200, description="Words; accents and endings do not matter.")
    sort: str = Field("relevance", pattern="^(relevance|date|title)$")
    page: int = Field(1, ge=1, le=500)
    per_page: int = Field(20, ge=1, le=100)
    theme: list[str] = []
    slot: list[str] = Field([], description="weekday_morning, weekday_afternoon, …")
    where: list[str] = Field([], description="online, or a département code (sessions)")
    date_from: date | None = Field(None, description="Sessions from this day")
    date_to: date | None = Field(None, description="Sessions until this day")
    modality: list[str] = []
    format: list[str] = []
    audience: list[str] = []
    level: list[str] = []
    career: list[str] = []
    rhythm: list[str] = []
    programme: list[str] = []
    price: list[str] = []
    territory: list[str] = []
    academie: list[str] = []
    atelier: list[str] = []


class OfferOut(Schema):
    id: int
    url: str
    status: str
    owner: str
    first_published_at: str | None
    updated_at: str | None
    content: dict[str, Any]


class OfferIn(Schema):
    content: dict[str, Any] = Field(..., description="Offer fields, e.g. title, objectives…")
    territory: str | None = Field(None, description="Owner territory code (e.g. DT-BFC)")
    atelier: str | None = Field(None, description="Owner Atelier code (e.g. 21)")


class OfferPatch(Schema):
    content: dict[str, Any]
    minor: bool = False


class DraftOut(Schema):
    id: int
    status: str
    version: int


@router.get("/offers", response=SearchOut, summary="Search published offers")
def search_offers(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    filters = {k: tuple(getattr(params, k)) for k in FACETS_BY_KEY if getattr(params, k)}
    query = CatalogQuery(
        params.q, filters, params.sort, params.page, params.per_page,
        params.date_from, params.date_to,
    )  # fmt: skip
    page = catalog_search(query)
    return SearchOut(
        count=page.total,
        page=params.page,
        pages=page.pages,
        results=[
            OfferSummary(
                id=e.offer_id,
                title=e.title,
                summary=e.summary,
                themes=list(e.theme_names),
                modality=e.modality,
                format=e.format,
                duration_hours=str(e.duration_hours) if e.duration_hours is not None else None,
                owner=e.owner_label,
                first_published_at=e.first_published_at.isoformat(),
                updated_at=e.public_updated_at.isoformat(),
                url=request.build_absolute_uri(f"/catalogue/offres/{e.offer_id}/"),
            )
            for e in page.entries
        ],
        facets=[
            FacetOut(
                key=f.key, label=f.label, values=[FacetValueOut(**v.__dict__) for v in f.values]
            )
            for f in page.facets
        ],
    )


def _offer_out(request: HttpRequest, offer: Offer, content: dict[str, Any]) -> OfferOut:
    return OfferOut(
        id=offer.pk,
        url=request.build_absolute_uri(offer.get_absolute_url()),
        status=offer.status,
        owner=str(offer.owner_label),
        first_published_at=offer.first_published_at.isoformat()
        if offer.first_published_at
        else None,
        updated_at=offer.public_updated_at.isoformat() if offer.public_updated_at else None,
        content=content,
    )


@router.get("/offers/{offer_id}", response=OfferOut, summary="A published offer")
def get_offer(request: HttpRequest, offer_id: int) -> OfferOut:
    view = selectors.public_offer(offer_id)
    if view is None:
        raise Http404("No published offer has this id.")
    return _offer_out(request, view.offer, view.content)


@router.get("/themes", response=list[CodeName], summary="The national themes")
def list_themes(request: HttpRequest) -> Any:
    return Theme.objects.all()


@router.get("/programmes", response=list[CodeName], summary="The programmes")
def list_programmes(request: HttpRequest) -> Any:
    return Programme.objects.all()


def _calling(service: Any, **kwargs: Any) -> Offer:
    try:
        return service(**kwargs)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Not allowed here.") from exc
    except ValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise HttpError(422, str(detail)) from exc


def _owner(body: OfferIn) -> dict[str, Any]:
    if body.atelier:
        atelier = Atelier.objects.filter(code=body.atelier).first()
        if atelier is None:
            raise HttpError(422, f"Unknown Atelier code: {body.atelier}")
        return {"atelier": atelier}
    if body.territory:
        territory = Territory.objects.filter(code=body.territory).first()
        if territory is None:
            raise HttpError(422, f"Unknown territory code: {body.territory}")
        return {"territory": territory}
    return {}


def _draft(offer: Offer) -> DraftOut:
    return DraftOut(id=offer.pk, status=offer.status, version=offer.version)


def _editable(request: HttpRequest, offer_id: int) -> Offer:
    offer = selectors.editable_offer(request.user, offer_id)
    if offer is None:
        raise Http404("No offer you may edit has this id.")
    return offer


@router.post("/offers", response={201: DraftOut}, summary="Write a draft offer", auth=AUTH)
def create_offer(request: HttpRequest, body: OfferIn) -> Status:
    offer = _calling(services.offer_create, actor=request.user, data=body.content, **_owner(body))
    return Status(201, _draft(offer))


@router.patch("/offers/{offer_id}", response=DraftOut, summary="Edit an offer", auth=AUTH)
def update_offer(request: HttpRequest, offer_id: int, body: OfferPatch) -> DraftOut:
    offer = _editable(request, offer_id)
    offer = _calling(
        services.offer_update, actor=request.user, offer=offer, data=body.content, minor=body.minor
    )
    return _draft(offer)


@router.post("/offers/{offer_id}/submit", response=DraftOut, summary="Submit for review", auth=AUTH)
def submit_offer(request: HttpRequest, offer_id: int) -> DraftOut:
    offer = _calling(services.offer_submit, actor=request.user, offer=_editable(request, offer_id))
    return _draft(offer)
