"""Catalog facets that come from sessions: when (time slot) and between which dates."""

from datetime import time, timedelta

import pytest

from preau.accounts.roles import Role
from preau.catalog.search import CatalogQuery, catalog_search
from preau.catalog.testing import published_offer
from preau.core.testing import user_with_role
from preau.scheduling import services
from preau.scheduling.services import SlotSpec
from preau.scheduling.testing import next_weekday, open_session

pytestmark = pytest.mark.django_db


def titles(**kwargs):
    return {e.title for e in catalog_search(CatalogQuery(**kwargs)).entries}


def test_time_slot_and_date_facets_follow_open_sessions(net):
    wednesday = next_weekday(2)
    saturday = next_weekday(5, weeks_ahead=6)
    morning_offer = published_offer(atelier=net.x1, title="Le matin")
    evening_offer = published_offer(atelier=net.x1, title="Le soir")
    published_offer(atelier=net.x1, title="Sans séance")
    open_session(net.x1, offer=morning_offer, slots=(SlotSpec(wednesday, time(9), time(12)),))
    open_session(net.x1, offer=evening_offer, slots=(SlotSpec(saturday, time(9), time(12)),))
    evening = open_session(
        net.x1, offer=evening_offer, slots=(SlotSpec(wednesday, time(17, 30), time(19)),)
    )

    page = catalog_search(CatalogQuery())
    slots = {f.key: {v.value: v.count for v in f.values} for f in page.facets}["slot"]
    assert slots == {"weekday_morning": 1, "weekday_evening": 1, "saturday_morning": 1}
    assert titles(filters={"slot": ("weekday_evening",)}) == {"Le soir"}
    assert titles(date_from=wednesday, date_to=wednesday) == {"Le matin", "Le soir"}
    assert titles(date_from=wednesday + timedelta(days=1)) == {"Le soir"}  # the Saturday

    # Cancelling a session updates the facets at once.
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    services.session_cancel(actor=manager, session=evening, reason="Salle fermée")
    assert titles(filters={"slot": ("weekday_evening",)}) == set()


def test_the_when_facet_is_hidden_without_sessions(net):
    published_offer(atelier=net.x1)
    keys = [f.key for f in catalog_search(CatalogQuery()).facets]
    assert "slot" not in keys


def test_school_holidays_from_the_official_calendar(net, tmp_path, capsys):
    from preau.cli import main

    day = next_weekday(1, weeks_ahead=4)
    start = (day - timedelta(days=2)).isoformat()
    end = (day + timedelta(days=10)).isoformat()
    calendar = tmp_path / "fr-en-calendrier-scolaire.csv"
    calendar.write_text(
        "Description;Population;Date de début;Date de fin;Académies;Zones;annee_scolaire\n"
        f"Vacances de test;-;{start}T23:00:00+00:00;{end}T23:00:00+00:00;Académie A1;A;2026-2027\n"
        f"Vacances de test;Enseignants;{start};{end};Académie A1;Zone A;2026-2027\n"
        f"Vacances de test;-;{start};{end};Atlantide;Zone A;2026-2027\n",
        encoding="utf-8",
    )
    assert main(["holidays", "load", str(calendar)]) == 0
    out = capsys.readouterr().out
    assert "1 périodes" in out and "Atlantide" in out
    in_holidays = published_offer(atelier=net.x1, title="Pendant les vacances")
    open_session(net.x1, offer=in_holidays, slots=(SlotSpec(day, time(9), time(12)),))
    elsewhere = published_offer(atelier=net.y1, title="Autre académie")
    open_session(net.y1, offer=elsewhere, slots=(SlotSpec(day, time(9), time(12)),))
    assert titles(filters={"slot": ("holidays",)}) == {"Pendant les vacances"}
    assert main(["holidays", "load", str(calendar)]) == 0  # idempotent
    from preau.network.models import SchoolHoliday

    assert SchoolHoliday.objects.count() == 1


def test_where_facet_lists_online_and_the_departements_of_upcoming_sessions(net):
    near = published_offer(atelier=net.x1, title="Près de chez moi")
    online = published_offer(atelier=net.x3, title="À distance")
    published_offer(atelier=net.x2, title="Sans séance")
    open_session(net.x1, offer=near)
    open_session(
        net.x3,
        offer=online,
        venue="online",
        online_url="https://visio.example.org/salle",
    )
    page = catalog_search(CatalogQuery())
    where = {f.key: f for f in page.facets}["where"]
    assert [(v.value, v.label, v.count) for v in where.values] == [
        ("online", "En ligne", 1),
        ("01", "01 – Dép. 01", 1),
    ]
    assert titles(filters={"where": ("online",)}) == {"À distance"}
    assert titles(filters={"where": ("01", "online")}) == {"À distance", "Près de chez moi"}
