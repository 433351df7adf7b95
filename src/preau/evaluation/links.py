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


COMPLAINT_SALT = "preau.evaluation.complaint"
COMPLAINT_MAX_AGE = 60 * 60 * 24 * 7  # a week to confirm a complaint's address


def complaint_token(complaint: Any) -> str:
    return signing.dumps({"c": complaint.pk, "e": complaint.email}, salt=COMPLAINT_SALT)


def read_complaint_token(token: str) -> tuple[int, str] | None:
    """(complaint id, address) a confirmation link is for; None if forged or too old."""
    try:
        data = signing.loads(token, salt=COMPLAINT_SALT, max_age=COMPLAINT_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    return data["c"], str(data.get("e", ""))


def complaint_url(complaint: Any) -> str:
    path = reverse("evaluation:complaint_confirm", kwargs={"token": complaint_token(complaint)})
    return f"{settings.SITE_URL.rstrip('/')}{path}"
