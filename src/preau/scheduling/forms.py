"""Planning forms: they shape input into a SessionSpec; the services validate."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from preau.accounts.models import RoleAssignment, User
from preau.accounts.roles import Capability, Role
from preau.accounts.scopes import ScopePaths, filter_in_scope
from preau.catalog.models import Offer, Programme
from preau.network.models import Academie, Atelier
from preau.scheduling.models import Room, TrainingSession

ATELIER_PATHS = ScopePaths("territory_id", "academie_id", "id")
ROLE_PATHS = ScopePaths("territory_id", "academie_id", "atelier_id")


class SessionForm(DsfrBaseForm):
    offer = forms.ModelChoiceField(label=_("Offer"), queryset=Offer.objects.none())
    atelier = forms.ModelChoiceField(
        label=_("Atelier running the session"), queryset=Atelier.objects.none()
    )
    venue = forms.ChoiceField(
        label=_("Venue"), choices=TrainingSession.Venue.choices, widget=forms.RadioSelect,
        initial=TrainingSession.Venue.ATELIER,
    )  # fmt: skip
    room = forms.ModelChoiceField(label=_("Room"), queryset=Room.objects.none(), required=False)
    school_uai = forms.CharField(
        label=_("School UAI code"), max_length=8, required=False, help_text=_("e.g. 0211234A")
    )
    school_name = forms.CharField(label=_("School name"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    venue_details = forms.CharField(label=_("Venue details"), max_length=255, required=False)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=5000, initial=20)
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"), queryset=User.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People holding the trainer role in your scope (granted on the team page)."),
    )  # fmt: skip
    registration_opens_at = forms.DateTimeField(
        label=_("Registration opens"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip
    registration_closes_at = forms.DateTimeField(
        label=_("Registration closes"), required=False,
        help_text=_("By default, when the session starts."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False
    )
    partner = forms.ModelChoiceField(
        label=_("Partner académie (EAFC)"), queryset=Academie.objects.all(), required=False
    )
    convention = forms.CharField(label=_("Convention"), max_length=120, required=False)
    requires_approval = forms.BooleanField(
        label=_("Registrations are approved by the head of school before confirmation"),
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ateliers = filter_in_scope(
            Atelier.objects.all(), user, Capability.PLAN_SESSIONS, ATELIER_PATHS
        )
        self.fields["atelier"].queryset = ateliers
        self.fields["room"].queryset = Room.objects.filter(atelier__in=ateliers, active=True)
        self.fields["offer"].queryset = Offer.objects.exclude(
            status=Offer.Status.ARCHIVED
        ).order_by("title")
        trainer_roles = filter_in_scope(
            RoleAssignment.objects.filter(role=Role.TRAINER),
            user,
            Capability.PLAN_SESSIONS,
            ROLE_PATHS,
        )
        self.fields["trainers"].queryset = User.objects.filter(
            pk__in=trainer_roles.values("user_id")
        ).order_by("last_name", "first_name")


class NewSessionForm(SessionForm):
    weeks = forms.IntegerField(
        label=_("Repeat every week, number of sessions"), min_value=1, max_value=52, initial=1,
        help_text=_("1 for a single session; 10 creates ten sessions a week apart."),
    )  # fmt: skip
    open_now = forms.BooleanField(label=_("Open registration now"), required=False, initial=True)


class SlotForm(forms.Form):
    # The slot being edited: it keeps its identity, and the attendance signed on it.
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}))


SlotFormSet = forms.formset_factory(
    SlotForm, extra=2, max_num=20, min_num=1, validate_min=True, can_delete=True
)


class SlotCorrectionForm(DsfrBaseForm):
    """Correct the hours of a slot that has started (audited, with a reason)."""

    slot = forms.TypedChoiceField(label=_("Slot"), coerce=int, choices=())
    start = forms.TimeField(label=_("Actual start"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("Actual end"), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(label=_("Reason (kept in the audit log)"), max_length=255)

    def __init__(self, *args: Any, slots: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(s.pk, getattr(s, "label", str(s))) for s in slots]


class CancelForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Reason, sent to the participants"), max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class QuotaForm(DsfrBaseForm):
    academie = forms.ModelChoiceField(
        label=_("For the people of an académie"), queryset=Academie.objects.all(), required=False
    )
    school_uai = forms.CharField(
        label=_("…or of a school (UAI code)"), max_length=8, required=False
    )
    seats = forms.IntegerField(label=_("Reserved seats (0 removes)"), min_value=0, max_value=5000)


class RoomForm(DsfrBaseForm):
    name = forms.CharField(label=_("Room name"), max_length=120)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=2000, initial=20)
    accessible = forms.BooleanField(
        label=_("Accessible to wheelchair users"), required=False, initial=True
    )
