from django.urls import path

from preau.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("questionnaires/", views.mine, name="mine"),
    path("mes-resultats/", views.trainer_results, name="trainer"),
    path("<str:token>/", views.answer, name="answer"),
]
