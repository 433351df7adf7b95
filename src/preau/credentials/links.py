"""Signed attestation links for the registration page opened from an e-mail:
one attestation, for its holder, no login (the salt is this purpose's only)."""

from typing import Any

from django.core import signing
from django.urls import reverse

SALT = "preau.credentials.download"
MAX_AGE = 60 * 60 * 24 * 30  # the page makes a fresh one each time it is shown


def token_for(attestation: Any) -> str:
    return signing.dumps({"a": attestation.pk, "u": attestation.user_id}, salt=SALT)


def read(token: str) -> tuple[int, int] | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    attestation_id, user_id = data.get("a"), data.get("u")
    if isinstance(attestation_id, int) and isinstance(user_id, int):
        return attestation_id, user_id
    return None


def path(attestation: Any) -> str:
    return reverse("credentials:pdf_link", kwargs={"token": token_for(attestation)})
