from typing import Any

from django import template

from preau.registrations.selectors import reserved_seats_note

register = template.Library()


@register.inclusion_tag("registrations/_reserved_seats.html")
def reserved_seats(session: Any, user: Any) -> dict[str, Any]:
    return {"note": reserved_seats_note(session, user)}
