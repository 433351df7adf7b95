from django.urls import path

from preau.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.key_figures_page, name="key_figures"),
    path("export.<str:fmt>", views.export, name="export"),
    path("seances/", views.records, name="records"),
    path("conventions/", views.partners, name="partners"),
    path("autoformation/", views.consultations, name="consultations"),
    path("rapport/", views.annual_report, name="report"),
]
