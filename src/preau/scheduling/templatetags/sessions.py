from typing import Any

from django import template

register = template.Library()


@register.filter
def seats_left(session: Any) -> int:
    """Free seats of a session annotated with ``held`` (see scheduling.selectors)."""
    return max(0, session.capacity - getattr(session, "held", 0))
