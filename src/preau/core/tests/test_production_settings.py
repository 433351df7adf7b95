"""Production refuses to start on a guessable set-up; its cookies are HTTPS-only."""

import os
import subprocess
import sys

import pytest

SECRET = "x" * 20 + "a-long-random-production-secret-0123456789"
PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, s.LANGUAGE_COOKIE_SAMESITE, "
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.PREAU_PROXY_COUNT)"
)


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PREAU_DEBUG", "PREAU_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**inherited, "DJANGO_SETTINGS_MODULE": "preau.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _python(
        PRINT,
        PREAU_PRODUCTION="1",
        PREAU_ALLOWED_HOSTS="preau.example.org",
        PREAU_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PREAU_PRODUCTION=1 needs PREAU_SECRET_KEY" in result.stderr
    assert not (tmp_path / "secret_key").exists()  # nothing generated behind our back


def test_production_cookies_are_secure_http_only_and_same_site():
    result = _python(
        PRINT,
        PREAU_PRODUCTION="1",
        PREAU_SECRET_KEY=SECRET,
        PREAU_ALLOWED_HOSTS="preau.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "Lax", "True", "True", "1"]


@pytest.mark.django_db
def test_the_language_cookie_is_not_readable_by_scripts(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
