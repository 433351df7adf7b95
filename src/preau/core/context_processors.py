from typing import Any

from django.conf import settings
from django.http import HttpRequest

from preau.core.accessibility import statement_or_default


def operator(request: HttpRequest) -> dict[str, Any]:
    """What every page needs to know about the instance it belongs to."""
    return {
        "OPERATOR_NAME": settings.OPERATOR_NAME,
        "OPERATOR_TAGLINE": settings.OPERATOR_TAGLINE,
        # The RGAA status follows the audit named in the settings (core/accessibility.py).
        "ACCESSIBILITY_LABEL": statement_or_default().label,
    }
