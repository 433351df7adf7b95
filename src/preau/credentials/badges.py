"""Open Badges 2.0 with hosted verification, issued with every certificat de
réalisation: the Issuer profile, one BadgeClass per offer, one Assertion per
certificate, and the badge image "baked" with its assertion (a PNG ``iTXt``
chunk, keyword ``openbadges``). Hosted verification: each ``id`` is an HTTPS
URL serving the JSON; a revoked certificate answers 410 with ``revoked``.
"""

import hashlib
import hmac
import io
import json
import struct
import textwrap
import zlib
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any

import reportlab
from django.conf import settings
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from preau.catalog.models import Offer
from preau.credentials.models import Attestation

CONTEXT = "https://w3id.org/openbadges/v2"
BADGE_KIND = Attestation.Kind.REALISATION  # the achievement; presence alone is not one


def url(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(f"credentials:{name}", kwargs=kwargs or None)


def issuer() -> dict[str, Any]:
    return {
        "@context": CONTEXT, "type": "Issuer", "id": url("badge_issuer"),
        "name": settings.OPERATOR_NAME, "url": settings.SITE_URL,
        "email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],  # the address, not "Name <…>"
    }  # fmt: skip


def badge_class(offer: Offer) -> dict[str, Any]:
    objectives = "; ".join(offer.objectives) if offer.objectives else offer.summary
    return {
        "@context": CONTEXT, "type": "BadgeClass", "id": url("badge_class", pk=offer.pk),
        "name": offer.title, "description": offer.summary or offer.title,
        "image": url("badge_image", pk=offer.pk),
        "criteria": {
            "id": settings.SITE_URL + offer.get_absolute_url(),
            "narrative": f"Formation suivie jusqu’au bout (certificat de réalisation). "
                         f"Objectifs : {objectives}",
        },
        "issuer": url("badge_issuer"),
        "tags": [t.name for t in offer.themes.all()],
    }  # fmt: skip


def _salt(attestation: Attestation) -> str:
    """Stable per badge, never stored: derived from the secret key and its code."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, attestation.code.encode(), hashlib.sha256).hexdigest()[:16]


def recipient_identity(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()


def assertion(attestation: Attestation) -> dict[str, Any]:
    offer_id = attestation.registration.session.offer_id
    salt = _salt(attestation)
    data: dict[str, Any] = {
        "@context": CONTEXT, "type": "Assertion",
        "id": url("badge_assertion", code=attestation.code),
        "recipient": {"type": "email", "hashed": True, "salt": salt,
                      "identity": recipient_identity(attestation.user.email, salt)},
        "badge": url("badge_class", pk=offer_id),
        "verification": {"type": "hosted"},
        "issuedOn": attestation.issued_at.isoformat(),
        "image": url("badge_baked", code=attestation.code),
        "evidence": {"id": settings.SITE_URL + attestation.verification_path,
                     "narrative": f"Certificat de réalisation n° {attestation.number}"},
    }  # fmt: skip
    if attestation.revoked_at:
        data["revoked"] = True
        data["revocationReason"] = "Certificat annulé"
    return data


def _font(name: str, size: int) -> Any:
    """Bitstream Vera, shipped with ReportLab: it has the accented letters French needs."""
    return ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / name), size)


@lru_cache(maxsize=256)
def badge_png(title: str) -> bytes:
    """The badge picture: a DSFR-blue disc with the operator's initial and the title."""
    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(0, 0, 145, 255), outline=(225, 0, 15, 255),
                 width=10)  # fmt: skip
    big, small = _font("VeraBd.ttf", 96), _font("Vera.ttf", 24)
    draw.text((size / 2, 120), settings.OPERATOR_NAME[:1], font=big, fill="white", anchor="mm")
    for i, line in enumerate(textwrap.wrap(title, 22)[:4]):
        draw.text((size / 2, 215 + 32 * i), line, font=small, fill="white", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bake(png: bytes, payload: dict[str, Any]) -> bytes:
    """The PNG with one ``iTXt`` chunk ``openbadges`` holding the assertion, before IEND."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    # keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translated
    # keyword, NUL, then the UTF-8 text.
    itxt = _chunk(b"iTXt", b"openbadges\x00\x00\x00\x00\x00" + text)
    end = png.rindex(b"IEND") - 4  # the IEND chunk starts with its 4-byte length
    return png[:end] + itxt + png[end:]


def baked_text(png: bytes) -> str | None:
    """The ``openbadges`` iTXt text of a PNG (what a backpack reads), or None."""
    pos = 8  # after the PNG signature
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"iTXt" and data.startswith(b"openbadges\x00"):
            return data.split(b"\x00", 5)[5].decode()
        pos += 12 + length
    return None
