from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "preau.credentials"
    label = "credentials"
    verbose_name = _("Attestations")

    def ready(self) -> None:
        from preau.credentials import receivers  # noqa: F401 - connects signal receivers
