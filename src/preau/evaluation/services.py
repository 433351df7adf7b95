"""Sending surveys, taking answers: once per person and survey, never early."""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.core.mail import email_send
from preau.evaluation import links
from preau.evaluation.models import Answer, Invitation, Level, OfferQuestion
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession

Kind = Invitation.Kind


def _invite(registration: Registration, kind: str, now: datetime) -> Invitation | None:
    invitation, created = Invitation.objects.get_or_create(
        registration=registration, kind=kind, defaults={"sent_at": now}
    )
    if not created:
        return None  # never twice
    _mail(invitation, "invitation")
    return invitation


def _mail(invitation: Invitation, template: str) -> None:
    registration = invitation.registration
    title = registration.session.offer.title
    subjects: dict[tuple[str, str], str] = {
        (Kind.HOT, "invitation"): _("Your opinion on “%(t)s”"),
        (Kind.COLD, "invitation"): _("Two months later: “%(t)s”"),
        (Kind.HOT, "reminder"): _("Reminder: your opinion on “%(t)s”"),
        (Kind.COLD, "reminder"): _("Reminder: two months later, “%(t)s”"),
    }
    subject = subjects[(invitation.kind, template)] % {"t": title}
    email_send(
        to=[registration.user.email],
        subject=subject,
        body=render_to_string(
            f"evaluation/email/{invitation.kind}.txt",
            {"r": registration, "title": title, "link": links.url(invitation)},
        ),
    )


def _attended(session: TrainingSession) -> Any:
    return Registration.objects.filter(
        session=session, status=Registration.Status.CONFIRMED, attended_minutes__gt=0
    ).select_related("user", "session__offer")


@transaction.atomic
def hot_surveys_send(*, session: TrainingSession, now: datetime | None = None) -> int:
    """At closing: every person who attended gets the end-of-training survey."""
    now = now or timezone.now()
    return sum(1 for r in _attended(session) if _invite(r, Kind.HOT, now))


def cold_surveys_send(now: datetime | None = None) -> int:
    """The periodic job: follow-up surveys PREAU_COLD_SURVEY_DAYS after a session
    ended, exactly once, never before."""
    now = now or timezone.now()
    due_before = now - timedelta(days=settings.PREAU_COLD_SURVEY_DAYS)
    sessions = TrainingSession.objects.filter(
        status=TrainingSession.Status.HELD, ends_at__lte=due_before
    )
    sent = 0
    for session in sessions.exclude(registrations__invitations__kind=Kind.COLD).distinct():
        with transaction.atomic():
            sent += sum(1 for r in _attended(session) if _invite(r, Kind.COLD, now))
    return sent


def survey_reminders_send(now: datetime | None = None) -> int:
    """One reminder, PREAU_SURVEY_REMINDER_DAYS after an unanswered invitation
    (within a week of that day: an old invitation is not chased months later)."""
    now = now or timezone.now()
    due_at = now - timedelta(days=settings.PREAU_SURVEY_REMINDER_DAYS)
    due = Invitation.objects.filter(
        answered_at__isnull=True,
        reminded_at__isnull=True,
        sent_at__lte=due_at,
        sent_at__gt=due_at - timedelta(days=7),
    ).select_related("registration__user", "registration__session__offer")
    sent = 0
    for invitation in due:
        with transaction.atomic():
            if Invitation.objects.filter(pk=invitation.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                _mail(invitation, "reminder")
                sent += 1
    return sent


def _level(data: dict[str, Any], name: str, required: bool) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        if required:
            raise ValidationError({name: _("Please answer this question.")})
        return None
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if level not in Level.values:
        raise ValidationError({name: _("Choose one of the four answers.")})
    return level


@transaction.atomic
def survey_answer(*, invitation: Invitation, data: dict[str, Any]) -> Answer:
    """Record the one answer to an invitation; a second one is refused."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("registration__session")
        .get(pk=invitation.pk)
    )
    if invitation.answered_at:
        raise ValidationError(_("You have already answered this survey: thank you."))
    answer = Answer(
        invitation=invitation, kind=invitation.kind, session=invitation.registration.session
    )
    if invitation.kind == Kind.HOT:
        answer.satisfaction = _level(data, "satisfaction", required=True)
        answer.transfer = _level(data, "transfer", required=True)
        answer.objectives_met = _level(data, "objectives_met", required=False)
        questions = OfferQuestion.objects.filter(offer_id=invitation.registration.session.offer_id)
        answer.extra = {q.text: str(data.get(f"q{q.pk}", ""))[:2000] for q in questions}
    else:
        impact = data.get("impact")
        if impact not in ("yes", "no"):
            raise ValidationError({"impact": _("Please answer this question.")})
        answer.impact = impact == "yes"
        answer.changes = str(data.get("changes", ""))[:4000]
    answer.comment = str(data.get("comment", ""))[:4000]
    answer.save()
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answered_at"])
    return answer


@transaction.atomic
def offer_question_add(*, actor: Any, offer: Any, text: str) -> OfferQuestion:
    """An offer's authors add a question to its end-of-training survey."""
    from django.core.exceptions import PermissionDenied

    from preau.accounts.roles import Capability
    from preau.accounts.scopes import user_may

    if not user_may(actor, Capability.EDIT_OFFERS, offer.location):
        raise PermissionDenied(_("You may not change this offer's survey."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    position = OfferQuestion.objects.filter(offer=offer).count()
    return OfferQuestion.objects.create(offer=offer, text=text[:255], position=position)


@transaction.atomic
def offer_question_remove(*, actor: Any, question: OfferQuestion) -> None:
    from django.core.exceptions import PermissionDenied

    from preau.accounts.roles import Capability
    from preau.accounts.scopes import user_may

    if not user_may(actor, Capability.EDIT_OFFERS, question.offer.location):
        raise PermissionDenied(_("You may not change this offer's survey."))
    question.delete()
