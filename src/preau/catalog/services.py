"""Every write on the catalog: offers, their versions and the editorial workflow."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may, user_may_somewhere
from preau.catalog import content as c
from preau.catalog import notify
from preau.catalog.indexing import entry_sync
from preau.catalog.models import (
    Offer,
    OfferEvent,
    OfferVersion,
    Programme,
    ReviewDigest,
    ReviewerPreference,
    ReviewRule,
    Theme,
)
from preau.catalog.reference import read_reference
from preau.catalog.selectors import is_author
from preau.core.services import audit_record
from preau.network.models import Atelier, Territory

Status = Offer.Status
Kind = OfferEvent.Kind


class Decision:
    ACCEPT = "accept"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"
    ALL = (ACCEPT, REQUEST_CHANGES, REJECT)


def _require(actor: Any, capability: str, location: Location) -> None:
    if not user_may(actor, capability, location):
        raise PermissionDenied(_("You may not do this for an offer owned here."))


def _locked(offer: Offer) -> Offer:
    return Offer.objects.select_for_update().get(pk=offer.pk)


def _version(offer: Offer, actor: Any, changed: list[str], minor: bool = False) -> OfferVersion:
    offer.version += 1
    offer.save(update_fields=["version", "updated_at"])
    return OfferVersion.objects.create(
        offer=offer,
        number=offer.version,
        content=c.snapshot(offer),
        changed_fields=changed,
        minor=minor,
        author=actor if getattr(actor, "pk", None) else None,
    )


def _event(
    offer: Offer, kind: str, actor: Any, comment: str = "", *, self_reviewed: bool = False
) -> OfferEvent:
    event = OfferEvent.objects.create(
        offer=offer,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        version=offer.version,
        comment=comment,
        self_reviewed=self_reviewed,
    )
    data: dict[str, Any] = {"v": offer.version}
    if self_reviewed:
        data["self_review"] = True  # four eyes skipped, as PREAU_CATALOG_SELF_REVIEW allows
    audit_record(actor=actor, action=f"offer.{kind}", target=offer, data=data)
    notify.offer_event(event)
    return event


def _publish(offer: Offer, version: OfferVersion) -> None:
    now = timezone.now()
    offer.published_version = version
    offer.status = Status.PUBLISHED
    offer.first_published_at = offer.first_published_at or now
    offer.public_updated_at = now
    offer.save()
    entry_sync(offer)


def _latest(offer: Offer) -> OfferVersion:
    return offer.versions.get(number=offer.version)


@transaction.atomic
def offer_create(
    *,
    actor: Any,
    data: dict[str, Any],
    territory: Territory | None = None,
    atelier: Atelier | None = None,
) -> Offer:
    """A new draft owned nationally, by ``territory`` or by ``atelier``."""
    return _create(actor, data, territory, atelier, check=True)


@transaction.atomic
def offer_import_draft(
    *, actor: Any, data: dict[str, Any], atelier: Atelier, external_ref: str
) -> Offer:
    """A draft made by an import (GAIA…): the importer has checked its caller's rights."""
    offer = _create(actor, data, None, atelier, check=False, external_ref=external_ref)
    return offer


def _create(
    actor: Any,
    data: dict[str, Any],
    territory: Territory | None,
    atelier: Atelier | None,
    *,
    check: bool,
    external_ref: str = "",
) -> Offer:
    if atelier is not None:
        territory = atelier.territory
    offer = Offer(
        territory=territory,
        academie=atelier.academie if atelier else None,
        atelier=atelier,
        created_by=actor if getattr(actor, "pk", None) else None,
        external_ref=external_ref,
    )
    if check:
        _require(actor, Capability.EDIT_OFFERS, offer.location)
    changes = c.clean_changes(data)
    c.apply(offer, changes)
    c.validate(offer)
    offer.save()
    c.apply_relations(offer, changes)
    _version(offer, actor, c.changed_fields({}, c.snapshot(offer)))
    _event(offer, Kind.CREATED, actor)
    return offer


@transaction.atomic
def offer_update(*, actor: Any, offer: Offer, data: dict[str, Any], minor: bool = False) -> Offer:
    """Edit the working copy. A published offer goes back to review, unless the
    editor flags the change as minor: then it goes live at once and the
    committee checks it later."""
    offer = _locked(offer)
    _require(actor, Capability.EDIT_OFFERS, offer.location)
    if offer.status == Status.ARCHIVED:
        raise ValidationError(_("An archived offer cannot be edited; restore it first."))
    changes = c.clean_changes(data)
    before = c.snapshot(offer)
    c.apply(offer, changes)
    c.validate(offer)
    offer.save()
    c.apply_relations(offer, changes)
    changed = c.changed_fields(before, c.snapshot(offer))
    if not changed:
        return offer
    was_published = offer.status == Status.PUBLISHED
    version = _version(offer, actor, changed, minor=minor and was_published)
    if was_published and minor:
        offer.minor_change_pending = True
        _publish(offer, version)
        _event(offer, Kind.MINOR_EDIT, actor)
    elif was_published:
        _check_complete(offer)
        offer.status = Status.SUBMITTED
        offer.save(update_fields=["status", "updated_at"])
        _event(offer, Kind.SUBMITTED, actor, _("Edited after publication."))
    else:
        if offer.status == Status.REJECTED:
            offer.status = Status.DRAFT
            offer.save(update_fields=["status", "updated_at"])
        _event(offer, Kind.EDITED, actor)
    return offer


