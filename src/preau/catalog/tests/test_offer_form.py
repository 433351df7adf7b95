"""The offer form: sections, what Qualiopi still needs, contradictory choices."""

import pytest
from django.core.exceptions import ValidationError

from preau.accounts.roles import Role
from preau.catalog import services
from preau.catalog.models import Offer
from preau.catalog.testing import offer_data
from preau.core.testing import user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("choices", "named"),
    [
        ({"modality": "in_person", "format": "webinar"}, ("Présentiel", "Webinaire")),
        (
            {"modality": "distance", "format": "in_school"},
            ("Distanciel", "Formation en établissement"),
        ),
        ({"modality": "in_person", "rhythm": "asynchronous"}, ("Asynchrone", "Présentiel")),
        ({"modality": "distance", "format": "parcours"}, ("Synchrone", "Parcours d’autoformation")),
        (
            {"modality": "distance", "rhythm": "asynchronous", "format": "webinar"},
            ("Asynchrone", "Webinaire"),
        ),
    ],
)
def test_contradictory_choices_are_refused_naming_both(net, choices, named):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    with pytest.raises(ValidationError) as err:
        services.offer_create(actor=manager, data=offer_data(**choices), atelier=net.x1)
    message = " ".join(err.value.messages)
    assert all(f"« {name} »" in message for name in named), message
    assert "se contredisent" in message
    assert not Offer.objects.exists()


@pytest.mark.parametrize(
    "choices",
    [
        {"modality": "distance", "format": "webinar"},
        {"modality": "distance", "rhythm": "asynchronous", "format": "parcours"},
        {"modality": "hybrid", "format": "in_school"},
        {"modality": "comodal", "format": "conference"},
    ],
)
def test_coherent_choices_are_accepted(net, choices):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    services.offer_create(actor=manager, data=offer_data(**choices), atelier=net.x1)


def test_form_in_sections_lists_what_qualiopi_still_needs(client, net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    offer = services.offer_create(
        actor=manager, data={"title": "Brouillon", "summary": "Un résumé."}, atelier=net.x1
    )
    client.force_login(manager)
    page = client.get(f"/catalogue/gestion/{offer.pk}/modifier/").content.decode()
    for anchor in ("presentation", "public", "deroulement", "acces", "tarif", "certification"):
        assert f'href="#{anchor}"' in page and f'id="{anchor}"' in page
    missing = page[page.index('id="qualiopi-missing"') : page.index("Un brouillon peut être")]
    assert "champs exigés par Qualiopi sont vides" in missing
    assert 'href="#id_objectives"' in missing and 'href="#public"' in missing  # themes: a group
    assert "Résumé" not in missing

    response = client.post(
        f"/catalogue/gestion/{offer.pk}/modifier/",
        {**offer_data(modality="in_person", format="webinar"), "objectives": "Un objectif",
         "themes": ["humanites-numeriques-en-education"], "career_stage": "all",
         "level": "discovery", "rhythm": "synchronous", "price_model": "free"},
    )  # fmt: skip
    page = response.content.decode()
    assert "L’offre n’a pas été enregistrée" in page
    assert "« Présentiel » (modalité) et « Webinaire » (format) se contredisent" in page
    offer.refresh_from_db()
    assert offer.version == 1


def test_required_fields_say_so_in_their_hint(client, net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    client.force_login(manager)
    page = client.get("/catalogue/gestion/nouvelle/").content.decode()
    hint = page[page.index('id="id_summary_helptext"') :][:200]
    assert "Requis avant la relecture (Qualiopi, indicateur 1)." in hint
