from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfTrainingConfig(AppConfig):
    name = "preau.selftraining"
    label = "selftraining"
    verbose_name = _("Self-training")

    def ready(self) -> None:
        from preau.selftraining import receivers

        receivers.connect()
