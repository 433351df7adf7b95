from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "preau.registrations"
    label = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from preau.registrations import (  # noqa: F401 - connects signal receivers
            receivers,
            receivers_affiliation,
        )
