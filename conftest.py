"""Fixtures shared by every test: fast hashing, a small network, users with roles."""

import pytest

from preau.core.testing import MiniNetwork, build_mini_network


@pytest.fixture(autouse=True)
def _fast_tests(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def net(db) -> MiniNetwork:  # type: ignore[no-untyped-def]
    return build_mini_network()
