from django.urls import path

from preau.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite", views.accessibility, name="accessibility"),
    path("mentions-legales", views.legal, name="legal"),
    path("donnees-personnelles", views.privacy, name="privacy"),
    path("healthz", views.healthz, name="healthz"),
]
