"""The national themes and programmes, read from the network reference file."""

from django.utils.text import slugify

from preau.core.search.text import fold
from preau.network.loader import NETWORK_FILE, read_yaml


def theme_code(name: str) -> str:
    return slugify(fold(name))[:80]


def read_reference() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(code, name) of the themes and of the programmes, in file order."""
    spec = read_yaml(NETWORK_FILE)
    themes = [(theme_code(name), name) for name in spec.get("themes", [])]
    programmes = [(p["code"], p["name"]) for p in spec.get("programmes", [])]
    return themes, programmes
