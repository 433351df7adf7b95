import pytest

from preau.accounts.models import User
from preau.accounts.roles import Role
from preau.cli import main
from preau.network.models import Atelier

pytestmark = pytest.mark.django_db


def test_network_load_twice(capsys):
    assert main(["network", "load"]) == 0
    assert "101 Ateliers" in capsys.readouterr().out
    assert main(["network", "load"]) == 0
    assert "rien à changer" in capsys.readouterr().out
    assert Atelier.objects.count() == 101


def test_createadmin_without_password_and_without_terminal_explains(monkeypatch, capsys):
    monkeypatch.delenv("PREAU_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["createadmin", "--email", "chef@example.org"]) == 2
    assert "PREAU_ADMIN_PASSWORD" in capsys.readouterr().out
    assert not User.objects.exists()


def test_createadmin_creates_a_national_admin(monkeypatch):
    monkeypatch.setenv("PREAU_ADMIN_PASSWORD", "pilotage-national-2026")
    assert main(["createadmin", "--email", "Chef@Example.org"]) == 0
    user = User.objects.get(email="chef@example.org")
    assert user.is_superuser and user.role_assignments.filter(role=Role.NATIONAL_ADMIN).exists()
    assert main(["createadmin", "--email", "chef@example.org"]) == 0  # promoting again is harmless


def test_createadmin_rejects_a_bad_address(monkeypatch, capsys):
    monkeypatch.setenv("PREAU_ADMIN_PASSWORD", "pilotage-national-2026")
    assert main(["createadmin", "--email", "pas-une-adresse"]) == 2
    assert "pas-une-adresse" in capsys.readouterr().out


def test_check_reports_health(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "Base de données" in out and "Migrations : à jour" in out


def test_worker_explains_when_tasks_run_immediately(capsys):
    assert main(["worker"]) == 2
    assert "PREAU_TASKS=database" in capsys.readouterr().out


def test_demo_accounts_one_per_role(capsys):
    from preau.demo.accounts import DEMO_ACCOUNTS, demo_accounts_create

    main(["network", "load"])
    demo_accounts_create()
    demo_accounts_create()  # idempotent
    assert User.objects.count() == len(DEMO_ACCOUNTS)
    assert {a.role for a in DEMO_ACCOUNTS} == set(Role)


def test_search_rebuild_recreates_the_catalog_index(capsys, net):
    from preau.catalog.models import CatalogEntry
    from preau.catalog.testing import published_offer

    offer = published_offer(atelier=net.x1)
    CatalogEntry.objects.all().delete()
    assert main(["search", "rebuild"]) == 0
    assert "1 documents" in capsys.readouterr().out
    assert CatalogEntry.objects.get().offer_id == offer.pk


def test_demo_refuses_a_scale_or_year_that_makes_no_sense(capsys):
    from preau.scheduling.models import TrainingSession

    assert main(["demo", "--scale", "-1"]) == 2
    assert "--scale" in capsys.readouterr().out
    assert main(["demo", "--year", "23"]) == 2
    assert "--year" in capsys.readouterr().out
    assert not TrainingSession.objects.exists()  # nothing was written


def test_run_on_another_port_puts_that_address_in_e_mail_links(monkeypatch):
    import os

    import preau.cli as cli

    started: dict[str, dict[str, str]] = {}
    monkeypatch.delenv("PREAU_SITE_URL", raising=False)
    monkeypatch.setattr(cli, "_call", lambda *args: 0)
    monkeypatch.setattr("preau.network.selectors.network_is_empty", lambda: False)
    monkeypatch.setattr(os, "execv", lambda path, argv: started.update(env=dict(os.environ)))
    assert main(["run", "--port", "8123", "--no-demo"]) == 0
    assert started["env"]["PREAU_SITE_URL"] == "http://127.0.0.1:8123"
    os.environ.pop("PREAU_SITE_URL", None)
