"""The home page gathers what higher apps show there (core imports no domain app).

Each app registers a function of the request returning context for
``core/home.html`` (the catalog: its themes; scheduling: the next sessions).
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

HomeSection = Callable[[HttpRequest], dict[str, Any]]
_sections: list[HomeSection] = []


def register_home_section(section: HomeSection) -> None:
    if section not in _sections:
        _sections.append(section)


def home_context(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for section in _sections:
        context.update(section(request))
    return context
