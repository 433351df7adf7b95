from django.urls import path

from preau.scheduling.views import planner, public

app_name = "scheduling"

urlpatterns = [
    path("<int:pk>/", public.session_detail, name="session"),
    path("<int:pk>/seance.ics", public.session_ics, name="session_ics"),
    path("planning/", planner.planning, name="planning"),
    path("planning/nouvelle/", planner.session_new, name="new"),
    path("planning/<int:pk>/", planner.session_manage, name="manage"),
    path("planning/<int:pk>/modifier/", planner.session_edit, name="edit"),
    path("planning/<int:pk>/<slug:action>/", planner.session_action, name="action"),
    path("mes-seances/", planner.my_sessions, name="mine"),
    path("ateliers/<slug:code>/salles/", planner.room_add, name="room_add"),
]