def _check_complete(offer: Offer) -> None:
    missing = c.missing_for_review(c.snapshot(offer))
    if missing:
        raise ValidationError(
            _("Complete these fields before review: %(fields)s.") % {"fields": ", ".join(missing)}
        )


@transaction.atomic
def offer_submit(*, actor: Any, offer: Offer) -> Offer:
    offer = _locked(offer)
    _require(actor, Capability.EDIT_OFFERS, offer.location)
    if offer.status not in (Status.DRAFT, Status.CHANGES_REQUESTED, Status.REJECTED):
        raise ValidationError(_("Only a draft or an offer sent back can be submitted."))
    _check_complete(offer)
    offer.status = Status.SUBMITTED
    offer.save(update_fields=["status", "updated_at"])
    _event(offer, Kind.SUBMITTED, actor)
    return offer


@transaction.atomic
def offer_review(*, actor: Any, offer: Offer, decision: str, comment: str = "") -> Offer:
    """The reading committee's decision on a submitted offer or a minor change."""
    offer = _locked(offer)
    _require(actor, Capability.REVIEW_CATALOG, offer.location)
    comment = comment.strip()
    if decision not in Decision.ALL:
        raise ValidationError(_("Unknown decision: %(d)s.") % {"d": decision})
    if decision != Decision.ACCEPT and not comment:
        raise ValidationError({"comment": _("Explain the decision to the authors.")})
    self_reviewed = decision == Decision.ACCEPT and is_author(actor, offer)
    if self_reviewed and not settings.PREAU_CATALOG_SELF_REVIEW:
        raise PermissionDenied(
            _(
                "You wrote this offer or the version under review: another member of the "
                "reading committee must accept it (four eyes)."
            )
        )
    if offer.status == Status.SUBMITTED:
        _review_submission(actor, offer, decision, comment, self_reviewed)
    elif offer.status == Status.PUBLISHED and offer.minor_change_pending:
        _review_minor_change(actor, offer, decision, comment, self_reviewed)
    else:
        raise ValidationError(_("This offer is not waiting for review."))
    return offer


def _review_submission(
    actor: Any, offer: Offer, decision: str, comment: str, self_reviewed: bool
) -> None:
    if decision == Decision.ACCEPT:
        offer.minor_change_pending = False
        _publish(offer, _latest(offer))
        _event(offer, Kind.ACCEPTED, actor, comment, self_reviewed=self_reviewed)
    elif decision == Decision.REQUEST_CHANGES:
        offer.status = Status.CHANGES_REQUESTED
        offer.save(update_fields=["status", "updated_at"])
        _event(offer, Kind.CHANGES_REQUESTED, actor, comment)
    elif offer.published_version is not None:
        # A rejected revision of a live offer: the published text stays, and the
        # working copy returns to it.
        live = offer.published_version.content
        c.apply(offer, {k: v for k, v in live.items() if k not in ("themes", "programmes")})
        offer.status = Status.PUBLISHED
        offer.save()
        c.apply_relations(offer, live)
        _version(offer, actor, c.changed_fields(_latest(offer).content, live))
        _event(offer, Kind.REJECTED, actor, comment)
    else:
        offer.status = Status.REJECTED
        offer.save(update_fields=["status", "updated_at"])
        _event(offer, Kind.REJECTED, actor, comment)


def _review_minor_change(
    actor: Any, offer: Offer, decision: str, comment: str, self_reviewed: bool
) -> None:
    if decision == Decision.REJECT:
        raise ValidationError(_("A minor change is accepted or sent back, not rejected."))
    offer.minor_change_pending = False
    if decision == Decision.ACCEPT:
        offer.save(update_fields=["minor_change_pending", "updated_at"])
        _event(offer, Kind.MINOR_CHECKED, actor, comment, self_reviewed=self_reviewed)
    else:
        offer.status = Status.CHANGES_REQUESTED
        offer.save(update_fields=["minor_change_pending", "status", "updated_at"])
        _event(offer, Kind.CHANGES_REQUESTED, actor, comment)


