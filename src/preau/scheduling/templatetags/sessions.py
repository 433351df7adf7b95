from typing import Any

from django import template

from preau.scheduling.hours import attended_hours_text

register = template.Library()


@register.filter
def seats_left(session: Any) -> int:
    """Free seats of a session annotated with ``held`` (see scheduling.selectors)."""
    return max(0, session.capacity - getattr(session, "held", 0))


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours, with the one rounding rule of scheduling/hours.py ("2,05")."""
    return attended_hours_text(minutes)
