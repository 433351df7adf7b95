from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "preau.scheduling"
    label = "scheduling"
    verbose_name = _("Scheduling")

    def ready(self) -> None:
        from preau.core.home import register_home_section
        from preau.scheduling.views.home import home_sessions

        register_home_section(home_sessions)
