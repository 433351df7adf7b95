from django.http import Http404, HttpRequest
from ninja import Router, Schema

from preau.network import selectors
from preau.network.models import Atelier, Territory

router = Router()


class DepartementOut(Schema):
    code: str
    name: str


class AcademieOut(Schema):
    code: str
    name: str
    departements: list[DepartementOut]


class TerritoryOut(Schema):
    code: str
    kind: str
    name: str
    academies: list[AcademieOut]


class AtelierOut(Schema):
    code: str
    name: str
    town: str
    address: str
    postal_code: str
    email: str
    phone: str
    timezone: str
    departement: str
    academie: str
    territory: str
    url: str


def _territory_out(t: Territory) -> TerritoryOut:
    return TerritoryOut(
        code=t.code,
        kind=t.kind,
        name=t.name,
        academies=[
            AcademieOut(
                code=a.code,
                name=a.name,
                departements=[
                    DepartementOut(code=d.code, name=d.name) for d in a.departements.all()
                ],
            )
            for a in t.academies.all()
        ],
    )


def _atelier_out(request: HttpRequest, a: Atelier) -> AtelierOut:
    return AtelierOut(
        code=a.code,
        name=a.name,
        town=a.town,
        address=a.address,
        postal_code=a.postal_code,
        email=a.email,
        phone=a.phone,
        timezone=a.timezone,
        departement=a.departement.code,
        academie=a.academie.code,
        territory=a.territory.code,
        url=request.build_absolute_uri(a.get_absolute_url()),
    )


@router.get(
    "/territories",
    response=list[TerritoryOut],
    summary="Territories with their académies and départements",
)
def territories(request: HttpRequest) -> list[TerritoryOut]:
    return [_territory_out(t) for t in selectors.territories_with_tree()]


@router.get(
    "/ateliers",
    response=list[AtelierOut],
    summary="Ateliers, optionally of one territory or académie",
)
def ateliers(
    request: HttpRequest, territory: str | None = None, academie: str | None = None
) -> list[AtelierOut]:
    qs = selectors.ateliers()
    if territory:
        qs = qs.filter(territory__code=territory)
    if academie:
        qs = qs.filter(academie__code=academie)
    return [_atelier_out(request, a) for a in qs]


@router.get("/ateliers/{code}", response=AtelierOut, summary="One Atelier")
def atelier(request: HttpRequest, code: str) -> AtelierOut:
    a = selectors.atelier_by_code(code)
    if a is None:
        raise Http404("No Atelier with this code")
    return _atelier_out(request, a)
