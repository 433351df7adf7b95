from django import forms
from dsfr.forms import DsfrBaseForm

from preau.network.models import Atelier
from preau.network.services import ATELIER_EDITABLE_FIELDS


class AtelierForm(DsfrBaseForm, forms.ModelForm):
    class Meta:
        model = Atelier
        fields = ATELIER_EDITABLE_FIELDS
        widgets = {
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }
