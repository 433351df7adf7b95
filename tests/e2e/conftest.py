"""Browser tests: Playwright for Python driving Debian's Chromium, headless.

Skipped, with a visible reason, where /usr/bin/chromium is missing
(`.ci/run` installs it so that CI always runs them).
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("PREAU_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# made by the test itself (fixtures) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"browser tests skipped: {CHROMIUM} is missing (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        terminalreporter.write_line(
            f"!! Browser tests were SKIPPED: {CHROMIUM} is missing (apt-get install chromium).",
            yellow=True,
        )


@pytest.fixture(scope="session")
def browser() -> Iterator:  # type: ignore[type-arg]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def demo_site(live_server):  # type: ignore[no-untyped-def]
    """A live site with the network and the demo accounts (no demo catalog)."""
    from preau.demo.accounts import demo_accounts_create
    from preau.network.services import network_load

    network_load()
    demo_accounts_create()
    return live_server.url
