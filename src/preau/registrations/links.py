"""Signed links in e-mails: cancel a place, take an offered seat, or confirm a
registration asked for with an address that has an account, without logging in."""

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "preau.registrations.link"
MAX_AGE = 60 * 60 * 24 * 400  # a link stays valid for the life of a school year and more


def token_for(registration: Any, action: str) -> str:
    return signing.dumps({"r": registration.pk, "a": action}, salt=SALT, compress=True)


def read_token(token: str, action: str) -> int | None:
    """The registration id a link is for, or None if forged, altered or for another action."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != action:
        return None
    value = data.get("r")
    return value if isinstance(value, int) else None


def link(registration: Any, action: str) -> str:
    path = reverse(
        "registrations:link", kwargs={"action": action, "token": token_for(registration, action)}
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


INVITATION_SALT = "preau.registrations.invitation"


def invitation_token(invitation: Any) -> str:
    return signing.dumps({"i": invitation.pk}, salt=INVITATION_SALT, compress=True)


def read_invitation_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    value = data.get("i") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def invitation_link(invitation: Any) -> str:
    path = reverse("registrations:invitation", kwargs={"token": invitation_token(invitation)})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


CONFIRM_SALT = "preau.registrations.confirm"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 7  # a week to confirm a registration asked by e-mail


def confirm_token(user: Any, session: Any) -> str:
    return signing.dumps({"u": user.pk, "s": session.pk}, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> tuple[int, int] | None:
    """(user id, session id) a confirmation link is for; None if forged or too old."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, session_id = data.get("u"), data.get("s")
    if isinstance(user_id, int) and isinstance(session_id, int):
        return user_id, session_id
    return None


def confirm_link(user: Any, session: Any) -> str:
    path = reverse("registrations:confirm", kwargs={"token": confirm_token(user, session)})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


CHECK_IN_SALT = "preau.attendance.personal"


def check_in_token(registration: Any) -> str:
    """A person's own check-in link: it marks them present, without a password,
    during one of the session's slots (see attendance/checkin.py)."""
    return signing.dumps({"r": registration.pk}, salt=CHECK_IN_SALT, compress=True)


def read_check_in_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=CHECK_IN_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    value = data.get("r") if isinstance(data, dict) else None
    return value if isinstance(value, int) else None


def check_in_link(registration: Any) -> str:
    """The absolute check-in link to put in a confirmation or reminder e-mail."""
    path = reverse("attendance:link", kwargs={"token": check_in_token(registration)})
    return f"{settings.SITE_URL.rstrip('/')}{path}"
