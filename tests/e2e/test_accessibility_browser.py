"""Automated accessibility checks (axe-core, the engine behind most RGAA
audit tools) on the pages people use most: no serious or critical violation.
An automated check finds part of the problems only; it keeps them from
coming back."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from preau.catalog.models import Offer
from preau.demo.accounts import demo_accounts_create
from preau.demo.catalog import demo_catalog_create
from preau.demo.sessions import demo_sessions_create
from preau.demo.year import demo_year_create
from preau.network.services import network_load
from preau.scheduling.models import TrainingSession

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
    network_load()
    demo_accounts_create()
    demo_catalog_create(count=20)
    demo_sessions_create()
    year = timezone.localdate().year - 1
    demo_year_create(year=year, which="current", scale=0.005, seed=3)
    offer = Offer.objects.filter(status=Offer.Status.PUBLISHED).first()
    session = TrainingSession.objects.filter(status=TrainingSession.Status.OPEN).first()
    slot = session.slots.first()
    public = ["/", "/catalogue/", "/reseau/", "/reseau/ateliers/21", offer.get_absolute_url(),
              session.get_absolute_url(), "/compte/inscription", "/evaluation/besoins/",
              "/evaluation/reclamation/", "/accessibilite"]  # fmt: skip
    staff = [
        "/compte/", "/attestations/", f"/pilotage/?annee={year}",
        f"/pilotage/?annee={year}&par=theme", f"/pilotage/seances/?annee={year}",
        f"/pilotage/rapport/?annee={year}", f"/pilotage/conventions/?annee={year}",
        f"/pilotage/autoformation/?annee={year}", "/catalogue/relecture/",
        "/catalogue/gestion/", "/catalogue/gestion/nouvelle/", f"/catalogue/gestion/{offer.pk}/",
        "/seances/planning/", "/seances/planning/nouvelle/", f"/seances/planning/{session.pk}/",
        f"/presence/seances/{session.pk}/", f"/presence/creneaux/{slot.pk}/",
        "/evaluation/resultats/", "/evaluation/reclamations/", "/evaluation/actions/",
        "/compte/equipe", "/attestations/export/",
    ]  # fmt: skip
    found = {}
    for i, url in enumerate(public + staff):
        if i == len(public):
            login(page, live_server.url, "admin@preau.test")
        response = page.goto(live_server.url + url)
        assert response is not None and response.status == 200, url
        found[url] = serious(page)
    assert {url: v for url, v in found.items() if v} == {}
