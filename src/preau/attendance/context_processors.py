from typing import Any

from django.http import HttpRequest

from preau.accounts.roles import Role
from preau.accounts.scopes import assignments_of


def attendance_menu(request: HttpRequest) -> dict[str, Any]:
    """Trainers get "Today" in the header: their slots of the day, one tap to each roster."""
    user = getattr(request, "user", None)
    return {"IS_TRAINER": any(a.role == Role.TRAINER for a in assignments_of(user))}
