from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "preau.catalog"
    verbose_name = _("Catalog")
    label = "catalog"

    def ready(self) -> None:
        from preau.catalog import indexing  # noqa: F401 - registers the search rebuilder
