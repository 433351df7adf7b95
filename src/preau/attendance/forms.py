from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class SheetForm(DsfrBaseForm):
    sheet = forms.FileField(label=_("Scanned paper sheet (PDF, PNG or JPEG)"))


class WebinarLogForm(DsfrBaseForm):
    log = forms.FileField(
        label=_("Participant log of the webinar tool (CSV)"),
        help_text=_("Columns: name or e-mail, join time, leave time; one line per connection."),
    )
