"""Registering with just an e-mail address, without telling whether it has an account.

A new address: an account without password is created and registered at once
(the confirmation e-mail says how to choose a password). An address that has
an account: nothing is registered by the address alone; its owner gets a
signed link to confirm (or logs in). Either way the visitor reads the same
message, so the form does not reveal who has an account.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from preau.accounts.selectors import user_by_email
from preau.accounts.services import user_create
from preau.core.mail import email_send
from preau.core.services import audit_record
from preau.registrations import links
from preau.registrations.services import registration_create, registration_open_check
from preau.scheduling.models import TrainingSession


@transaction.atomic
def registration_request(
    *, session: TrainingSession, email: str, first_name: str, last_name: str
) -> None:
    """Raises ValidationError only for what does not depend on the address
    (the session is not open, the address is malformed)."""
    registration_open_check(session=session)
    user = user_by_email(email)
    if user is None:
        user = user_create(email=email, first_name=first_name, last_name=last_name)
        registration_create(session=session, user=user)
        return
    audit_record(
        actor=None,
        action="registration.confirmation_sent",
        target=user,
        data={"session": session.pk},
    )
    _confirmation_send(user, session)


def _confirmation_send(user: Any, session: TrainingSession) -> None:
    from django.urls import reverse

    title = session.offer.title
    email_send(
        to=[user.email],
        subject=_("Confirm your registration: %(t)s") % {"t": title},
        body=_(
            "Hello,\n\nSomeone (you, we hope) asked to register this address for “%(t)s” "
            "on %(site)s. As the address has an account, nothing is done until you "
            "confirm:\n\n%(url)s\n\nYou can also log in and register in one click:\n%(login)s"
            "\n\nThe link is valid for 7 days. If you did not ask for it, ignore this e-mail."
        )
        % {
            "t": title,
            "site": settings.OPERATOR_NAME,
            "url": links.confirm_link(user, session),
            "login": settings.SITE_URL
            + reverse("accounts:login")
            + "?next="
            + session.get_absolute_url(),
        },
    )
