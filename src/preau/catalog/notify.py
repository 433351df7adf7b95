"""E-mails of the reading committee; they leave once the transaction commits.

- a submission (or a minor change published at once) goes to its assigned
  reviewers (``committee.assigned_reviewers``);
- each decision goes to the authors, with the reviewer's comment;
- the weekly digest of the queue goes to each reviewer (``services.review_digests_send``).
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from preau.accounts.models import User
from preau.catalog.models import OfferEvent
from preau.core.mail import email_send

Kind = OfferEvent.Kind
DECISION_KINDS = (Kind.ACCEPTED, Kind.CHANGES_REQUESTED, Kind.REJECTED, Kind.MINOR_CHECKED)


def _url(name: str, *args: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def offer_event(event: OfferEvent) -> None:
    """Called by the services for every workflow step; most steps send nothing."""
    if event.kind in (Kind.SUBMITTED, Kind.MINOR_EDIT):
        transaction.on_commit(lambda: _submitted(event))
    elif event.kind in DECISION_KINDS:
        # The authors of the revision decided on, counted before this decision closes it.
        from preau.catalog.selectors import offer_authors

        authors = offer_authors(event.offer, before=event) - {event.actor_id}
        transaction.on_commit(lambda: _decided(event, authors))


def _submitted(event: OfferEvent) -> None:
    from preau.catalog.committee import assigned_reviewers

    offer = event.offer
    context = {
        "offer": offer,
        "event": event,
        "minor": event.kind == Kind.MINOR_EDIT,
        "revision": offer.published_version_id is not None,
        "link": _url("catalog:review_offer", offer.pk),
    }
    body = render_to_string("catalog/email/submitted.txt", context)
    subject = _("An offer to review: “%(t)s”") % {"t": offer.title}
    for reviewer in assigned_reviewers(offer):
        email_send(to=[reviewer.email], subject=subject, body=body)


def _decided(event: OfferEvent, authors: set[int]) -> None:
    offer = event.offer
    subjects = {
        Kind.ACCEPTED: _("Published: “%(t)s”"),
        Kind.CHANGES_REQUESTED: _("Changes requested: “%(t)s”"),
        Kind.REJECTED: _("Not accepted: “%(t)s”"),
        Kind.MINOR_CHECKED: _("Minor change checked: “%(t)s”"),
    }
    context = {
        "offer": offer,
        "event": event,
        "link": _url("catalog:manage_offer", offer.pk),
        "public_link": _url("catalog:offer", offer.pk) if offer.is_live else "",
    }
    body = render_to_string("catalog/email/decided.txt", context)
    subject = subjects[event.kind] % {"t": offer.title}  # type: ignore[index]
    for user in User.objects.filter(pk__in=authors, is_active=True).order_by("pk"):
        email_send(to=[user.email], subject=subject, body=body)


def digest(user: Any, rows: list[Any], mine: int) -> None:
    """The weekly digest of ``user``'s queue (rows from ``committee.queue``)."""
    context = {
        "user": user,
        "rows": rows[:20],
        "more": max(0, len(rows) - 20),
        "count": len(rows),
        "mine": mine,
        "link": _url("catalog:review_queue"),
        "settings_link": _url("catalog:review_queue") + "#digest",
    }
    email_send(
        to=[user.email],
        subject=_("Reading committee: %(n)s offer(s) waiting") % {"n": len(rows)},
        body=render_to_string("catalog/email/digest.txt", context),
    )
