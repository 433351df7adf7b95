"""The same search cases run on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest

from preau.accounts.roles import Role
from preau.catalog import services
from preau.catalog.indexing import catalog_rebuild, index_drift
from preau.catalog.models import CatalogEntry, EntryFacet
from preau.catalog.search import CatalogQuery, catalog_search
from preau.catalog.testing import published_offer, reviewer
from preau.core.testing import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(net):
    return {
        "num": published_offer(
            atelier=net.x1,
            title="Le numérique au service des élèves",
            summary="Formation aux usages des tablettes.",
            modality="in_person",
            themes=["humanites-numeriques-en-education"],
        ),
        "inclusion": published_offer(
            territory=net.t2,
            title="École inclusive : premiers gestes",
            summary="Comprendre les besoins éducatifs particuliers.",
            modality="distance",
            format="webinar",
            themes=["ecole-inclusive"],
            keywords=["handicap", "AESH"],
        ),
        "jeux": published_offer(
            title="Jouer pour apprendre",
            summary="Des jeux de société en classe, et un peu de numérique.",
            modality="hybrid",
            themes=["ludopedagogie", "humanites-numeriques-en-education"],
        ),
    }


def titles(text="", **filters):
    query = CatalogQuery(text=text, filters={k: tuple(v) for k, v in filters.items()})
    return {e.title for e in catalog_search(query).entries}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("numerique", {"num", "jeux"}),  # accents do not matter
        ("NUMÉRIQUE", {"num", "jeux"}),
        ("formations", {"num"}),  # "formations" finds "Formation" (stemming)
        ("numéri", {"num", "jeux"}),  # a word being typed matches by prefix
        ("ecol inclus", {"inclusion"}),
        ("aesh", {"inclusion"}),  # keywords are searched
        ("numérique tablettes", {"num"}),  # every word must match
        ("jeux de société", {"jeux"}),
        ("Ludopédagogie", {"jeux"}),  # theme names are searched
        ("Atelier x1", {"num"}),  # and the owner
        ("astronomie", set()),
        ("l'école", {"inclusion"}),
    ],
)
def test_full_text_search_in_french(offers, text, expected):
    assert titles(text) == {offers[k].title for k in expected}


def test_punctuation_and_operators_are_plain_text(offers):
    for text in ('"', "NEAR(", "num* OR", "a:b", "!&|()"):
        catalog_search(CatalogQuery(text=text))  # no database error


def test_title_matches_rank_first(offers):
    page = catalog_search(CatalogQuery(text="numérique", sort="relevance"))
    assert page.entries[0].title == offers["num"].title


def test_facet_filters_and_counts(offers, net):
    assert titles(modality=["distance"]) == {offers["inclusion"].title}
    assert titles(modality=["distance", "hybrid"]) == {
        offers["inclusion"].title,
        offers["jeux"].title,
    }
    page = catalog_search(CatalogQuery(filters={"theme": ("humanites-numeriques-en-education",)}))
    assert page.total == 2
    facets = {f.key: {v.value: (v.count, v.selected) for v in f.values} for f in page.facets}
    assert facets["modality"] == {"in_person": (1, False), "hybrid": (1, False)}
    # The chosen facet still counts the other values, so people can widen.
    assert facets["theme"]["ecole-inclusive"] == (1, False)
    assert facets["theme"]["humanites-numeriques-en-education"] == (2, True)
    assert facets["territory"] == {"DT-ONE": (1, False), "national": (1, False)}
    assert "academie" not in facets  # places drill down


def test_places_drill_down(offers, net):
    page = catalog_search(CatalogQuery(filters={"territory": ("DT-ONE",)}))
    facets = {f.key: {v.value: v.count for v in f.values} for f in page.facets}
    assert facets["academie"] == {"a1": 1}
    page = catalog_search(CatalogQuery(filters={"territory": ("DT-ONE",), "academie": ("a1",)}))
    facets = {f.key: {v.value: v.count for v in f.values} for f in page.facets}
    assert facets["atelier"] == {"x1": 1}


def test_text_and_facets_combine(offers):
    assert titles("numérique", modality=["hybrid"]) == {offers["jeux"].title}


def test_sort_by_date_and_pages(offers):
    page = catalog_search(CatalogQuery(sort="date", per_page=2))
    assert page.total == 3 and page.pages == 2
    assert [e.title for e in page.entries] == [offers["jeux"].title, offers["inclusion"].title]
    page2 = catalog_search(CatalogQuery(sort="date", per_page=2, page=2))
    assert [e.title for e in page2.entries] == [offers["num"].title]
    by_title = catalog_search(CatalogQuery(sort="title"))
    assert by_title.entries[0].title.startswith("École")


def test_index_follows_every_write_and_rebuilds_identically(offers, net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    services.offer_update(
        actor=manager, offer=offers["num"], data={"title": "Robotique au cycle 3"}, minor=True
    )
    services.offer_archive(actor=reviewer(), offer=offers["jeux"])
    assert titles("robotique") == {"Robotique au cycle 3"}
    assert titles("jouer") == set()
    assert index_drift() == {k: set() for k in index_drift()}

    before = _snapshot()
    assert catalog_rebuild() == 2
    assert _snapshot() == before


def _snapshot():
    entries = set(CatalogEntry.objects.values_list("offer_id", "title", "summary", "owner_label"))
    facets = sorted(EntryFacet.objects.values_list("entry_id", "facet", "value"))
    return entries, facets, titles("robotique"), titles("inclusive")
