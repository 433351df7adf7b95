"""Editing the wording of e-mails (core/messaging.py) and reading one's messages.

Only national administrators edit wordings; everybody reads the log of the
messages sent to them."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from preau.accounts.roles import Capability
from preau.accounts.scopes import Location, user_may
from preau.core.messaging import MessageKind, languages, wording_check
from preau.core.models import MessageTemplate, SentMessage
from preau.core.services import audit_record


def may_edit_wordings(user: Any) -> bool:
    return user_may(user, Capability.ADMINISTER, Location.national())


def _require(actor: Any) -> None:
    if not may_edit_wordings(actor):
        raise PermissionDenied(_("Only national administrators edit the e-mails' wording."))


@transaction.atomic
def message_template_save(
    *, actor: Any, kind: MessageKind, language: str, subject: str, body: str
) -> MessageTemplate:
    """Replace the default wording of ``kind`` in ``language`` (variables only)."""
    _require(actor)
    if language not in languages():
        raise ValidationError({"language": _("Unknown language.")})
    subject, body = subject.strip(), body.replace("\r\n", "\n").strip() + "\n"
    if not subject or not body.strip():
        raise ValidationError(_("Give a subject and a text."))
    wording_check(kind=kind, subject=subject, body=body)
    template, _created = MessageTemplate.objects.update_or_create(
        key=kind.key,
        language=language,
        defaults={"subject": subject, "body": body, "updated_by": actor},
    )
    audit_record(actor=actor, action="message_template.saved", target=template,
                 data={"key": kind.key, "language": language})  # fmt: skip
    return template


@transaction.atomic
def message_template_reset(*, actor: Any, kind: MessageKind, language: str) -> bool:
    """Back to the default wording; True if an edited one was dropped."""
    _require(actor)
    template = MessageTemplate.objects.filter(key=kind.key, language=language).first()
    if template is None:
        return False
    audit_record(actor=actor, action="message_template.reset", target=template,
                 data={"key": kind.key, "language": language})  # fmt: skip
    template.delete()
    return True


def edited_wordings() -> dict[tuple[str, str], MessageTemplate]:
    return {(t.key, t.language): t for t in MessageTemplate.objects.select_related("updated_by")}


def messages_received(user: Any) -> QuerySet[SentMessage]:
    return SentMessage.objects.filter(recipient=user).order_by("-created_at", "-id")
