from typing import Any

from django import template

from preau.network.domains import academie_code_of, domains_of

register = template.Library()


@register.inclusion_tag("accounts/_affiliation.html", takes_context=True)
def affiliation_box(context: Any, user: Any) -> dict[str, Any]:
    """Where the person works, whether it is verified, and how to get it verified."""
    domains = domains_of(user.academie) if user.academie_id else ()
    own_is_academic = bool(domains) and academie_code_of(user.email) == user.academie.code
    request = context.get("request")
    typed = request.session.pop("affiliation_address", None) if request is not None else None
    said = [m for m in context.get("messages") or [] if "affiliation" in m.tags]
    return {
        "person": user,
        "domains": domains,
        "said": said,
        "suggested": typed if typed is not None else (user.email if own_is_academic else ""),
        "head": getattr(user.school, "head", None) if user.school_id else None,
        "csrf_token": context.get("csrf_token"),
    }
