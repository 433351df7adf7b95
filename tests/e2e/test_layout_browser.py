"""Layout guard: every page of the accessibility list, at 390 px and 1280 px,
anonymous for public pages and logged in for staff pages. On each:

- the page never scrolls sideways, and a table wider than its column scrolls
  inside its own container (DSFR ``fr-table__container``), never cut;
- exactly one ``h1``; a ``<title>`` without markup;
- nothing rendered twice: no heading outside the page's ``main`` (bar the
  header and footer), no block (list, table, section, form…) whose text is
  repeated in another block of the page.

It reuses one browser, one context per role, and resizes instead of reloading.
"""

from pathlib import Path

import pytest

from preau.catalog.testing import published_offer
from preau.network.models import Atelier
from preau.network.services import network_load
from preau.scheduling.testing import open_session

from .conftest import screenshot
from .site_pages import STAFF, demo_site_pages
from .test_catalog_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (1280, 390)

CHECKS = (Path(__file__).parent / "layout_checks.js").read_text()


def layout_problems(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(CHECKS)


def _visit(page, site: str, urls: list[str], found: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    for url in urls:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        response = page.goto(site + url)
        assert response is not None and response.status == 200, url
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            problems = layout_problems(page)
            if problems:
                found[f"{url} @{width}"] = problems
                name = url.strip("/").replace("/", "-").replace("?", "-").replace("=", "-")
                screenshot(page, f"layout-{name or 'home'}-{width}")


def test_every_listed_page_fits_and_says_things_once(browser, live_server):  # type: ignore[no-untyped-def]
    pages = demo_site_pages()
    found: dict[str, list[str]] = {}
    for role, urls in ((None, pages.public), (STAFF, pages.staff)):
        context = browser.new_context(locale="fr-FR", viewport={"width": WIDTHS[0], "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        if role:
            login(page, live_server.url, role)
        _visit(page, live_server.url, urls, found)
        context.close()
    assert found == {}, "\n".join(f"{where}: {'; '.join(p)}" for where, p in found.items())


def test_the_sessions_table_fits_the_offer_page_at_1280(page, live_server):  # type: ignore[no-untyped-def]
    """The place of a session in a long-named town pushed the "Voir et
    s'inscrire" link out of the column: the table wraps its cells instead."""
    network_load()
    atelier = Atelier.objects.get(code="51")  # Châlons-en-Champagne
    session = open_session(atelier, offer=published_offer(atelier=atelier))
    page.goto(f"{live_server.url}/catalogue/offres/{session.offer_id}/")
    container = page.locator(".fr-table__container", has_text="Voir et s’inscrire")
    fits = container.evaluate("box => box.scrollWidth <= box.clientWidth")
    screenshot(page, "offer-sessions-1280")
    assert fits
    assert layout_problems(page) == []
