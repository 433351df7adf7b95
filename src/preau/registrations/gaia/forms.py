"""The upload form of a GAIA plan: three files, for an Atelier the person plans at."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from preau.accounts.roles import Capability
from preau.accounts.scopes import filter_in_scope
from preau.network.models import Atelier
from preau.scheduling.forms import ATELIER_PATHS


class GaiaImportForm(DsfrBaseForm):
    atelier = forms.ModelChoiceField(
        label=_("Atelier running the sessions"), queryset=Atelier.objects.none()
    )
    formations = forms.FileField(label=_("Formations file (dispositifs, modules, sessions)"))
    intervenants = forms.FileField(label=_("Intervenants file (trainers)"))
    stagiaires = forms.FileField(label=_("Stagiaires file (trainees)"))

    MAX_BYTES = 20 * 1024 * 1024

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ateliers = filter_in_scope(
            Atelier.objects.all(), user, Capability.PLAN_SESSIONS, ATELIER_PATHS
        )
        self.fields["atelier"].queryset = ateliers
        if len(choices := list(ateliers[:2])) == 1:  # one Atelier: nothing to choose
            self.fields["atelier"].initial = choices[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("formations", "intervenants", "stagiaires"):
            upload = data.get(name)
            if upload is not None and upload.size > self.MAX_BYTES:
                self.add_error(name, _("This file is larger than 20 MB."))
        return data
