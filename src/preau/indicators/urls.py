from django.urls import path

from preau.indicators import views, views_documents

app_name = "indicators"

urlpatterns = [
    path("", views.key_figures_page, name="key_figures"),
    path("export.<str:fmt>", views.export, name="export"),
    path("seances/", views_documents.records, name="records"),
    path("conventions/", views_documents.partners, name="partners"),
    path("autoformation/", views_documents.consultations, name="consultations"),
    path("rapport/", views_documents.annual_report, name="report"),
]
