from django.urls import path

from preau.attendance import views

app_name = "attendance"

urlpatterns = [
    path("aujourdhui/", views.today, name="today"),
    path("seances/<int:pk>/", views.session_attendance, name="session"),
    path("seances/<int:pk>/cloturer/", views.session_close, name="close"),
    path("creneaux/<int:pk>/", views.slot_roster, name="slot"),
    path("creneaux/<int:pk>/marquer/", views.slot_mark, name="mark"),
    path("creneaux/<int:pk>/tous-presents/", views.slot_mark_all, name="mark_all"),
    path("creneaux/<int:pk>/qr/", views.slot_qr, name="qr"),
    path("creneaux/<int:pk>/qr/code/", views.slot_qr_code, name="qr_code"),
    path("creneaux/<int:pk>/feuille.pdf", views.slot_pdf, name="pdf"),
    path("creneaux/<int:pk>/<slug:action>/", views.slot_action, name="action"),
    path("qr/<str:token>/", views.check_in, name="check_in"),
    path("moi/<str:token>/", views.link_check_in, name="link"),
]
