"""Invitations: someone a partner listed but may not enrol directly (another
académie's teacher, a staff account) is asked by e-mail; only their acceptance
registers them, through the usual seat rules (registration_create)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from preau.core.mail import email_send
from preau.core.messaging import message_send
from preau.core.services import audit_record
from preau.registrations import links
from preau.registrations.group import enroller_label
from preau.registrations.messages import INVITED
from preau.registrations.models import Invitation, Registration
from preau.scheduling.messages import session_text
from preau.scheduling.models import TrainingSession


@transaction.atomic
def invitation_create(
    *, session: TrainingSession, user: Any, actor: Any, reason: str
) -> Invitation:
    invitation = Invitation.objects.create(
        session=session, user=user, invited_by=actor, reason=reason
    )
    audit_record(actor=actor, action="invitation.created", target=invitation,
                 data={"session": session.pk, "reason": reason})  # fmt: skip
    values = {
        "name": user.first_name or user.email,
        "offer_title": session.offer.title,
        "session": session_text(session),
        "who": enroller_label(actor),
        "link": links.invitation_link(invitation),
    }
    message_send(key=INVITED.key, recipient=user, values=values)
    return invitation


@transaction.atomic
def invitation_answer(*, invitation: Invitation, accept: bool) -> Invitation:
    """The invited person accepts (registered like anyone: a seat, a reserved
    seat if theirs is verified, or the waitlist) or declines (the partner is told)."""
    from preau.registrations.services import registration_create

    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("session__offer", "user", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    if accept:
        invitation.registration = registration_create(
            session=invitation.session, user=invitation.user, actor=invitation.user,
            source=Registration.Source.PARTNER, enrolled_by=invitation.invited_by,
        )  # fmt: skip
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at", "registration"])
    audit_record(actor=invitation.user, action="invitation.answered", target=invitation,
                 data={"accepted": accept})  # fmt: skip
    partner = invitation.invited_by
    if partner is not None and partner.is_active:
        session = invitation.session
        url = settings.SITE_URL.rstrip("/") + session.get_absolute_url()
        values = {"who": invitation.user.email, "t": session.offer.title, "url": url}
        if accept:
            subject = _("Invitation accepted: %(t)s") % values
            body = _("Hello,\n\n%(who)s accepted your invitation to %(t)s and is registered "
                     "through the usual seat rules.\n%(url)s\n") % values  # fmt: skip
        else:
            subject = _("Invitation declined: %(t)s") % values
            body = _("Hello,\n\n%(who)s declined your invitation to %(t)s: they are not "
                     "registered.\n%(url)s\n") % values  # fmt: skip
        email_send(to=[partner.email], subject=subject, body=body)
    return invitation
