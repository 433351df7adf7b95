from typing import Any

from django.http import HttpRequest

from preau.accounts.roles import Capability
from preau.accounts.scopes import user_may_somewhere
from preau.catalog import selectors


def catalog_menu(request: HttpRequest) -> dict[str, Any]:
    """Which back-office entries the header shows (assignments are cached per request)."""
    user = getattr(request, "user", None)
    from preau.scheduling.selectors import may_plan

    return {
        "MAY_EDIT_OFFERS": bool(user) and selectors.may_edit(user),
        "MAY_REVIEW_OFFERS": bool(user) and selectors.may_review(user),
        "MAY_PLAN_SESSIONS": bool(user) and may_plan(user),
        "MAY_VIEW_INDICATORS": bool(user) and user_may_somewhere(user, Capability.VIEW_INDICATORS),
    }
