"""The pages the browser guards visit (accessibility, layout): demo data small
enough to load in seconds, and the list of pages, public then staff."""

from dataclasses import dataclass

from django.utils import timezone

from preau.catalog.models import Offer
from preau.demo.accounts import demo_accounts_create
from preau.demo.catalog import demo_catalog_create
from preau.demo.sessions import demo_sessions_create
from preau.demo.year import demo_year_create
from preau.network.services import network_load
from preau.scheduling.models import TrainingSession


@dataclass
class SitePages:
    public: list[str]  # visited without logging in
    staff: list[str]  # visited as STAFF
    year: int


STAFF = "admin@preau.test"


def demo_site_pages() -> SitePages:
    network_load()
    demo_accounts_create()
    demo_catalog_create(count=20)
    demo_sessions_create()
    year = timezone.localdate().year - 1
    demo_year_create(year=year, which="current", scale=0.005, seed=3)
    offer = Offer.objects.filter(status=Offer.Status.PUBLISHED).first()
    session = TrainingSession.objects.filter(status=TrainingSession.Status.OPEN).first()
    assert offer is not None and session is not None
    slot = session.slots.first()
    assert slot is not None
    waiting = Offer.objects.filter(status=Offer.Status.SUBMITTED).first() or offer
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
        "/compte/equipe", "/attestations/export/", "/catalogue/relecture/affectations/",
        f"/catalogue/relecture/{waiting.pk}/", f"/catalogue/gestion/{offer.pk}/modifier/",
    ]  # fmt: skip
    return SitePages(public, staff, year)
