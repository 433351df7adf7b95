"""Academic e-mail domains per académie (network/data/academic_domains.yaml)."""

from functools import cache
from typing import Any

from django.core.exceptions import ValidationError

from preau.network.loader import DATA_DIR, read_yaml

DOMAINS_FILE = DATA_DIR / "academic_domains.yaml"


@cache
def academic_domains() -> dict[str, tuple[str, ...]]:
    """académie code -> its staff's e-mail domains (lower case)."""
    raw = read_yaml(DOMAINS_FILE) or {}
    if not isinstance(raw, dict):
        raise ValidationError(f"{DOMAINS_FILE.name}: expected a mapping of académie codes")
    out: dict[str, tuple[str, ...]] = {}
    for code, domains in raw.items():
        if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
            raise ValidationError(f"{DOMAINS_FILE.name}: {code}: expected a list of domains")
        out[str(code)] = tuple(d.strip().lower() for d in domains)
    return out


def domain_of(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def academie_code_of(email: str) -> str | None:
    """The académie whose staff domain ``email`` is at, or None (personal addresses…)."""
    domain = domain_of(email)
    for code, domains in academic_domains().items():
        if domain in domains:
            return code
    return None


def domains_of(academie: Any) -> tuple[str, ...]:
    return academic_domains().get(getattr(academie, "code", ""), ())
