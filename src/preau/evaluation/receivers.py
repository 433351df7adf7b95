from typing import Any

from django.dispatch import receiver

from preau.evaluation import services
from preau.registrations.signals import registration_links
from preau.scheduling.signals import session_closed


@receiver(session_closed)
def _on_session_closed(sender: Any, session: Any, **kwargs: Any) -> None:
    services.hot_surveys_send(session=session)


@receiver(registration_links)
def _registration_surveys(sender: Any, registration: Any, **kwargs: Any) -> list[Any]:
    """Surveys of this registration on its page: signed links, for its person only."""
    from django.utils.translation import gettext as _

    from preau.evaluation import links as survey_links
    from preau.evaluation.models import Invitation
    from preau.registrations.signals import RegistrationItem

    items = []
    for invitation in Invitation.objects.filter(registration=registration).order_by("sent_at"):
        if invitation.answered_at:
            items.append(
                RegistrationItem(
                    "survey", invitation.get_kind_display(), _("Answered, thank you."), order=30
                )
            )
        else:
            items.append(
                RegistrationItem(
                    "survey", invitation.get_kind_display(),
                    _("A few minutes, anonymous in the results: it helps improve the training."),
                    survey_links.url(invitation), _("Answer the survey"), order=30,
                )
            )  # fmt: skip
    return items
