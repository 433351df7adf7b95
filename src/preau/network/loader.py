"""Reading and checking the network reference files shipped with Préau."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.utils.text import slugify

DATA_DIR = Path(__file__).resolve().parent / "data"
NETWORK_FILE = DATA_DIR / "network.yaml"
DEPARTEMENTS_FILE = DATA_DIR / "departements.yaml"


@dataclass(frozen=True)
class AtelierSpec:
    code: str
    departement: str
    town: str


@dataclass(frozen=True)
class AcademieSpec:
    code: str
    name: str
    departements: tuple[str, ...]
    ateliers: tuple[AtelierSpec, ...]


@dataclass(frozen=True)
class TerritorySpec:
    code: str
    kind: str
    name: str
    academies: tuple[AcademieSpec, ...]


@dataclass(frozen=True)
class NetworkSpec:
    territories: tuple[TerritorySpec, ...]
    departements: dict[str, tuple[str, str, str]]  # code -> (name, prefecture, time zone)

    def academies(self) -> Iterator[tuple[TerritorySpec, AcademieSpec]]:
        for territory in self.territories:
            for academie in territory.academies:
                yield territory, academie

    @property
    def size(self) -> int:
        """Number of rows a load writes (for progress bars)."""
        return sum(1 + len(a.departements) + len(a.ateliers) for _t, a in self.academies()) + len(
            self.territories
        )


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationError(f"{path.name}: cannot be read ({exc})") from exc


def _departements(raw: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    out = {}
    for code, value in raw.items():
        if code == "extra_ateliers":
            continue
        if not isinstance(value, list) or len(value) not in (2, 3):
            raise ValidationError(f"departements.yaml: {code}: expected [name, prefecture, zone?]")
        name, town, *zone = value
        out[str(code)] = (name, town, zone[0] if zone else "Europe/Paris")
    return out


def _ateliers_for(
    academie: dict[str, Any],
    deps: dict[str, tuple[str, str, str]],
    named: dict[str, str],
    extras: dict[str, list[str]],
) -> tuple[AtelierSpec, ...]:
    codes = [str(c) for c in academie["departements"]]
    ateliers = [AtelierSpec(c.lower(), c, named.get(c) or deps[c][1]) for c in codes]
    wanted = int(academie.get("ateliers", len(codes)))
    for code in codes:
        for n, town in enumerate(extras.get(code, []), start=2):
            if len(ateliers) < wanted:
                ateliers.append(AtelierSpec(f"{code.lower()}-{n}", code, town))
    if len(ateliers) != wanted:
        raise ValidationError(
            f"network.yaml: académie {academie['name']}: {wanted} Ateliers announced, "
            f"{len(ateliers)} placed (add the extra towns to departements.yaml)"
        )
    return tuple(ateliers)


def read_network(
    network_file: Path = NETWORK_FILE, departements_file: Path = DEPARTEMENTS_FILE
) -> NetworkSpec:
    """Parse and check both files; raise ValidationError listing every problem."""
    raw = read_yaml(network_file) or {}
    raw_deps = read_yaml(departements_file) or {}
    deps = _departements(raw_deps)
    extras = {str(k): v for k, v in (raw_deps.get("extra_ateliers") or {}).items()}
    named = {str(k): v for k, v in (raw.get("ateliers_named") or {}).items()}
    errors: list[str] = []
    seen_deps: set[str] = set()
    territories = []
    for t_index, t in enumerate(raw.get("territories") or [], start=1):
        where = f"network.yaml: territory #{t_index}"
        missing = [k for k in ("code", "kind", "name", "academies") if not t.get(k)]
        if missing:
            errors.append(f"{where}: missing {', '.join(missing)}")
            continue
        if t["kind"] not in ("DT", "DA"):
            errors.append(f"{where} ({t['code']}): kind must be DT or DA, not {t['kind']!r}")
        academies = []
        for a in t["academies"]:
            unknown = [str(c) for c in a.get("departements", []) if str(c) not in deps]
            if unknown or not a.get("name"):
                errors.append(
                    f"{where} ({t['code']}): académie {a.get('name')!r}: "
                    f"unknown département(s) {', '.join(unknown) or '-'}"
                )
                continue
            dup = seen_deps.intersection(str(c) for c in a["departements"])
            if dup:
                errors.append(f"{where}: département(s) {', '.join(sorted(dup))} listed twice")
            seen_deps.update(str(c) for c in a["departements"])
            try:
                ateliers = _ateliers_for(a, deps, named, extras)
            except ValidationError as exc:
                errors.extend(exc.messages)
                continue
            academies.append(
                AcademieSpec(
                    code=slugify(a["name"]),
                    name=a["name"],
                    departements=tuple(str(c) for c in a["departements"]),
                    ateliers=ateliers,
                )
            )
        territories.append(TerritorySpec(t["code"], t["kind"], t["name"], tuple(academies)))
    if not territories and not errors:
        errors.append("network.yaml: no territories")
    if errors:
        raise ValidationError(errors)
    return NetworkSpec(tuple(territories), deps)
