"""A newly verified affiliation may open reserved seats the person is waiting for."""

from typing import Any

from django.dispatch import receiver

from preau.accounts.affiliation import affiliation_verified
from preau.registrations import services
from preau.registrations.models import Registration
from preau.scheduling.models import TrainingSession


@receiver(affiliation_verified)
def _on_affiliation_verified(sender: Any, user: Any, **kwargs: Any) -> None:
    waiting = Registration.objects.filter(user=user, status=Registration.Status.WAITLISTED)
    for session in TrainingSession.objects.filter(
        pk__in=waiting.values("session_id"), status=TrainingSession.Status.OPEN
    ):
        services.session_promote(session=session)
