from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from preau.network.loader import DEPARTEMENTS_FILE, NETWORK_FILE, read_network
from preau.network.models import Academie, Atelier, Departement, Territory
from preau.network.selectors import network_counts
from preau.network.services import network_load

pytestmark = pytest.mark.django_db


def test_reference_network_matches_the_activity_report():
    network_load()
    assert network_counts() == {
        "territories": 16,
        "territories_dt": 11,
        "territories_da": 5,
        "academies": 29,
        "departements": 100,
        "ateliers": 101,
    }
    normandie = Academie.objects.get(name="Normandie")
    assert normandie.ateliers.count() == 6
    # Ateliers carry the whole chain, and overseas ones their own time zone.
    bourges = Atelier.objects.get(code="18")
    assert (bourges.town, bourges.academie.name, bourges.territory.code) == (
        "Bourges",
        "Orléans-Tours",
        "DT-CVL",
    )
    assert Atelier.objects.get(code="974").timezone == "Indian/Reunion"
    assert not Departement.objects.filter(code="976").exists()  # Mayotte has no Atelier


def test_second_load_changes_nothing_and_keeps_local_edits():
    network_load()
    atelier = Atelier.objects.get(code="21")
    atelier.address = "3 rue de la Formation"
    atelier.save()
    report = network_load()
    assert not report.changed_anything
    atelier.refresh_from_db()
    assert atelier.address == "3 rue de la Formation"
    assert Territory.objects.count() == 16


def test_load_is_all_or_nothing():
    spec = read_network()
    calls = 0

    def fail_midway(n: int) -> None:
        nonlocal calls
        calls += n
        if calls > 50:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        network_load(spec=spec, progress=fail_midway)
    assert not Territory.objects.exists() and not Atelier.objects.exists()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "network.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_file_names_each_problem(tmp_path):
    bad = _write(
        tmp_path,
        """
territories:
  - code: DT-X
    kind: XX
    name: Nulle part
    academies:
      - {name: Atlantide, departements: ["999"]}
  - code: DT-Y
    name: Sans type
""",
    )
    with pytest.raises(ValidationError) as exc:
        read_network(bad, DEPARTEMENTS_FILE)
    text = " | ".join(exc.value.messages)
    assert "kind must be DT or DA" in text
    assert "unknown département(s) 999" in text
    assert "missing kind, academies" in text


def test_unparseable_file_is_reported(tmp_path):
    bad = _write(tmp_path, "territories: [unclosed")
    with pytest.raises(ValidationError, match="cannot be read"):
        read_network(bad, DEPARTEMENTS_FILE)


def test_reference_files_ship_inside_the_package():
    # The project must not read ../shared at run time.
    assert "shared" not in NETWORK_FILE.parts
    assert NETWORK_FILE.is_file() and DEPARTEMENTS_FILE.is_file()
