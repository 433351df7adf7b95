"""The sign-in link of registration e-mails: one click signs the person in
(and verifies their address); a password may be chosen in the same step."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from preau.accounts import forms
from preau.accounts.services import user_password_set
from preau.accounts.signin import safe_next, signin_user, user_email_verify


def signin_link(request: HttpRequest, token: str) -> HttpResponse:
    user, usable = signin_user(token)
    next_path = safe_next(request.GET.get("suite")) or reverse("registrations:mine")
    if user is not None and request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(next_path)  # already in: a used link still leads where it pointed
    if user is None or not usable:
        return render(
            request,
            "accounts/signin_link.html",
            {"invalid": True, "next": next_path},
            status=404 if user is None else 410,
        )
    form = forms.SigninLinkForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data.get("new_password1")
        if password:
            user_password_set(user=user, password=password, reason="signin_link")
        user_email_verify(user=user, how="signin_link")
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("You are signed in. Your password is saved.")
            if password
            else _("You are signed in."),
        )
        return redirect(next_path)
    return render(
        request,
        "accounts/signin_link.html",
        {
            "form": form,
            "person": user,
            "next": next_path,
            "has_password": user.has_usable_password(),
        },
    )
