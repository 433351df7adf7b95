"""``{{ value|figure }}``: a number as French readers expect it (4 824 ; 2 823,6),
an em dash when there is nothing to show."""

from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return str(number_format(value, force_grouping=True))
