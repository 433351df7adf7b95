from django.contrib import admin
from django.urls import include, path

from preau.api import api

urlpatterns = [
    path("", include("preau.core.urls")),
    path("compte/", include("preau.accounts.urls")),
    path("reseau/", include("preau.network.urls")),
    path("catalogue/", include("preau.catalog.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
