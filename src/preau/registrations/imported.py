"""Enrolments that come from a training plan (GAIA), and the seat rule that a
session's capacity never drops below the seats already held.

Imported trainees are designated by their académie, but they take seats by the
same rules as everyone: a free seat if nobody waiting could take it, else the
waitlist. Nobody is ever confirmed beyond the capacity.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from preau.core.services import audit_record
from preau.registrations import notify
from preau.registrations.models import Registration
from preau.registrations.seats import seat_for
from preau.registrations.services import DbWaitlist, _lock, _plan, _promote
from preau.scheduling.models import TrainingSession

Status = Registration.Status


@dataclass
class ImportedEnrolment:
    added: int = 0
    removed: int = 0
    waitlisted: list[str] = field(default_factory=list)  # e-mail addresses, for the report
    kept: list[str] = field(default_factory=list)  # not removed: started, or ``remove`` False


@transaction.atomic
def registrations_sync_imported(
    *,
    session: TrainingSession,
    people: list[Any],
    actor: Any,
    now: datetime | None = None,
    remove: bool = True,
) -> ImportedEnrolment:
    """Make the imported enrolments of ``session`` exactly ``people``.

    Registrations made another way are left alone; once the session has
    started, nobody imported is removed any more (their attendance is a
    record), nor when ``remove`` is False (the plan could not be read whole).
    Newcomers get a seat if one is free, else the waitlist; each is
    told by e-mail, as is anyone removed."""
    now = now or timezone.now()
    session = _lock(session)
    result = ImportedEnrolment()
    wanted = {p.pk: p for p in people}
    active = Registration.objects.filter(session=session, status__in=Registration.ACTIVE)
    present = set(active.values_list("user_id", flat=True))
    started = session.starts_at is not None and session.starts_at <= now
    for registration in active.filter(source=Registration.Source.IMPORT).select_related("user"):
        if registration.user_id in wanted:
            continue
        if started or not remove:
            result.kept.append(registration.user.email)
            continue
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.cancel_reason = "removed from the imported plan"
        registration.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        notify.cancelled(registration)
        result.removed += 1
    if result.removed:
        _promote(session, now)
    plan = _plan(session)
    waitlist = DbWaitlist(session)
    for pk, person in wanted.items():
        if pk in present:
            continue
        seated, quota = seat_for(plan, person, waitlist)
        registration = Registration.objects.create(
            session=session, user=person, quota=quota,
            status=Status.CONFIRMED if seated else Status.WAITLISTED,
            source=Registration.Source.IMPORT,
            enrolled_by=actor if getattr(actor, "pk", None) else None,
            queued_at=now, confirmed_at=now if seated else None,
        )  # fmt: skip
        if seated:
            counted = quota.pk if quota else None
            plan.used[counted] = plan.used.get(counted, 0) + 1
        else:
            result.waitlisted.append(person.email)
        notify.registered(registration)
        result.added += 1
    if result.added or result.removed:
        audit_record(actor=actor, action="registration.imported", target=session,
                     data={"added": result.added, "removed": result.removed,
                           "waitlisted": len(result.waitlisted)})  # fmt: skip
    return result


def capacity_lowering_check(*, session: TrainingSession, capacity: int) -> None:
    """Refuse a capacity below the seats held, naming who would lose theirs."""
    holding = list(
        Registration.objects.filter(session=session, status__in=Registration.HOLDING)
        .select_related("user")
        .order_by("-confirmed_at", "-queued_at", "-pk")
    )
    excess = len(holding) - capacity
    if excess <= 0:
        return
    names = [
        f"{r.user.get_full_name()} ({r.user.email})" if r.user.get_full_name() else r.user.email
        for r in holding[:excess]
    ]
    shown = ", ".join(names[:10]) + (
        _(" and %(n)s more") % {"n": len(names) - 10} if len(names) > 10 else ""
    )
    if session.starts_at is not None and session.starts_at <= timezone.now():
        raise ValidationError(
            {
                "capacity": _(
                    "%(held)s people hold a seat in this session, which has started: "
                    "the capacity cannot go below %(held)s."
                )
                % {"held": len(holding)}
            }
        )
    raise ValidationError(
        {
            "capacity": ngettext(
                "%(held)s people hold a seat: the capacity cannot go below %(held)s. "
                "Cancel %(n)s registration first (the latest: %(names)s).",
                "%(held)s people hold a seat: the capacity cannot go below %(held)s. "
                "Cancel %(n)s registrations first (the latest: %(names)s).",
                excess,
            )
            % {"held": len(holding), "n": excess, "names": shown}
        }
    )
