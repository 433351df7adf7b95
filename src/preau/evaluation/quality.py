"""Needs survey, complaints register and improvement actions (Qualiopi 30–32)."""

from collections import Counter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, ScopePaths, filter_in_scope, user_may
from preau.catalog.choices import TimeSlot
from preau.catalog.models import Theme
from preau.core.mail import email_send
from preau.core.services import audit_record
from preau.evaluation.models import Complaint, ImprovementAction, NeedsAnswer
from preau.network.models import Territory

TERRITORY_PATHS = ScopePaths(territory="territory_id")


def _codes(name: str, values: list[str], allowed: set[str]) -> list[str]:
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise ValidationError({name: _("Unknown values: %(v)s.") % {"v": ", ".join(wrong)}})
    return sorted(set(values))


@transaction.atomic
def needs_answer_record(
    *, territory: Territory, themes: list[str], slots: list[str], channels: list[str],
    wishes: str = "", user: Any = None,
) -> NeedsAnswer:  # fmt: skip
    """Anyone may answer, with or without an account, as often as they like."""
    answer = NeedsAnswer(
        territory=territory,
        themes=_codes("themes", themes, set(Theme.objects.values_list("code", flat=True))),
        slots=_codes("slots", slots, set(TimeSlot.values)),
        channels=_codes("channels", channels, set(NeedsAnswer.Channel.values)),
        wishes=wishes.strip()[:4000],
        user=user if getattr(user, "pk", None) else None,
    )
    if not (answer.themes or answer.slots or answer.channels or answer.wishes):
        raise ValidationError(_("Tell us at least one thing."))
    answer.save()
    return answer


def needs_summary(territory: Territory | None = None) -> dict[str, Any]:
    """Counts of each answer with N, for one territory or nationally."""
    answers = NeedsAnswer.objects.all()
    if territory is not None:
        answers = answers.filter(territory=territory)
    themes: Counter[str] = Counter()
    slots: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    n = 0
    for row in answers.values("themes", "slots", "channels"):
        n += 1
        themes.update(row["themes"])
        slots.update(row["slots"])
        channels.update(row["channels"])
    names = dict(Theme.objects.values_list("code", "name"))

    def table(counter: Counter[str], labels: dict[str, Any]) -> list[tuple[str, int, float]]:
        return [(str(labels.get(k, k)), c, round(100 * c / n, 1)) for k, c in counter.most_common()]

    return {
        "n": n,
        "themes": table(themes, names),
        "slots": table(slots, dict(TimeSlot.choices)),
        "channels": table(channels, dict(NeedsAnswer.Channel.choices)),
    }


@transaction.atomic
def complaint_file(
    *, channel: str, subject: str, body: str, email: str, session: Any = None,
    territory: Territory | None = None,
) -> Complaint:  # fmt: skip
    complaint = Complaint(
        channel=channel, subject=subject.strip(), body=body.strip(), email=email.strip().lower(),
        session=session, territory=territory or (session.territory if session else None),
    )  # fmt: skip
    complaint.full_clean()
    complaint.save()
    email_send(
        to=[complaint.email],
        subject=_("We received your complaint: %(s)s") % {"s": complaint.subject},
        body=_("Hello,\n\nYour complaint no. %(n)s is registered. We will answer you.\n")
        % {"n": complaint.pk},
    )
    return complaint


def may_handle(user: Any, complaint: Complaint) -> bool:
    location = Location(complaint.territory_id) if complaint.territory_id else Location.national()
    return user_may(user, Capability.VIEW_PERSONAL_DATA, location)


def complaints_for(user: Any) -> QuerySet[Complaint]:
    national = user_may(user, Capability.VIEW_PERSONAL_DATA, Location.national())
    qs = Complaint.objects.select_related("session__offer", "territory")
    return (
        qs
        if national
        else filter_in_scope(qs, user, Capability.VIEW_PERSONAL_DATA, TERRITORY_PATHS)
    )


@transaction.atomic
def complaint_reply(
    *,
    actor: Any,
    complaint: Complaint,
    reply: str,
    corrective_action: str = "",
    close: bool = False,
) -> Complaint:
    """Answer the person (by e-mail) and record the corrective action."""
    if not may_handle(actor, complaint):
        raise PermissionDenied(_("You may not handle this complaint."))
    if not reply.strip():
        raise ValidationError({"reply": _("Write the reply sent to the person.")})
    complaint.reply = reply.strip()
    complaint.corrective_action = corrective_action.strip()
    complaint.replied_at = complaint.replied_at or timezone.now()
    complaint.replied_by = actor
    complaint.state = Complaint.State.CLOSED if close else Complaint.State.ANSWERED
    complaint.save()
    email_send(
        to=[complaint.email],
        subject=_("Reply to your complaint: %(s)s") % {"s": complaint.subject},
        body=complaint.reply,
    )
    audit_record(actor=actor, action="complaint.replied", target=complaint)
    return complaint


@transaction.atomic
def improvement_action_save(
    *, actor: Any, title: str, owner: Any, description: str = "",
    complaint: Complaint | None = None, offer: Any = None, state: str = "planned",
    action: ImprovementAction | None = None,
) -> ImprovementAction:  # fmt: skip
    """Create or update an improvement action, linked to what caused it."""
    territory = complaint.territory if complaint else None
    location = Location(territory.pk) if territory else Location.national()
    if not user_may(actor, Capability.VIEW_INDICATORS, location):
        raise PermissionDenied(_("You may not manage improvement actions here."))
    action = action or ImprovementAction(territory=territory)
    action.title, action.description, action.owner = title.strip(), description.strip(), owner
    action.complaint, action.offer, action.state = complaint, offer, state
    action.done_at = timezone.now() if state == ImprovementAction.State.DONE else None
    action.full_clean()
    action.save()
    audit_record(actor=actor, action="improvement.saved", target=action, data={"state": state})
    return action
