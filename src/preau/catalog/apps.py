from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate_or_flush(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """``flush`` (used between transactional tests) empties the tables but not
    the reference themes' source nor the full-text table: put both back in step."""
    from preau.catalog.models import CatalogEntry, Synonym, Theme
    from preau.catalog.services import catalog_reference_load
    from preau.catalog.synonyms import synonyms_seed
    from preau.core.search import get_index

    if not Theme.objects.using(using).exists():
        catalog_reference_load()
    if not Synonym.objects.using(using).exists():
        synonyms_seed(using)
    if not CatalogEntry.objects.using(using).exists():
        get_index("offer").clear()


class CatalogConfig(AppConfig):
    name = "preau.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from preau.catalog import indexing  # noqa: F401 - registers the search rebuilder
        from preau.catalog.views.home import home_themes
        from preau.core.home import register_home_section

        post_migrate.connect(_after_migrate_or_flush, sender=self)
        register_home_section(home_themes)
