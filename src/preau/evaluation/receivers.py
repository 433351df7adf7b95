from typing import Any

from django.dispatch import receiver

from preau.evaluation import services
from preau.scheduling.signals import session_closed


@receiver(session_closed)
def _on_session_closed(sender: Any, session: Any, **kwargs: Any) -> None:
    services.hot_surveys_send(session=session)
