from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "preau.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from preau.indicators import signals

        signals.connect()
