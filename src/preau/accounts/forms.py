from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from dsfr.forms import DsfrBaseForm

from preau.accounts.models import normalize_email
from preau.core.mail import email_send
from preau.network.models import Academie


class LoginForm(DsfrBaseForm, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong e-mail address or password. Both are case-sensitive except the e-mail address."
        ),
        "inactive": _("This account is inactive."),
    }

    def clean_username(self) -> str:
        return normalize_email(self.cleaned_data["username"])

    def get_invalid_login_error(self) -> forms.ValidationError:
        """Wrong credentials; near the lockout, how many tries are left and the way out."""
        from preau.accounts.lockout import attempts_left

        error = super().get_invalid_login_error()
        left = attempts_left(self.request, self.cleaned_data.get("username"))
        if left is None or left > WARN_BELOW:
            return error
        warning = ngettext(
            "%(n)s more try before logging in is paused for %(m)s min. If you are not sure "
            "of your password, choose a new one with “Forgotten password?”.",
            "%(n)s more tries before logging in is paused for %(m)s min. If you are not sure "
            "of your password, choose a new one with “Forgotten password?”.",
            left,
        ) % {"n": left, "m": settings.PREAU_LOGIN_COOLOFF_MINUTES}
        return forms.ValidationError(f"{error.messages[0]} {warning}", code="invalid_login")


WARN_BELOW = 2  # tries left from which the login page warns


class SignupForm(DsfrBaseForm):
    """No password here: it is chosen from the link e-mailed to the address, so
    whoever reads that mailbox holds the account."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "Any address: personal or academic. We send it a link to choose your password."
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])


class ProfileForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    academie = forms.ModelChoiceField(
        label=_("Académie where you work"), queryset=Academie.objects.all(), required=False
    )
    school_uai = forms.CharField(
        label=_("Your school's UAI code"),
        max_length=8,
        required=False,
        help_text=_(
            "e.g. 0211234A: seats reserved for your school or approval by its head use it."
        ),
    )


class ApiTokenForm(DsfrBaseForm):
    name = forms.CharField(
        label=_("Token name"),
        max_length=80,
        help_text=_("What will use it, e.g. “monthly export script”."),
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=3650, initial=365)


class PasswordResetForm(DsfrBaseForm, auth_forms.PasswordResetForm):
    def get_users(self, email: str) -> Any:
        """Active accounts with this address, including those created without a
        password (registration by e-mail, group enrolment, GAIA import, invitation):
        their link chooses a first password, which activates them."""
        from preau.accounts.models import User

        return User.objects.filter(email__iexact=normalize_email(email), is_active=True)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Send through the mail task, like every other e-mail of the platform."""
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_send(to=[to_email], subject=subject, body=body)


class SetPasswordForm(DsfrBaseForm, auth_forms.SetPasswordForm):
    """From a reset link: tokens revoked, other sessions ended, account unlocked."""

    def save(self, commit: bool = True) -> Any:
        from preau.accounts.services import user_password_set

        user_password_set(
            user=self.user, password=self.cleaned_data["new_password1"], reason="reset"
        )
        return self.user


class PasswordChangeForm(DsfrBaseForm, auth_forms.PasswordChangeForm):
    def save(self, commit: bool = True) -> Any:
        from preau.accounts.services import user_password_set

        user_password_set(
            user=self.user, password=self.cleaned_data["new_password1"], reason="change"
        )
        return self.user


class MemberInviteForm(DsfrBaseForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "If this person has no account yet, one is created and they are invited by e-mail."
        ),
    )
    role = forms.ChoiceField(label=_("Role"))
    place = forms.ChoiceField(label=_("Where"))

    def __init__(
        self, *args: Any, roles: list[tuple[str, str]], places: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        self.fields["place"].choices = places

    def place_kwargs(self) -> dict[str, Any]:
        """The chosen place as role_assign() keywords."""
        from preau.network.models import Academie, Atelier, Territory

        value = self.cleaned_data["place"]
        if value == "national":
            return {}
        kind, pk = value.split(":", 1)
        model = {"territory": Territory, "academie": Academie, "atelier": Atelier}[kind]
        return {kind: model._default_manager.get(pk=pk)}


class SigninLinkForm(DsfrBaseForm):
    """The sign-in link's page: a click signs in; a password may be chosen on the way."""

    new_password1 = forms.CharField(
        label=_("Choose a password (optional)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to sign in without one: e-mail links will do."),
    )
    new_password2 = forms.CharField(
        label=_("The same password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth.password_validation import validate_password

        data = super().clean() or {}
        first, second = data.get("new_password1"), data.get("new_password2")
        if first or second:
            if first != second:
                self.add_error("new_password2", _("The two passwords differ."))
            else:
                try:
                    validate_password(str(first), self.user)
                except forms.ValidationError as exc:
                    self.add_error("new_password1", exc)
        return data
