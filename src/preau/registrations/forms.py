from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class QuickSignupForm(DsfrBaseForm):
    """Registering without an account: the account is created on the way."""

    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)


class GroupEnrolForm(DsfrBaseForm):
    people_file = forms.FileField(
        label=_("A list of people (CSV)"),
        required=False,
        help_text=_(
            "One person per line. Columns: Courriel, Prénom, Nom and, if you wish, UAI (the "
            "school's code). Upper or lower case and accents do not matter; English names "
            "(email, first_name, last_name, uai) work too. Separated by ; or ,"
        ),
    )
    people = forms.MultipleChoiceField(
        label=_("…or pick people of your académie"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if choices:
            self.fields["people"].choices = choices
        else:  # nobody of their académie to tick: no empty heading
            del self.fields["people"]
