"""Forms of the catalog: they shape input; the services decide what is valid."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from preau.accounts.models import User
from preau.catalog import choices
from preau.catalog.models import REQUIRED_FOR_REVIEW, Offer, Programme, Theme
from preau.catalog.services import Decision
from preau.network.models import Territory

TEXTAREA = {"rows": 3}

# The offer form in sections, in the order an author fills them in.
SECTIONS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("presentation", _("Presentation"),
     ("owner", "title", "summary", "objectives", "prerequisites", "duration_hours", "keywords")),
    ("public", _("Audiences and themes"),
     ("themes", "programmes", "audiences", "career_stage", "level")),
    ("deroulement", _("How it is delivered"),
     ("modality", "rhythm", "format", "teaching_methods", "evaluation_methods")),
    ("acces", _("Access and accessibility"),
     ("access_modalities", "access_delay", "accessibility", "disability_referent")),
    ("tarif", _("Price and contact"),
     ("price_model", "price", "contact_name", "contact_email", "contact_phone")),
    ("certification", _("Certification (optional)"),
     ("certification_title", "certification_code", "certifier")),
)  # fmt: skip


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
        # DsfrBaseForm made the bound fields already, and a bound field copies its
        # help text when made: drop them so that the note above is shown.
        self._bound_fields_cache.clear()
        if self.instance.pk:
            self.initial["objectives"] = "\n".join(self.instance.objectives)
            self.initial["keywords"] = ", ".join(self.instance.keywords)

    def sections(self) -> list[dict[str, Any]]:
        """The form's fields by section, each with the Qualiopi fields it still lacks."""
        missing = set(self.qualiopi_missing_names())
        out = []
        for anchor, title, names in SECTIONS:
            present = [n for n in names if n in self.fields]
            out.append({
                "anchor": anchor,
                "title": title,
                "fields": [self[n] for n in present],
                "missing": [self.fields[n].label for n in present if n in missing],
            })  # fmt: skip
        if "minor" in self.fields:
            out[-1]["fields"].append(self["minor"])
        return out

    def qualiopi_missing_names(self) -> list[str]:
        """What Qualiopi still needs before submission: from the input when it is
        valid, else from the saved offer (everything for a new one)."""
        from preau.catalog import content as c

        if self.is_bound and self.is_valid():
            return c.missing_names(self.content())
        if self.instance.pk:
            return c.missing_names(c.snapshot(self.instance))
        return c.missing_names({})

    def qualiopi_missing(self) -> list[dict[str, Any]]:
        """(label, section anchor, field id) of every missing Qualiopi field."""
        where = {n: anchor for anchor, _t, names in SECTIONS for n in names}
        return [
            {"label": self.fields[n].label, "section": where[n], "id": self[n].id_for_label}
            for n in self.qualiopi_missing_names()
        ]

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
    """``allow_accept=False`` for the offer's own authors (four eyes)."""

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

    def __init__(self, *args: Any, allow_accept: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not allow_accept:
            field = self.fields["decision"]
            field.choices = [c for c in field.choices if c[0] != Decision.ACCEPT]


WAITING_CHOICES = [
    ("", _("Any waiting time")),
    ("7", _("Waiting for 7 days or more")),
    ("14", _("Waiting for 14 days or more")),
    ("30", _("Waiting for 30 days or more")),
]


class QueueFilterForm(DsfrBaseForm):
    territoire = forms.ModelChoiceField(
        label=_("Territory"), queryset=Territory.objects.order_by("name"), required=False,
        empty_label=_("All territories"),
    )  # fmt: skip
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("All themes")
    )
    attente = forms.ChoiceField(label=_("Waiting time"), choices=WAITING_CHOICES, required=False)
    ordre = forms.ChoiceField(
        label=_("Order"),
        choices=[("oldest", _("Oldest first")), ("newest", _("Newest first"))],
        required=False,
    )
    miennes = forms.BooleanField(label=_("Only the offers assigned to me"), required=False)

    def filters(self) -> Any:
        from preau.catalog.committee import QueueFilters

        data = self.cleaned_data
        return QueueFilters(
            territory=data["territoire"].pk if data.get("territoire") else None,
            theme=data["theme"].pk if data.get("theme") else None,
            mine=bool(data.get("miennes")),
            min_days=int(data["attente"]) if data.get("attente") else None,
            order=data.get("ordre") or "oldest",
        )


class ReviewRuleForm(DsfrBaseForm):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=User.objects.none())
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.all(), required=False, empty_label=_("Any theme")
    )
    territory = forms.ModelChoiceField(
        label=_("Territory"), queryset=Territory.objects.order_by("name"), required=False,
        empty_label=_("Any territory (national offers included)"),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from preau.catalog.committee import possible_reviewers

        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = possible_reviewers()
        self.fields["reviewer"].label_from_instance = lambda u: (
            f"{u.get_full_name()} <{u.email}>" if u.get_full_name() else u.email
        )


class CommentForm(DsfrBaseForm):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
