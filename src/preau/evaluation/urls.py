from django.urls import path

from preau.evaluation import views, views_quality

app_name = "evaluation"

urlpatterns = [
    path("questionnaires/", views.mine, name="mine"),
    path("mes-resultats/", views.trainer_results, name="trainer"),
    path("resultats/", views.dashboard, name="dashboard"),
    path("resultats/reponses.<str:fmt>", views.export, name="export"),
    path("besoins/", views_quality.needs, name="needs"),
    path("besoins/synthese/", views_quality.needs_summary, name="needs_summary"),
    path("reclamation/", views_quality.complaint_new, name="complaint_new"),
    path(
        "reclamation/confirmer/<str:token>/",
        views_quality.complaint_confirm,
        name="complaint_confirm",
    ),
    path("reclamations/", views_quality.complaints, name="complaints"),
    path("reclamations/<int:pk>/", views_quality.complaint_detail, name="complaint"),
    path("actions/", views_quality.actions, name="actions"),
    path("<str:token>/", views.answer, name="answer"),
]
