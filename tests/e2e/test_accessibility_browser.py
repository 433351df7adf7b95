"""Automated accessibility checks (axe-core, the engine behind most RGAA
audit tools) on the pages people use most: no serious or critical violation.
An automated check finds part of the problems only; it keeps them from
coming back."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .site_pages import STAFF, demo_site_pages
from .test_catalog_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_main_pages_have_no_serious_accessibility_violation(page, live_server):  # type: ignore[no-untyped-def]
    pages = demo_site_pages()
    found = {}
    for i, url in enumerate(pages.public + pages.staff):
        if i == len(pages.public):
            login(page, live_server.url, STAFF)
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        found[url] = serious(page)
    assert {url: v for url, v in found.items() if v} == {}
