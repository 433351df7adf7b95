"""Open Badges 2.0 hosted verification: public JSON documents and images,
readable by any backpack or verifier (CORS open, no personal data but a
salted hash of the e-mail address)."""

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from preau.catalog.models import Offer
from preau.core.filenames import content_disposition
from preau.credentials import badges
from preau.credentials.models import Attestation


def _json(data: dict[str, Any], status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), status=status,
        content_type="application/ld+json; charset=utf-8",
    )  # fmt: skip
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _png(data: bytes, name: str | None = None) -> HttpResponse:
    response = HttpResponse(data, content_type="image/png")
    response["Access-Control-Allow-Origin"] = "*"
    if name:
        response["Content-Disposition"] = content_disposition(name)
    return response


def _badge(code: str) -> Attestation:
    found = (
        Attestation.objects.select_related("user", "registration__session__offer")
        .filter(code=code.upper(), kind=badges.BADGE_KIND)
        .first()
    )
    if found is None:
        raise Http404("No badge has this code.")
    return found


@require_GET
def issuer(request: HttpRequest) -> HttpResponse:
    return _json(badges.issuer())


@require_GET
def badge_class(request: HttpRequest, pk: int) -> HttpResponse:
    return _json(badges.badge_class(get_object_or_404(Offer, pk=pk)))


@require_GET
def badge_image(request: HttpRequest, pk: int) -> HttpResponse:
    return _png(badges.badge_png(get_object_or_404(Offer, pk=pk).title))


@require_GET
def assertion(request: HttpRequest, code: str) -> HttpResponse:
    attestation = _badge(code)
    return _json(badges.assertion(attestation), status=410 if attestation.revoked_at else 200)


@require_GET
def baked(request: HttpRequest, code: str) -> HttpResponse:
    attestation = _badge(code)
    if attestation.revoked_at:
        raise Http404("This badge was revoked.")
    image = badges.badge_png(attestation.registration.session.offer.title)
    return _png(
        badges.bake(image, badges.assertion(attestation)), f"badge-{attestation.number}.png"
    )
