"""Choosing a password from an e-mailed link: to activate an account made without
one (sign-up, quick registration, an import), or to replace a forgotten one.
Either way the link proved the mailbox: the person is then logged in."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from preau.accounts import forms


class PasswordFromLinkView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("accounts:me")

    def activating(self) -> bool:
        user = getattr(self, "user", None)
        return user is not None and not user.has_usable_password()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "activating": self.activating()}

    def form_valid(self, form: Any) -> HttpResponse:
        activating = self.activating()  # before the password is set
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your account is active and you are logged in.")
            if activating
            else _("Your new password is saved and you are logged in."),
        )
        return response
