from django.urls import path

from preau.credentials import views

app_name = "credentials"

urlpatterns = [
    path("attestations/", views.mine, name="mine"),
    path("attestations/<str:number>.pdf", views.download, name="pdf"),
    path("attestations/seances/<int:pk>.zip", views.session_zip, name="session_zip"),
    path("attestations/export/", views.export, name="export"),
    path("attestations/export/<int:pk>.zip", views.export_download, name="export_download"),
    path("verifier/<str:code>", views.verify, name="verify"),
    path("V/<str:code>", views.verify, name="verify_qr"),  # short, upper-case: what QR codes hold
]
