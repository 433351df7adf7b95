import pytest

from preau.catalog.bulk import BulkOffer, offers_bulk_publish
from preau.catalog.indexing import index_drift
from preau.catalog.models import EntryFacet, Offer
from preau.catalog.search import CatalogQuery, catalog_search
from preau.catalog.testing import offer_data, published_offer, reviewer

pytestmark = pytest.mark.django_db


def test_bulk_publication_writes_what_the_workflow_writes(net):
    data = offer_data(programmes=["PAF"], keywords=["tablettes"])
    by_services = published_offer(atelier=net.x1, **data)
    offers_bulk_publish(actor=reviewer(), items=[BulkOffer(data, atelier=net.x1)])
    by_bulk = Offer.objects.exclude(pk=by_services.pk).get()

    assert by_bulk.published_version.content == by_services.published_version.content
    assert (by_bulk.status, by_bulk.version, by_bulk.academie) == ("published", 1, net.a1)
    assert list(by_bulk.events.values_list("kind", flat=True).order_by("id")) == [
        "created",
        "submitted",
        "accepted",
    ]

    def facets(offer):
        return sorted(EntryFacet.objects.filter(entry_id=offer.pk).values_list("facet", "value"))

    assert facets(by_bulk) == facets(by_services)
    assert catalog_search(CatalogQuery(text="tablettes")).total == 2
    assert index_drift() == {k: set() for k in index_drift()}


def test_bulk_is_all_or_nothing(net):
    good = BulkOffer(offer_data())
    bad = BulkOffer(offer_data(themes=["inconnu"]))
    with pytest.raises(Exception, match="inconnu"):
        offers_bulk_publish(actor=reviewer(), items=[good, bad])
    assert not Offer.objects.exists()
