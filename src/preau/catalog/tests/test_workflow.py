from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from preau.accounts.roles import Role
from preau.catalog import services
from preau.catalog.indexing import index_drift
from preau.catalog.models import CatalogEntry, Offer, OfferEvent
from preau.catalog.testing import offer_data, published_offer, reviewer
from preau.core.models import AuditEvent
from preau.core.testing import user_with_role

pytestmark = pytest.mark.django_db
Decision = services.Decision
Status = Offer.Status


def test_themes_and_programmes_come_from_the_reference_file():
    from preau.catalog.models import Programme, Theme

    assert Theme.objects.count() == 10
    assert Theme.objects.get(code="ecole-inclusive").name == "École inclusive"
    assert Programme.objects.filter(code="PAF").exists()
    assert services.catalog_reference_load() == 0  # idempotent


def test_atelier_manager_writes_submits_and_the_committee_publishes(net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(actor=manager, data=offer_data(), atelier=net.x1)
    assert (offer.status, offer.version, offer.territory, offer.academie) == (
        Status.DRAFT,
        1,
        net.t1,
        net.a1,
    )
    assert not CatalogEntry.objects.exists()

    services.offer_submit(actor=manager, offer=offer)
    offer = services.offer_review(actor=reviewer(), offer=offer, decision=Decision.ACCEPT)

    assert offer.status == Status.PUBLISHED
    assert offer.published_version.number == 1
    assert offer.first_published_at and offer.public_updated_at
    assert CatalogEntry.objects.get().title == offer.title
    kinds = list(offer.events.order_by("id").values_list("kind", flat=True))
    assert kinds == ["created", "submitted", "accepted"]
    assert AuditEvent.objects.filter(action="offer.accepted", target_id=str(offer.pk)).exists()


def test_submission_names_the_missing_qualiopi_fields(net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(
        actor=manager, data={"title": "Brouillon", "themes": []}, atelier=net.x1
    )
    with pytest.raises(ValidationError) as err:
        services.offer_submit(actor=manager, offer=offer)
    message = " ".join(err.value.messages)
    assert "objectifs" in message and "référent handicap" in message
    offer.refresh_from_db()
    assert offer.status == Status.DRAFT


def test_commercial_offer_needs_a_price_and_free_offer_has_none(net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(
        actor=manager, data=offer_data(price_model="commercial"), atelier=net.x1
    )
    with pytest.raises(ValidationError, match="prix"):
        services.offer_submit(actor=manager, offer=offer)
    with pytest.raises(ValidationError) as err:
        services.offer_update(actor=manager, offer=offer, data={"price_model": "free", "price": 5})
    assert "price" in err.value.message_dict
    offer.refresh_from_db()
    assert offer.price_model == "commercial" and offer.version == 1


def test_bad_input_names_the_field_and_changes_nothing(net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    for bad in ({"themes": ["cuisine"]}, {"audiences": ["martians"]}, {"colour": "red"}):
        with pytest.raises(ValidationError):
            services.offer_create(actor=manager, data=offer_data(**bad), atelier=net.x1)
    assert not Offer.objects.exists()


def test_only_roles_covering_the_owner_may_edit(net):
    offer = published_offer(atelier=net.x1)
    for outsider in (
        user_with_role(Role.ATELIER_MANAGER, atelier=net.x2),
        user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t2),
        user_with_role(Role.TRAINER, atelier=net.x1),
        user_with_role(),
    ):
        with pytest.raises(PermissionDenied):
            services.offer_update(actor=outsider, offer=offer, data={"title": "Piraté"})
    director = user_with_role(Role.TERRITORIAL_DIRECTOR, territory=net.t1)
    services.offer_update(actor=director, offer=offer, data={"title": "Nouveau titre"})
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    with pytest.raises(PermissionDenied):
        services.offer_create(actor=manager, data=offer_data(), territory=net.t1)
    with pytest.raises(PermissionDenied):
        services.offer_review(actor=director, offer=offer, decision=Decision.ACCEPT)


def test_editing_a_published_offer_goes_back_to_review_but_stays_live(net):
    offer = published_offer(atelier=net.x1, title="Titre publié")
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_update(actor=manager, offer=offer, data={"title": "Titre révisé"})

    assert offer.status == Status.SUBMITTED
    assert offer.published_version.content["title"] == "Titre publié"
    assert CatalogEntry.objects.get().title == "Titre publié"
    version = offer.versions.get(number=2)
    assert version.changed_fields == ["title"] and version.author == manager

    services.offer_review(actor=reviewer(), offer=offer, decision=Decision.ACCEPT)
    assert CatalogEntry.objects.get().title == "Titre révisé"


def test_rejecting_a_revision_keeps_the_published_text(net):
    offer = published_offer(atelier=net.x1, title="Titre publié")
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    services.offer_update(actor=manager, offer=offer, data={"title": "Mauvaise idée"})
    offer = services.offer_review(
        actor=reviewer(), offer=offer, decision=Decision.REJECT, comment="Hors sujet."
    )
    offer.refresh_from_db()
    assert (offer.status, offer.title) == (Status.PUBLISHED, "Titre publié")
    assert CatalogEntry.objects.get().title == "Titre publié"


def test_minor_change_goes_live_and_waits_for_a_later_check(net):
    offer = published_offer(atelier=net.x1)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_update(
        actor=manager, offer=offer, data={"contact_phone": "03 80 00 00 00"}, minor=True
    )
    assert offer.status == Status.PUBLISHED and offer.minor_change_pending
    assert offer.published_version.content["contact_phone"] == "03 80 00 00 00"
    assert offer.published_version.minor

    with pytest.raises(ValidationError):
        services.offer_review(actor=reviewer(), offer=offer, decision=Decision.REJECT, comment="x")
    offer = services.offer_review(actor=reviewer(), offer=offer, decision=Decision.ACCEPT)
    assert not offer.minor_change_pending
    assert offer.events.first().kind == OfferEvent.Kind.MINOR_CHECKED


def test_request_changes_needs_a_comment_and_sends_back(net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(actor=manager, data=offer_data(), atelier=net.x1)
    services.offer_submit(actor=manager, offer=offer)
    with pytest.raises(ValidationError):
        services.offer_review(actor=reviewer(), offer=offer, decision=Decision.REQUEST_CHANGES)
    offer = services.offer_review(
        actor=reviewer(), offer=offer, decision=Decision.REQUEST_CHANGES, comment="Précisez."
    )
    assert offer.status == Status.CHANGES_REQUESTED
    assert offer.events.first().comment == "Précisez."
    services.offer_update(actor=manager, offer=offer, data={"duration_hours": Decimal("6")})
    assert services.offer_submit(actor=manager, offer=offer).status == Status.SUBMITTED


def test_unchanged_save_makes_no_version(net):
    offer = published_offer(atelier=net.x1)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_update(actor=manager, offer=offer, data={"title": offer.title})
    assert (offer.version, offer.status) == (1, Status.PUBLISHED)


def test_archive_and_restore(net):
    offer = published_offer(atelier=net.x1)
    offer = services.offer_archive(actor=reviewer(), offer=offer)
    assert not CatalogEntry.objects.exists()
    with pytest.raises(ValidationError):
        services.offer_update(actor=reviewer(), offer=offer, data={"title": "x"})
    offer = services.offer_restore(actor=reviewer(), offer=offer)
    assert offer.status == Status.DRAFT and offer.published_version is None
    assert not CatalogEntry.objects.exists()
    assert index_drift() == {k: set() for k in index_drift()}


def test_snapshots_are_stable_across_a_database_round_trip(net):
    offer = published_offer(atelier=net.x1, duration_hours="3", price_model="commercial", price=90)
    stored = Offer.objects.get(pk=offer.pk)
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    services.offer_update(actor=manager, offer=stored, data={"duration_hours": Decimal("3.0")})
    stored.refresh_from_db()
    assert stored.version == 1
    assert stored.published_version.content["duration_hours"] == "3.0"
    assert stored.published_version.content["price"] == "90.00"
