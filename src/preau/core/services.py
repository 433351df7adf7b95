"""Writes shared by every app: the audit trail."""

from typing import Any

from django.db import models

from preau.core.models import AuditEvent


def audit_record(
    *, actor: Any, action: str, target: models.Model, data: dict[str, Any] | None = None
) -> AuditEvent:
    """Record that ``actor`` (a user, or None for the system) did ``action`` to ``target``."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )
