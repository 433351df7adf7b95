from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from preau.accounts import (
    forms,
    views,
    views_affiliation,
    views_messages,
    views_password,
    views_signin,
)
from preau.core.throttle import mail_form_limit

app_name = "accounts"
urlpatterns = [
    path(
        "connexion",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=forms.LoginForm
        ),
        name="login",
    ),
    path("connexion/lien/<str:token>", views_signin.signin_link, name="signin_link"),
    path("deconnexion", auth_views.LogoutView.as_view(), name="logout"),
    path("inscription", views.signup, name="signup"),
    path("inscription/envoye", views.signup_done, name="signup_done"),
    path("", views.me, name="me"),
    path("rattachement/adresse", views_affiliation.email_request, name="affiliation_email"),
    path(
        "rattachement/adresse/<str:token>",
        views_affiliation.email_link,
        name="affiliation_email_link",
    ),
    path("rattachement/ecole", views_affiliation.school_request, name="affiliation_school"),
    path(
        "rattachement/ecole/<str:token>",
        views_affiliation.school_link,
        name="affiliation_school_link",
    ),
    path("messages", views_messages.messages_received, name="messages"),
    path("modeles-messages", views_messages.wordings_list, name="wordings"),
    path(
        "modeles-messages/<str:key>/<str:language>",
        views_messages.wording_edit,
        name="wording_edit",
    ),
    path("equipe", views.team, name="team"),
    path("equipe/<int:pk>/retirer", views.team_revoke, name="team_revoke"),
    path("jetons", views.token_create, name="token_create"),
    path("jetons/<int:pk>/revoquer", views.token_revoke, name="token_revoke"),
    path(
        "mot-de-passe/oubli",
        mail_form_limit("password_reset")(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset.html",
                form_class=forms.PasswordResetForm,
                email_template_name="accounts/email/password_reset.txt",
                subject_template_name="accounts/email/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>",
        views_password.PasswordFromLinkView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/change",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            form_class=forms.PasswordChangeForm,
            success_url=reverse_lazy("accounts:me"),
        ),
        name="password_change",
    ),
]
