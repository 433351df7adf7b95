"""Open Badges 2.0: every certificat de réalisation is a hosted badge whose
documents link up, whose recipient hash matches the holder, whose baked image
carries the assertion, and which answers 410 once revoked."""

import io
import json

import pytest
from django.utils import timezone
from PIL import Image

from preau.credentials import badges
from preau.credentials.models import Attestation

from .test_attestations import closed  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _local(client, absolute_url):
    from django.conf import settings

    assert absolute_url.startswith(settings.SITE_URL + "/")  # ids are absolute URLs
    return client.get(absolute_url.removeprefix(settings.SITE_URL))


def test_a_certificate_is_a_verifiable_hosted_badge(client, closed):  # noqa: F811
    session, came, _missed = closed
    certificate = Attestation.objects.get(user=came, kind="realisation")
    response = client.get(f"/badges/{certificate.code}.json")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    assertion = response.json()
    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["type"] == "Assertion" and assertion["verification"] == {"type": "hosted"}
    assert _local(client, assertion["id"]).json() == assertion  # hosted: the id serves it
    recipient = assertion["recipient"]
    assert recipient["hashed"] and recipient["type"] == "email"
    assert recipient["identity"] == badges.recipient_identity(came.email.upper(), recipient["salt"])
    assert came.email not in response.content.decode()  # only the salted hash is published

    badge = _local(client, assertion["badge"]).json()
    assert (badge["type"], badge["name"]) == ("BadgeClass", session.offer.title)
    assert badge["criteria"]["narrative"]
    issuer = _local(client, badge["issuer"]).json()
    assert issuer["type"] == "Issuer" and issuer["name"] and issuer["url"]
    assert "@" in issuer["email"] and "<" not in issuer["email"]
    image = _local(client, badge["image"])
    assert Image.open(io.BytesIO(image.content)).size == (400, 400)

    presence = Attestation.objects.get(user=came, kind="presence")
    assert client.get(f"/badges/{presence.code}.json").status_code == 404  # not an achievement


def test_the_baked_image_carries_its_assertion_and_revocation_is_public(client, closed):  # noqa: F811
    _session, came, _missed = closed
    certificate = Attestation.objects.get(user=came, kind="realisation")
    png = client.get(f"/badges/{certificate.code}.png").content
    Image.open(io.BytesIO(png)).verify()  # still a valid PNG with the extra chunk
    text = badges.baked_text(png)
    assert text is not None
    baked = json.loads(text)
    assert baked["id"].endswith(f"/badges/{certificate.code}.json")
    assert baked == client.get(f"/badges/{certificate.code}.json").json()

    certificate.revoked_at = timezone.now()
    certificate.save()
    gone = client.get(f"/badges/{certificate.code}.json")
    assert gone.status_code == 410 and gone.json()["revoked"] is True
    assert client.get(f"/badges/{certificate.code}.png").status_code == 404
    assert client.get("/badges/NOPE.json").status_code == 404
