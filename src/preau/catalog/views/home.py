"""What the catalog shows on the home page: its themes, with their live offers."""

from typing import Any

from django.http import HttpRequest

from preau.catalog.facet_index import facet_index
from preau.catalog.models import Theme


def home_themes(request: HttpRequest) -> dict[str, Any]:
    bitmaps = facet_index().bitmaps.get("theme", {})
    themes = [
        {"code": code, "name": name, "count": bitmaps.get(code, 0).bit_count()}
        for code, name in Theme.objects.order_by("position").values_list("code", "name")
    ]
    return {"home_themes": [t for t in themes if t["count"]]}
