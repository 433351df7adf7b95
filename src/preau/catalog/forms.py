"""Forms of the catalog: they shape input; the services decide what is valid."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from preau.catalog import choices
from preau.catalog.models import REQUIRED_FOR_REVIEW, Offer, Programme, Theme
from preau.catalog.services import Decision

TEXTAREA = {"rows": 3}


class OfferForm(DsfrBaseForm, forms.ModelForm):
    objectives = forms.CharField(
        label=_("Objectives"),
        help_text=_("One objective per line, phrased as what participants will be able to do."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    keywords = forms.CharField(
        label=_("Keywords"), help_text=_("Separated by commas."), required=False
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"),
        choices=choices.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"),
        queryset=Programme.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Offer
        fields = [
            "title",
            "summary",
            "objectives",
            "prerequisites",
            "duration_hours",
            "themes",
            "programmes",
            "audiences",
            "career_stage",
            "level",
            "modality",
            "rhythm",
            "format",
            "keywords",
            "teaching_methods",
            "evaluation_methods",
            "access_modalities",
            "access_delay",
            "accessibility",
            "disability_referent",
            "price_model",
            "price",
            "contact_name",
            "contact_email",
            "contact_phone",
            "certification_title",
            "certification_code",
            "certifier",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "prerequisites": forms.Textarea(attrs=TEXTAREA),
            "teaching_methods": forms.Textarea(attrs=TEXTAREA),
            "evaluation_methods": forms.Textarea(attrs=TEXTAREA),
            "access_modalities": forms.Textarea(attrs=TEXTAREA),
            "accessibility": forms.Textarea(attrs=TEXTAREA),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in REQUIRED_FOR_REVIEW:
            field = self.fields[name]
            note = str(_("Required before review (Qualiopi indicator 1)."))
            field.help_text = f"{field.help_text} {note}".strip()
        if self.instance.pk:
            self.initial["objectives"] = "\n".join(self.instance.objectives)
            self.initial["keywords"] = ", ".join(self.instance.keywords)

    def content(self) -> dict[str, Any]:
        """The cleaned input as service data."""
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["objectives"] = (data["objectives"] or "").splitlines()
        data["keywords"] = (data["keywords"] or "").split(",")
        data["themes"] = [t.code for t in data["themes"] or []]
        data["programmes"] = [p.code for p in data["programmes"] or []]
        for name in ("summary", "prerequisites", "teaching_methods", "evaluation_methods"):
            data[name] = data[name] or ""
        return data


class NewOfferForm(OfferForm):
    owner = forms.ChoiceField(label=_("Owned by"))

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners  # type: ignore[attr-defined]
        self.order_fields(["owner", *self.Meta.fields])


class EditOfferForm(OfferForm):
    minor = forms.BooleanField(
        label=_("Minor change (typo, contact, date): publish now, checked later by the committee"),
        required=False,
    )

    def __init__(self, *args: Any, published: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not published:
            del self.fields["minor"]


class ReviewForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Decision.ACCEPT, _("Accept and publish")),
            (Decision.REQUEST_CHANGES, _("Request changes")),
            (Decision.REJECT, _("Reject")),
        ],
    )
    comment = forms.CharField(
        label=_("Comment to the authors"),
        help_text=_("Required when you request changes or reject."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class CommentForm(DsfrBaseForm):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
