from django.urls import path

from preau.registrations import views, views_group, views_invitation, views_page

app_name = "registrations"

urlpatterns = [
    path("", views.my_registrations, name="mine"),
    path("seances/<int:pk>/inscription/", views.register, name="register"),
    path("groupes/", views_group.group_sessions, name="group_sessions"),
    path("seances/<int:pk>/demande-envoyee/", views_page.requested, name="requested"),
    path("groupes/modele.csv", views_group.people_template, name="people_template"),
    path("seances/<int:pk>/groupe/", views_group.enrol_group, name="group"),
    path("validations/", views_group.approvals, name="approvals"),
    path("<int:pk>/", views_page.page, name="page"),
    path("<int:pk>/annuler/", views_page.cancel, name="cancel"),
    path("<int:pk>/accepter/", views.accept, name="accept"),
    path("mon-inscription/<str:token>/", views_page.page_by_link, name="page_link"),
    path("lien/<slug:action>/<str:token>/", views.by_link, name="link"),
    path("invitation/<str:token>/", views_invitation.answer, name="invitation"),
    path("confirmer/<str:token>/", views.confirm_by_link, name="confirm"),
]
