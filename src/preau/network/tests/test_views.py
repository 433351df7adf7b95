import pytest
from django.urls import reverse

from preau.accounts.roles import Role
from preau.core.models import AuditEvent
from preau.core.testing import user_with_role
from preau.network.services import network_load

pytestmark = pytest.mark.django_db


def test_network_page_lists_the_whole_network(client):
    network_load()
    body = client.get(reverse("network:index")).content.decode()
    assert (
        "11 directions territoriales et 5 directions académiques, "
        "29 académies, 100 départements et 101 Ateliers" in body
    )
    assert body.count('class="fr-tag"') == 101
    assert "Académie de Normandie" in body
    # The territorial directions come first; Corse and the overseas académies after.
    assert body.index("Auvergne") < body.index("Bretagne") < body.index("Corse")


def test_atelier_page_shows_address_and_place(client, net):
    net.x1.address = "12 avenue des Écoles"
    net.x1.email = "atelier.x1@example.org"
    net.x1.save()
    body = client.get(reverse("network:atelier", args=["x1"])).content.decode()
    assert "12 avenue des Écoles" in body and "atelier.x1@example.org" in body
    assert "Académie A1" in body and "Territoire Un" in body
    assert "Modifier les informations" not in body  # anonymous visitors cannot edit


def test_unknown_atelier_is_a_french_404(client, net):
    response = client.get(reverse("network:atelier", args=["nope"]))
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "place", "status"),
    [
        (Role.ATELIER_MANAGER, "x1", 200),
        (Role.ATELIER_MANAGER, "x2", 403),
        (Role.TERRITORIAL_DIRECTOR, "t1", 200),
        (Role.TERRITORIAL_DIRECTOR, "t2", 403),
        (Role.TRAINER, "x1", 403),
        (Role.NATIONAL_ADMIN, None, 200),
        (None, None, 403),
    ],
)
def test_only_roles_covering_the_atelier_may_edit(client, net, role, place, status):
    kind = {"x": "atelier", "t": "territory"}
    kwargs = {kind[place[0]]: getattr(net, place)} if place else {}
    client.force_login(user_with_role(role, **kwargs))
    assert client.get(reverse("network:atelier_edit", args=["x1"])).status_code == status


def test_edit_requires_login(client, net):
    response = client.get(reverse("network:atelier_edit", args=["x1"]))
    assert response.status_code == 302 and "/compte/connexion" in response["Location"]


def test_manager_edits_the_atelier_and_it_is_audited(client, net):
    manager = user_with_role(Role.ATELIER_MANAGER, atelier=net.x1)
    client.force_login(manager)
    form = {
        "name": "Atelier x1",
        "town": "Ville x1",
        "address": "1 place de la République",
        "postal_code": "01000",
        "email": "contact@example.org",
        "phone": "03 00 00 00 00",
        "opening_hours": "Du lundi au vendredi, 9 h – 17 h",
        "accessibility": "",
    }
    response = client.post(reverse("network:atelier_edit", args=["x1"]), form)
    assert response.status_code == 302
    net.x1.refresh_from_db()
    assert net.x1.address == "1 place de la République"
    event = AuditEvent.objects.get(action="atelier.update")
    assert event.actor == manager and "address" in event.data["fields"]


def test_invalid_edit_names_the_field_and_changes_nothing(client, net):
    client.force_login(user_with_role(Role.ATELIER_MANAGER, atelier=net.x1))
    response = client.post(
        reverse("network:atelier_edit", args=["x1"]),
        {"name": "Atelier x1", "town": "Ville x1", "email": "pas-un-email"},
    )
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in response.content.decode()
    net.x1.refresh_from_db()
    assert net.x1.email == ""
