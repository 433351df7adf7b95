from django.contrib import admin
from django.urls import include, path

from preau.api import api
from preau.registrations.gaia import views as gaia_views
from preau.scheduling.views import public as scheduling_public

urlpatterns = [
    path("", include("preau.core.urls")),
    path("compte/", include("preau.accounts.urls")),
    path("reseau/", include("preau.network.urls")),
    path("catalogue/", include("preau.catalog.urls")),
    path("catalogue/seances.ics", scheduling_public.search_ics, name="catalog_sessions_ics"),
    path(
        "catalogue/offres/<int:pk>/seances.ics",
        scheduling_public.offer_ics,
        name="offer_sessions_ics",
    ),
    path(
        "reseau/ateliers/<slug:code>/seances.ics",
        scheduling_public.atelier_ics,
        name="atelier_sessions_ics",
    ),
    # Planning is the scheduling app's, but a plan brings trainees: registrations own the import.
    path("seances/planning/import-gaia/", gaia_views.gaia_upload, name="gaia_import"),
    path(
        "seances/planning/import-gaia/<int:pk>/",
        gaia_views.gaia_status,
        name="gaia_import_status",
    ),
    path("seances/", include("preau.scheduling.urls")),
    path("inscriptions/", include("preau.registrations.urls")),
    path("presence/", include("preau.attendance.urls")),
    path("", include("preau.credentials.urls")),
    path("evaluation/", include("preau.evaluation.urls")),
    path("pilotage/", include("preau.indicators.urls")),
    path("api/", api.urls),
    path("xapi/", include("preau.lrs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
