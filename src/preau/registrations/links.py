"""Signed links in e-mails, one purpose each (its own salt and lifetime).

Registration links (``PURPOSES``) name the registration *and* its person: a
link is refused if either changed, so it never opens someone else's data.
They show or act on one registration without logging in, as order links do
in ticketing shops; an action (cancel, take a seat) is a POST from the page the
link opens, so mail scanners that follow links change nothing.

- ``page``: "my registration", from which the person reaches the calendar file,
  check-in, attestations, surveys and cancelling (other apps add their items
  through ``registration_links``, see views_page.py);
- ``annuler`` / ``accepter``: the confirmation pages of cancelling and of taking
  an offered seat.

Another app adds a purpose with ``PURPOSES["name"] = Purpose(salt, max_age)``
and reads it back with ``registration_for(token, "name")``.
Signing in is the accounts app's link (accounts/signin.py). Tokens are
Django-signed values: core/logredact.py drops them from every log line.
"""

from typing import Any, NamedTuple

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "preau.registrations.link"
MAX_AGE = 60 * 60 * 24 * 400  # a link stays valid for the life of a school year and more


class Purpose(NamedTuple):
    salt: str
    max_age: int  # seconds


PURPOSES: dict[str, Purpose] = {
    # Shown until well after the session: attestations and cold surveys come later.
    "page": Purpose("preau.registrations.page", 60 * 60 * 24 * 500),
    "annuler": Purpose(SALT, MAX_AGE),
    "accepter": Purpose(SALT, MAX_AGE),
}


def token_for(registration: Any, action: str) -> str:
    purpose = PURPOSES[action]
    payload = {"r": registration.pk, "u": getattr(registration, "user_id", None), "a": action}
    return signing.dumps(payload, salt=purpose.salt, compress=True)


def _read(token: str, action: str) -> tuple[int, int | None] | None:
    purpose = PURPOSES.get(action)
    if purpose is None:
        return None
    try:
        data = signing.loads(token, salt=purpose.salt, max_age=purpose.max_age)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != action:
        return None
    registration_id, user_id = data.get("r"), data.get("u")
    if not isinstance(registration_id, int) or not isinstance(user_id, int | None):
        return None
    return registration_id, user_id


def read_token(token: str, action: str) -> int | None:
    """The registration id a link is for, or None if forged, altered, too old or
    for another purpose (the person is checked by ``registration_for``)."""
    found = _read(token, action)
    return found[0] if found else None


def registration_for(token: str, action: str) -> Any:
    """The registration a link is for, if it still belongs to the person the
    link was made for; else None. Links made before the person was signed in
    (older e-mails) name only the registration."""
    from preau.registrations.models import Registration

    found = _read(token, action)
    if found is None:
        return None
    registration_id, user_id = found
    rows = Registration.objects.select_related("session__offer", "session__atelier", "user")
    rows = rows.filter(pk=registration_id)
    if user_id is not None:
        rows = rows.filter(user_id=user_id)
    return rows.first()


def page_path(registration: Any) -> str:
    return reverse("registrations:page_link", kwargs={"token": token_for(registration, "page")})


def page_link(registration: Any) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{page_path(registration)}"


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
