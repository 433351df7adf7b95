"""Needs survey, complaints register and improvement actions (Qualiopi 30–32)."""

from collections import Counter
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.accounts.models import RoleAssignment
from preau.accounts.roles import Capability, roles_with
from preau.accounts.scopes import Location, ScopePaths, filter_in_scope, user_may
from preau.catalog.choices import TimeSlot
from preau.catalog.models import Theme
from preau.core.mail import email_send
from preau.core.services import audit_record
from preau.evaluation import links
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
    territory: Territory | None = None, user: Any = None, session_text: str = "",
) -> Complaint:  # fmt: skip
    """Record a complaint. Nothing the person typed is e-mailed to the address
    they gave: a logged-in person filing with their own address is confirmed at
    once; anyone else gets a fixed message with a confirmation link, and the
    complaint reaches the staff only once it is followed."""
    complaint = Complaint(
        channel=channel, subject=subject.strip(), body=body.strip(), email=email.strip().lower(),
        session=session, territory=territory or (session.territory if session else None),
        session_text=session_text.strip(),
    )  # fmt: skip
    complaint.full_clean()
    complaint.save()
    own_address = getattr(user, "is_authenticated", False) and user.email.lower() == complaint.email
    if own_address:
        _complaint_confirmed(complaint, with_copy=True)
    else:
        email_send(
            to=[complaint.email],
            subject=_("Confirm your complaint"),
            body=_(
                "Hello,\n\nSomeone gave this address on Préau to file a complaint. If it was "
                "you, confirm it with this link: the complaint reaches our team only then.\n\n"
                "%(link)s\n\nIf it was not you, ignore this message: nothing else will be sent "
                "to you.\n"
            )
            % {"link": links.complaint_url(complaint)},
        )
    audit_record(actor=user if own_address else None, action="complaint.filed", target=complaint,
                 data={"confirmed": own_address})  # fmt: skip
    return complaint


@transaction.atomic
def complaint_confirm(*, complaint: Complaint) -> Complaint:
    """The person followed the link sent to the address: the complaint is filed
    (acknowledged, and sent to the staff who handle it). A second call does nothing."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.email_confirmed_at is None:
        _complaint_confirmed(complaint)
        audit_record(actor=None, action="complaint.confirmed", target=complaint)
    return complaint


def _complaint_confirmed(complaint: Complaint, with_copy: bool = False) -> None:
    """Acknowledge (with the answer delay) and tell the handlers. A copy of what
    was typed goes back only to a logged-in person's own address: a link
    confirmed from an address someone else typed must not carry their text
    (docs/security.md)."""
    complaint.email_confirmed_at = timezone.now()
    complaint.save(update_fields=["email_confirmed_at"])
    concerned = complaint.session_text or (str(complaint.session) if complaint.session else "")
    copy = _("Subject: %(s)s") % {"s": complaint.subject}
    if concerned:
        copy += "\n" + _("Session concerned: %(x)s") % {"x": concerned}
    values = {"n": complaint.pk, "days": settings.PREAU_COMPLAINT_REPLY_DAYS, "copy": copy,
              "body": complaint.body}  # fmt: skip
    if with_copy:
        body = _(
            "Hello,\n\nYour complaint no. %(n)s is registered. We answer within %(days)s days "
            "at most.\n\nWhat you sent us:\n\n%(copy)s\n\n%(body)s\n"
        )
    else:
        body = _(
            "Hello,\n\nYour complaint no. %(n)s is registered. We answer within %(days)s days "
            "at most.\n"
        )
    email_send(to=[complaint.email], subject=_("We received your complaint"), body=body % values)
    handlers = complaint_handlers(complaint)
    if handlers:
        site = settings.SITE_URL.rstrip("/")
        email_send(
            to=handlers,
            subject=_("New complaint no. %(n)s") % {"n": complaint.pk},
            body=_("Subject: %(s)s\n\n%(b)s\n\nReply from the register: %(url)s\n")
            % {"s": complaint.subject + (f" — {concerned}" if concerned else ""),
               "b": complaint.body,
               "url": site + reverse("evaluation:complaint", args=[complaint.pk])},
        )  # fmt: skip


def complaint_handlers(complaint: Complaint) -> list[str]:
    """Addresses of those who handle this complaint: its territory's handlers,
    or the national ones when the territory has none (or none is given)."""
    assignments = RoleAssignment.objects.filter(
        role__in=roles_with(Capability.HANDLE_COMPLAINTS), user__is_active=True
    )
    local = (
        assignments.filter(territory_id=complaint.territory_id)
        if complaint.territory_id
        else assignments.none()
    )
    if not local.exists():
        local = assignments.filter(
            territory__isnull=True, academie__isnull=True, atelier__isnull=True
        )
    return sorted(set(local.values_list("user__email", flat=True)))


def _location(territory_id: int | None) -> Location:
    return Location(territory_id) if territory_id else Location.national()


def may_handle(user: Any, complaint: Complaint) -> bool:
    return user_may(user, Capability.HANDLE_COMPLAINTS, _location(complaint.territory_id))


def complaints_for(user: Any) -> QuerySet[Complaint]:
    """The register a person handles: confirmed complaints of their territories."""
    qs = Complaint.objects.select_related("session__offer", "territory").filter(
        email_confirmed_at__isnull=False
    )
    return filter_in_scope(qs, user, Capability.HANDLE_COMPLAINTS, TERRITORY_PATHS)


def actions_for(user: Any) -> QuerySet[ImprovementAction]:
    qs = ImprovementAction.objects.select_related("owner", "complaint", "territory")
    return filter_in_scope(qs, user, Capability.HANDLE_COMPLAINTS, TERRITORY_PATHS)


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
    if complaint.email_confirmed_at is None:
        raise ValidationError(_("The address of this complaint is not confirmed."))
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
    action: ImprovementAction | None = None, territory: Territory | None = None,
) -> ImprovementAction:  # fmt: skip
    """Create or update an improvement action, linked to what caused it; it sits in
    the complaint's territory (or the one given; none is national)."""
    territory = complaint.territory if complaint else territory
    allowed = user_may(
        actor, Capability.HANDLE_COMPLAINTS, _location(getattr(territory, "pk", None))
    )
    if action is not None and action.pk:
        allowed = allowed and user_may(
            actor, Capability.HANDLE_COMPLAINTS, _location(action.territory_id)
        )
    if not allowed:
        raise PermissionDenied(_("You may not manage improvement actions here."))
    action = action or ImprovementAction()
    action.territory = territory
    action.title, action.description, action.owner = title.strip(), description.strip(), owner
    action.complaint, action.offer, action.state = complaint, offer, state
    action.done_at = timezone.now() if state == ImprovementAction.State.DONE else None
    action.full_clean()
    action.save()
    audit_record(actor=actor, action="improvement.saved", target=action, data={"state": state})
    return action
