"""Signed survey links: they stand for the invited person, no login needed."""

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "preau.evaluation.survey"


def token_for(invitation: Any) -> str:
    return signing.dumps({"i": invitation.pk}, salt=SALT, compress=True)


def read(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return None
    value = data.get("i") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def url(invitation: Any) -> str:
    path = reverse("evaluation:answer", kwargs={"token": token_for(invitation)})
    return f"{settings.SITE_URL.rstrip('/')}{path}"
