"""Production settings pass Django's deployment checks; translations are complete."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES"


def _run_in_production(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    dev_only = {"PREAU_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by some test runs
    inherited = {k: v for k, v in os.environ.items() if k not in dev_only}
    environment = {
        **inherited,
        "PREAU_PRODUCTION": "1",
        "PREAU_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-0123456789",
        "PREAU_ALLOWED_HOSTS": "preau.example.org",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "django", *args, "--settings=preau.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run_in_production("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_complains_when_debug_is_left_on():
    result = _run_in_production("check", "--deploy", "--fail-level", "WARNING", PREAU_DEBUG="1")
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_every_french_message_is_translated():
    po = polib.pofile(str(LOCALE / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == []


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")
def test_every_message_in_the_code_is_in_the_catalog(tmp_path):
    """makemessages on a copy of the sources finds nothing the catalog lacks."""
    source = LOCALE.parents[2]
    copy = tmp_path / "preau"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "static"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--settings=preau.settings",
         "--no-obsolete", "--no-location"],
        cwd=copy, check=True, capture_output=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )  # fmt: skip
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/fr/LC_MESSAGES/django.po"))}
    ours = {e.msgid for e in polib.pofile(str(LOCALE / "django.po")) if not e.obsolete}
    assert sorted(fresh - ours) == [], "run `make messages`, then translate the new entries"


def test_compiled_catalog_matches_the_sources():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))
    compiled = {e.msgid: e.msgstr for e in mo}
    stale = [e.msgid for e in po.translated_entries() if compiled.get(e.msgid) != e.msgstr]
    assert stale == [], "run `make messages` to recompile django.mo"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory (journal "memory"); files use WAL.
    assert mode in ("wal", "memory")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_an_sqlite_database_url_keeps_the_safe_sqlite_options(tmp_path):
    code = (
        "from django.conf import settings; o = settings.DATABASES['default']['OPTIONS'];"
        "print(o['transaction_mode'], o['timeout'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "preau.settings",
             "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.split() == ["IMMEDIATE", "20"]
