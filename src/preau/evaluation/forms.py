from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from preau.catalog.choices import TimeSlot
from preau.catalog.models import Theme
from preau.evaluation.models import Complaint, ImprovementAction, NeedsAnswer
from preau.network.models import Territory


class NeedsForm(DsfrBaseForm):
    territory = forms.ModelChoiceField(label=_("Where you work"), queryset=Territory.objects.all())
    themes = forms.MultipleChoiceField(
        label=_("Themes you would like training on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    slots = forms.MultipleChoiceField(
        label=_("When you can train"), choices=TimeSlot.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    channels = forms.MultipleChoiceField(
        label=_("How you prefer to train"), choices=NeedsAnswer.Channel.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    wishes = forms.CharField(
        label=_("Other wishes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = list(Theme.objects.values_list("code", "name"))


class ComplaintForm(DsfrBaseForm):
    email = forms.EmailField(label=_("Your e-mail address, for the reply"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Your complaint"), widget=forms.Textarea(attrs={"rows": 6}))
    session = forms.TypedChoiceField(
        label=_("Session concerned (optional)"), required=False, coerce=int, empty_value=None
    )
    session_text = forms.CharField(
        label=_("Session concerned (optional)"),
        help_text=_("Its title, date and place, as you remember them."),
        max_length=200,
        required=False,
    )
    territory = forms.ModelChoiceField(
        label=_("Territory concerned (if you know it)"),
        queryset=Territory.objects.all(),
        required=False,
    )

    def __init__(self, *args: Any, sessions: list[tuple[int, str]] | None = None, **kwargs: Any):
        """``sessions``: the person's own registrations, to pick from when
        logged in; without them the session is typed as text."""
        super().__init__(*args, **kwargs)
        if sessions:
            self.fields["session"].choices = [("", _("None in particular")), *sessions]
            del self.fields["session_text"]
        else:
            del self.fields["session"]


class ReplyForm(DsfrBaseForm):
    reply = forms.CharField(
        label=_("Reply sent to the person"), widget=forms.Textarea(attrs={"rows": 5})
    )
    corrective_action = forms.CharField(
        label=_("Corrective action"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    close = forms.BooleanField(label=_("Close the complaint"), required=False)


class ActionForm(DsfrBaseForm):
    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    state = forms.ChoiceField(label=_("State"), choices=ImprovementAction.State.choices)
    complaint = forms.ModelChoiceField(
        label=_("Caused by the complaint"), queryset=Complaint.objects.none(), required=False
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("National"),
        help_text=_("Without a complaint; with one, the action is in the complaint's territory."),
    )

    def __init__(self, *args: Any, complaints: Any, territories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["complaint"].queryset = complaints
        self.fields["territory"].queryset = territories
        if len(territories) == 1:
            self.fields["territory"].initial = territories[0]
