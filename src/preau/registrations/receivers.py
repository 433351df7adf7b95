"""Registrations follow what happens to sessions."""

from typing import Any

from django.dispatch import receiver

from preau.registrations import services
from preau.registrations.imported import capacity_lowering_check
from preau.scheduling.signals import (
    session_cancelled,
    session_capacity_lowering,
    session_capacity_raised,
    session_rescheduled,
)


@receiver(session_cancelled)
def _on_session_cancelled(sender: Any, session: Any, reason: str, **kwargs: Any) -> None:
    services.session_registrations_cancel(session=session, reason=reason)


@receiver(session_capacity_raised)
def _on_capacity_raised(sender: Any, session: Any, **kwargs: Any) -> None:
    services.session_promote(session=session)


@receiver(session_capacity_lowering)
def _on_capacity_lowering(sender: Any, session: Any, capacity: int, **kwargs: Any) -> None:
    capacity_lowering_check(session=session, capacity=capacity)  # raises to refuse


@receiver(session_rescheduled)
def _on_rescheduled(
    sender: Any,
    session: Any,
    changes: tuple[str, ...] = ("slots",),
    removed_slots: Any = (),
    **kwargs: Any,
) -> int:
    return services.session_registrations_tell_rescheduled(
        session=session, changes=changes, removed_slots=list(removed_slots)
    )
