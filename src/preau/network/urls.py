from django.urls import path

from preau.network import views

app_name = "network"
urlpatterns = [
    path("", views.index, name="index"),
    path("ateliers/<slug:code>", views.atelier_detail, name="atelier"),
    path("ateliers/<slug:code>/modifier", views.atelier_edit, name="atelier_edit"),
]
