from django.urls import path

from preau.credentials import views, views_badges

app_name = "credentials"

urlpatterns = [
    path("attestations/", views.mine, name="mine"),
    path("attestations/<str:number>.pdf", views.download, name="pdf"),
    path("attestations/lien/<str:token>/", views.download_by_link, name="pdf_link"),
    path("attestations/seances/<int:pk>.zip", views.session_zip, name="session_zip"),
    path("attestations/export/", views.export, name="export"),
    path("attestations/export/<int:pk>.zip", views.export_download, name="export_download"),
    path("verifier/<str:code>", views.verify, name="verify"),
    path("V/<str:code>", views.verify, name="verify_qr"),  # short, upper-case: what QR codes hold
    # Open Badges 2.0, hosted verification
    path("badges/emetteur.json", views_badges.issuer, name="badge_issuer"),
    path("badges/offres/<int:pk>.json", views_badges.badge_class, name="badge_class"),
    path("badges/offres/<int:pk>.png", views_badges.badge_image, name="badge_image"),
    path("badges/<str:code>.json", views_badges.assertion, name="badge_assertion"),
    path("badges/<str:code>.png", views_badges.baked, name="badge_baked"),
]