def _may_archive(actor: Any, offer: Offer) -> bool:
    return user_may(actor, Capability.EDIT_OFFERS, offer.location) or user_may(
        actor, Capability.REVIEW_CATALOG, offer.location
    )


@transaction.atomic
def offer_archive(*, actor: Any, offer: Offer, comment: str = "") -> Offer:
    """Withdraw an offer from the catalog; its history is kept."""
    offer = _locked(offer)
    if not _may_archive(actor, offer):
        raise PermissionDenied(_("You may not do this for an offer owned here."))
    if offer.status == Status.ARCHIVED:
        raise ValidationError(_("This offer is already archived."))
    offer.status = Status.ARCHIVED
    offer.minor_change_pending = False
    offer.save(update_fields=["status", "minor_change_pending", "updated_at"])
    entry_sync(offer)
    _event(offer, Kind.ARCHIVED, actor, comment.strip())
    return offer


@transaction.atomic
def offer_restore(*, actor: Any, offer: Offer) -> Offer:
    """Bring an archived offer back as a draft; it goes through review again."""
    offer = _locked(offer)
    _require(actor, Capability.EDIT_OFFERS, offer.location)
    if offer.status != Status.ARCHIVED:
        raise ValidationError(_("Only an archived offer can be restored."))
    offer.status = Status.DRAFT
    offer.published_version = None
    offer.save(update_fields=["status", "published_version", "updated_at"])
    entry_sync(offer)
    _event(offer, Kind.RESTORED, actor)
    return offer


def _require_committee_admin(actor: Any) -> None:
    if not user_may(actor, Capability.REVIEW_CATALOG, Location.national()):
        raise PermissionDenied(_("Only the national reading committee edits who reviews what."))


@transaction.atomic
def review_rule_add(
    *, actor: Any, reviewer: Any, theme: Theme | None = None, territory: Territory | None = None
) -> ReviewRule:
    """Give ``reviewer`` the submissions of a theme, of a territory, or of both."""
    _require_committee_admin(actor)
    if not user_may_somewhere(reviewer, Capability.REVIEW_CATALOG):
        raise ValidationError(
            {"reviewer": _("%(who)s does not hold a role that reviews offers.") % {"who": reviewer}}
        )
    same = ReviewRule.objects.filter(reviewer=reviewer, theme=theme, territory=territory)
    if same.exists():
        raise ValidationError(_("This reviewer already has this rule."))
    rule = ReviewRule.objects.create(
        reviewer=reviewer, theme=theme, territory=territory, created_by=actor
    )
    audit_record(
        actor=actor,
        action="review_rule.added",
        target=rule,
        data={"reviewer": reviewer.pk, "theme": rule.theme_id, "territory": rule.territory_id},
    )
    return rule


@transaction.atomic
def review_rule_remove(*, actor: Any, rule: ReviewRule) -> None:
    _require_committee_admin(actor)
    data = {"reviewer": rule.reviewer_id, "theme": rule.theme_id, "territory": rule.territory_id}
    audit_record(actor=actor, action="review_rule.removed", target=rule, data=data)
    rule.delete()


@transaction.atomic
def reviewer_preference_set(*, actor: Any, weekly_digest: bool) -> ReviewerPreference:
    """A reviewer opts in or out of the weekly digest of the queue."""
    pref, _created = ReviewerPreference.objects.update_or_create(
        user=actor, defaults={"weekly_digest": weekly_digest}
    )
    audit_record(
        actor=actor, action="reviewer_preference.set", target=pref,
        data={"weekly_digest": weekly_digest},
    )  # fmt: skip
    return pref


def review_digests_send(now: datetime | None = None) -> int:
    """The periodic job: once per ISO week, each reviewer who has not opted out
    gets the digest of their queue (nothing when it is empty). Idempotent: a
    second run in the same week sends nothing. Returns the number sent."""
    from preau.catalog.committee import QueueFilters, digest_recipients, queue

    now = now or timezone.now()
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    sent = 0
    for user in digest_recipients():
        with transaction.atomic():
            record, created = ReviewDigest.objects.get_or_create(user=user, week=monday)
            if not created:
                continue
            rows = queue(user, QueueFilters(), now=now)
            record.waiting = len(rows)
            record.sent = bool(rows)
            record.save(update_fields=["waiting", "sent"])
            if rows:
                notify.digest(user, rows, mine=sum(1 for r in rows if r.mine))
                sent += 1
    return sent


@transaction.atomic
def catalog_reference_load() -> int:
    """Bring themes and programmes in line with the reference file (nothing is
    deleted; offers keep their links). Returns the number of rows created."""
    themes, programmes = read_reference()
    created = 0
    for model, rows in ((Theme, themes), (Programme, programmes)):
        for position, (code, name) in enumerate(rows):
            _, new = model.objects.update_or_create(
                code=code, defaults={"name": name, "position": position}
            )
            created += new
    return created
