from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

# RGAA wording of the compliance levels, keyed by the setting's value.
ACCESSIBILITY_LABELS = {
    "non": _("not compliant"),
    "partiellement": _("partially compliant"),
    "totalement": _("fully compliant"),
}


def operator(request: HttpRequest) -> dict[str, Any]:
    """What every page needs to know about the instance it belongs to."""
    return {
        "OPERATOR_NAME": settings.OPERATOR_NAME,
        "OPERATOR_TAGLINE": settings.OPERATOR_TAGLINE,
        "ACCESSIBILITY_LABEL": ACCESSIBILITY_LABELS.get(
            settings.ACCESSIBILITY_STATUS, ACCESSIBILITY_LABELS["non"]
        ),
    }
