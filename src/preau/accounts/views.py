from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from preau.accounts import forms, selectors, services
from preau.accounts.models import ApiToken, User
from preau.accounts.roles import DELEGABLE_ROLES, Capability, Role
from preau.accounts.scopes import Location, user_may, user_may_somewhere
from preau.core.throttle import mail_form_limit


def _apply_validation_error(form: forms.DsfrBaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


@mail_form_limit("signup")
def signup(request: HttpRequest) -> HttpResponse:
    """The same answer whether the address has an account or not (see user_signup)."""
    if request.user.is_authenticated:
        return redirect("accounts:me")
    form = forms.SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_signup(
                email=data["email"], first_name=data["first_name"], last_name=data["last_name"]
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            request.session["signup_email"] = data["email"]
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    email = request.session.pop("signup_email", "")
    return render(request, "accounts/signup_done.html", {"email": email})


def _tools_of(user: User) -> dict[str, bool]:
    """Which of the account page's tools this person's roles use: a teacher
    sees their own registrations, surveys and attestations, not the others."""
    staff = bool(user.is_staff or selectors.roles_of(user).exists())
    return {
        "is_staff_account": staff,
        "can_train": user_may_somewhere(user, Capability.TAKE_ATTENDANCE),
        "can_approve": user.headed_schools.exists()
        or user_may_somewhere(user, Capability.PLAN_SESSIONS),
        "can_enrol_groups": user_may_somewhere(user, Capability.ENROL_GROUPS),
    }


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    profile_form = forms.ProfileForm(
        request.POST or None,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "academie": user.academie,
            "school_uai": user.school.uai if user.school else "",
        },
    )
    if request.method == "POST" and profile_form.is_valid():
        try:
            services.user_update_profile(user=user, **profile_form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                profile_form.add_error(field if field in profile_form.fields else None, errors)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("accounts:me")
    return render(
        request,
        "accounts/me.html",
        {
            "profile_form": profile_form,
            "token_form": forms.ApiTokenForm(),
            "roles": selectors.roles_of(user),
            "tokens": selectors.tokens_of(user),
            "new_token": request.session.pop("new_api_token", None),
            "can_manage_team": user_may_somewhere(user, Capability.ASSIGN_ROLES),
            "can_export": user_may(user, Capability.VIEW_PERSONAL_DATA, Location.national()),
            "can_see_results": user_may_somewhere(user, Capability.VIEW_INDICATORS),
            "can_handle_complaints": user_may_somewhere(user, Capability.HANDLE_COMPLAINTS),
            "can_edit_wordings": user_may(user, Capability.ADMINISTER, Location.national()),
            **_tools_of(user),
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = forms.ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            _token, raw = services.api_token_create(
                user=cast(User, request.user),
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            # Shown once on the next page, then gone: only its hash is kept.
            request.session["new_api_token"] = raw
    else:
        messages.error(
            request,
            _("The token was not created: give it a name and a validity of 1 to 3650 days."),
        )
    return redirect("accounts:me")


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.api_token_revoke(user=cast(User, request.user), token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("accounts:me")


def _team_choices(actor: User) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Roles and places the actor may grant."""
    is_admin = user_may(actor, Capability.ADMINISTER, Location.national())
    roles = [
        (r.value, str(r.label))
        for r in Role
        if r != Role.TEACHER and (is_admin or r in DELEGABLE_ROLES)
    ]
    return roles, selectors.grantable_places(actor)


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """People holding roles in the actor's scope; grant and revoke roles."""
    actor = cast(User, request.user)
    if not user_may_somewhere(actor, Capability.ASSIGN_ROLES):
        raise PermissionDenied
    roles, places = _team_choices(actor)
    form = forms.MemberInviteForm(request.POST or None, roles=roles, places=places)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_invite(
                actor=actor,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                place=form.place_kwargs(),
            )
        except ValidationError as exc:
            _apply_validation_error(form, exc)
        else:
            messages.success(request, _("The role is granted."))
            return redirect("accounts:team")
    context = {"form": form, "assignments": selectors.assignments_in_scope(actor)}
    return render(request, "accounts/team.html", context)


@login_required
@require_POST
def team_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = cast(User, request.user)
    assignment = get_object_or_404(selectors.assignments_in_scope(actor), pk=pk)
    services.role_revoke(actor=actor, assignment=assignment)
    messages.success(request, _("The role is withdrawn."))
    return redirect("accounts:team")
