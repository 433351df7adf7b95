"""Verified e-mail addresses and one-click sign-in links.

An address is *verified* once its owner followed a link we e-mailed to it: the
sign-in link of a registration e-mail, a sign-up or password link. Until then
nothing is issued in that person's name (attestations wait: credentials listens
to ``email_verified``).

A sign-in link signs its person in once, within ``SIGNIN_MAX_AGE``: it is
signed (``django.core.signing``, its own salt) over a fingerprint of the
account's last login, password and address, so signing in, a new password or
a new address spends it. Its page asks for a click (mail scanners only follow
links) and can set a password in the same step.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme

from preau.accounts.models import User
from preau.core.services import audit_record

# sender=User, user=…, how=…: sent inside the transaction that verifies the address.
email_verified = Signal()

SIGNIN_SALT = "preau.accounts.signin"
SIGNIN_MAX_AGE = 60 * 60 * 24 * 7  # a week: the time to read a registration e-mail


@transaction.atomic
def user_email_verify(*, user: User, how: str) -> bool:
    """Mark the person's address verified (``how``: which link proved it).
    Returns False when it already was."""
    if user.email_verified_at is not None:
        return False
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    audit_record(actor=user, action="user.email_verified", target=user, data={"how": how})
    email_verified.send(sender=User, user=user, how=how)
    return True


def _fingerprint(user: User) -> str:
    login = user.last_login.replace(microsecond=0, tzinfo=None) if user.last_login else ""
    value = f"{user.pk}|{login}|{user.password}|{user.email}"
    return salted_hmac(SIGNIN_SALT, value, algorithm="sha256").hexdigest()[:32]


def signin_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "f": _fingerprint(user)}, salt=SIGNIN_SALT)


def signin_user(token: str) -> tuple[User | None, bool]:
    """(the person, still usable). (None, False) for a forged or altered link;
    (person, False) for a link that was used or is older than a week."""
    try:
        data = signing.loads(token, salt=SIGNIN_SALT)
    except signing.BadSignature:
        return None, False
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None, False
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    if user is None:
        return None, False
    try:
        signing.loads(token, salt=SIGNIN_SALT, max_age=SIGNIN_MAX_AGE)
    except signing.SignatureExpired:
        return user, False
    return user, constant_time_compare(str(data.get("f", "")), _fingerprint(user))


def safe_next(path: str | None) -> str:
    """A path on this site to go to after signing in, or ''."""
    if path and path.startswith("/") and url_has_allowed_host_and_scheme(path, None):
        return path
    return ""


def signin_link(user: User, next_path: str = "") -> str:
    from urllib.parse import urlencode

    url = settings.SITE_URL.rstrip("/") + reverse(
        "accounts:signin_link", kwargs={"token": signin_token(user)}
    )
    next_path = safe_next(next_path)
    return f"{url}?{urlencode({'suite': next_path})}" if next_path else url
